import re

_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")


def words(text):
    """Lower-cased words of a text; apostrophes inside words are kept."""
    return [match.group(0).lower().replace("’", "'") for match in _WORD.finditer(text)]
