"""Offline gazetteer for war reporting: every common spelling of a Ukrainian or Russian place name,
in English or Cyrillic, resolved to the right GeoNames place.

>>> from gazetteer import Gazetteer
>>> gaz = Gazetteer.open()
>>> [(m.text, m.place.name) for m in gaz.find_mentions("Fighting near Izyum and Lyman.")]
[('Izyum', 'Izium'), ('Lyman', 'Lyman')]
"""

from __future__ import annotations

from .core import Gazetteer, default_gazetteer
from .errors import GazetteerError, SourceError, UnknownPlaceError
from .names import fold, phonetic
from .records import FEATURE_CLASSES, Candidate, Mention, Place
from .tables import ua_admin1_table
from .theatre import Theatre, TheatreLine, embedded_theatre

__all__ = [
    "FEATURE_CLASSES",
    "Candidate",
    "Gazetteer",
    "GazetteerError",
    "Mention",
    "Place",
    "SourceError",
    "Theatre",
    "TheatreLine",
    "UnknownPlaceError",
    "default_gazetteer",
    "embedded_theatre",
    "find_mentions",
    "fold",
    "phonetic",
    "resolve",
    "ua_admin1_table",
]


def find_mentions(text: str) -> list[Mention]:
    """Place names in ``text``, resolved with the default gazetteer (see :meth:`Gazetteer.find_mentions`)."""
    return default_gazetteer().find_mentions(text)


def resolve(name: str, *, context: str | None = None) -> list[Candidate]:
    """Candidates for ``name`` with the default gazetteer (see :meth:`Gazetteer.resolve`)."""
    return default_gazetteer().resolve(name, context=context)
