"""frontline — OSINT tooling for war reporting: geocoding (see the ``gazetteer`` package), events,
supply networks, territorial control and maps, offline."""

from __future__ import annotations

__all__ = ["__version__"]

__version__ = "0.1.0"
