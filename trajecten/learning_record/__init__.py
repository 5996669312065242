"""The member's learning record: what they attended, its hours per year
and per theme, its certificates; on a page, as a PDF and as a CSV."""

from .record import Entry, Record, learning_record

__all__ = ["Entry", "Record", "learning_record"]
