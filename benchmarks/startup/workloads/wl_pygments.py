# Workload 5: a real third-party app. Debian's Pygments highlights a ~300-line Python file
# (path in argv[2]) to HTML, written to stdout.
import sys

from pygments import highlight
from pygments.formatters import HtmlFormatter
from pygments.lexers import PythonLexer

with open(sys.argv[2], encoding="utf-8") as f:
    source = f.read()
sys.stdout.write(highlight(source, PythonLexer(), HtmlFormatter(linenos=True, full=True)))
