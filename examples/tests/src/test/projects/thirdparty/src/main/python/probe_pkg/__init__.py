"""A package that exercises what importlib offers packed code."""
