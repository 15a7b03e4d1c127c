"""Extractive question answering over Chinese news articles."""

__version__ = "0.1.0"
