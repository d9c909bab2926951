"""The network's errors; each says what was wrong and how to fix it (the CLI prints one line, exit 2)."""

from __future__ import annotations

from ..errors import InputError

__all__ = ["NetworkFileError", "OSMImportError", "UnknownHubError"]


class UnknownHubError(InputError, LookupError):
    """A hub or place is not in the network; ``suggestions`` holds the closest names it does have."""

    def __init__(self, name: str, suggestions: tuple[str, ...] = (), *, why: str = "") -> None:
        self.name = name
        self.suggestions = suggestions
        hint = f" — nearest names in the network: {', '.join(suggestions)}" if suggestions else ""
        super().__init__(f"{name!r} is not in the network{why}{hint}")


class OSMImportError(InputError):
    """An OSM extract cannot be read or holds no roads or railways."""


class NetworkFileError(InputError):
    """A network file (GeoPackage or GraphML) cannot be read as a network."""
