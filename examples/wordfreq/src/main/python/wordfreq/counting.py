from collections import Counter

from .text.tokenize import words


def most_common(texts, top, ignored):
    """The `top` most frequent words across texts, ties broken alphabetically."""
    counts = Counter(word for text in texts for word in words(text) if word not in ignored)
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:top]
