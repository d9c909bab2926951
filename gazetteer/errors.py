"""The gazetteer's small exception family: every message says what was wrong and how to fix it."""

from __future__ import annotations

__all__ = ["GazetteerError", "SourceError", "UnknownPlaceError"]


class GazetteerError(ValueError):
    """Base class of the gazetteer's errors."""


class SourceError(GazetteerError):
    """A gazetteer source (GeoNames dump, alternate names, CSV) cannot be read."""


class UnknownPlaceError(GazetteerError, LookupError):
    """A name matches no place; ``suggestions`` holds the closest names the gazetteer has."""

    def __init__(self, name: str, suggestions: tuple[str, ...] = ()) -> None:
        self.name = name
        self.suggestions = suggestions
        hint = f" — did you mean {', '.join(suggestions)}?" if suggestions else ""
        super().__init__(f"Unknown place {name!r}{hint}")
