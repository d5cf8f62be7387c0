from importlib import resources

from .. import __name__ as _package


def load_stopwords():
    """The stop words shipped as package data in wordfreq/data/stopwords.txt."""
    text = resources.files(_package).joinpath("data/stopwords.txt").read_text(encoding="utf-8")
    return frozenset(line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#"))
