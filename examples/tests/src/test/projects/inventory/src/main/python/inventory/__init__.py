"""A tiny stock-keeping tool."""

__version__ = "2.3.1"
