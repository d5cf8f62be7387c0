import textwrap

from .words import WORDS

print(textwrap.shorten(" ".join(WORDS), width=20))
