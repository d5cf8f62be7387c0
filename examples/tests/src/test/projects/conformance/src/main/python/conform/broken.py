"""Fails while it is imported."""
VALUE = 1
raise ValueError("failed during import")
