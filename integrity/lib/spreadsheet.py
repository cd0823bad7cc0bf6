"""Cells written to CSV/XLSX files that people open in a spreadsheet program."""

from __future__ import annotations

# A cell starting with one of these is a formula in Excel/WPS (OWASP "CSV injection").
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: str) -> str:
    """Prefix a would-be formula with an apostrophe so it is shown as text, never run."""
    if value and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value
