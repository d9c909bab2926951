"""Reports in, events out: see :func:`extract_events` and, for reading files, :func:`read_reports`."""

from __future__ import annotations

from .extractor import extract_events
from .reports import Report, clean_text, html_to_text, parse_date, read_reports, report_id

__all__ = [
    "Report",
    "clean_text",
    "extract_events",
    "html_to_text",
    "parse_date",
    "read_reports",
    "report_id",
]
