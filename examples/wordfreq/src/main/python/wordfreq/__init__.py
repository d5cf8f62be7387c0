"""Counts the most frequent words in text files."""

__version__ = "1.0"
