"""Text handling: tokenizing and stop words."""
