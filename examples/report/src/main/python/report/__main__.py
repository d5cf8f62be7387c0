import sys

from report.cli import main

sys.exit(main(sys.argv[1:]))
