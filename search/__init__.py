"""The search page and its two backends."""
