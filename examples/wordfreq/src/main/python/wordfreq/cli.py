"""Command line: wordfreq [-n N] [--keep-stopwords] FILE..."""

import argparse
import sys

from . import __version__
from .counting import most_common
from .text.stopwords import load_stopwords


def parse_args(argv):
    parser = argparse.ArgumentParser(prog="wordfreq", description="Print the most frequent words of the given files.")
    parser.add_argument("files", nargs="+", metavar="FILE", help="text files to read (UTF-8)")
    parser.add_argument("-n", "--top", type=int, default=10, help="how many words to print (default: 10)")
    parser.add_argument("--keep-stopwords", action="store_true", help="count common English words too")
    parser.add_argument("--version", action="version", version=f"wordfreq {__version__}")
    args = parser.parse_args(argv)
    if args.top < 1:
        parser.error("--top must be at least 1")
    return args


def main(argv=None):
    args = parse_args(sys.argv[1:] if argv is None else argv)
    texts = []
    for name in args.files:
        try:
            with open(name, encoding="utf-8") as f:
                texts.append(f.read())
        except OSError as error:
            print(f"wordfreq: cannot read {name}: {error.strerror}", file=sys.stderr)
            return 1
    ignored = frozenset() if args.keep_stopwords else load_stopwords()
    for word, count in most_common(texts, args.top, ignored):
        print(f"{count:7d} {word}")
    return 0
