"""The gazetteer as callers use it: resolve a name, find the places a text mentions.

>>> gaz = Gazetteer.open()
>>> gaz.resolve("Kupyansk")[0].place.name
'Kupiansk'
>>> [m.place.name for m in gaz.find_mentions("Бої тривають під Ізюмом.")]
['Izium']
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator, Sequence
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Literal

from .cache import default_sources, open_index
from .errors import UnknownPlaceError
from .index import FOCUS_COUNTRIES, PlaceIndex, Progress
from .mentions import NameMemo, Span, _Finder, find_spans, text_chunks
from .names import fold
from .points import between_location, coordinates_in, offset_location
from .records import Candidate, Mention, Place
from .resolution import _ANCHOR_PROBABILITY, Scorer, _Context, best_location, resolve_spans, span_contexts
from .respelling import RespellMemo, respell
from .sources import Source
from .theatre import Theatre, embedded_theatre
from .vocabulary import designator_after, find_area_cues

__all__ = ["Gazetteer", "default_gazetteer"]

log = logging.getLogger(__name__)

_SUGGEST_MIN_POPULATION = 50_000


class Gazetteer:
    """Place lookup over one built index (see :meth:`open`)."""

    def __init__(
        self,
        index: PlaceIndex,
        *,
        theatre: Theatre | Literal["embedded"] | None = "embedded",
        sources: Sequence[Source] = (),
    ) -> None:
        self.index = index
        self.sources = tuple(sources)  # the files the index was opened for, when known (see info)
        self.theatre = embedded_theatre() if theatre == "embedded" else theatre
        self._suggest_names: tuple[list[str], list[int]] | None = None
        self._memo = NameMemo()
        self._respelled = RespellMemo()
        self._scorer = Scorer(index, self.theatre)

    @classmethod
    def open(
        cls,
        paths: Sequence[str | Path] | None = None,
        *,
        progress: Progress | None = None,
        theatre: Theatre | Literal["embedded"] | None = "embedded",
        installed: bool = True,
    ) -> Gazetteer:
        """The embedded cities500 plus ``paths`` (GeoNames dumps, alternate names, CSV) or, when none
        are given, plus the sources installed with ``frontline gazetteer import`` (``installed=False``:
        the embedded cities500 alone).

        ``theatre`` is where the war is fought, to choose among namesakes (see ``theatre.py``): the
        embedded one by default, one of the caller's, or None for none.
        """
        sources = default_sources(list(paths) if paths else None, installed=installed)
        return cls(open_index(sources, progress=progress), theatre=theatre, sources=sources)

    # -- single names ------------------------------------------------------------------------

    def place(self, geonameid: int) -> Place | None:
        return self.index.place(geonameid)

    def iter_places(self, *, country_code: str, feature_class: str = "P") -> Iterator[Place]:
        """Every place of ``country_code`` in ``feature_class`` (default ``"P"``: every settlement)."""
        return self.index.iter_places(country_code=country_code, feature_class=feature_class)

    def resolve(
        self,
        name: str,
        *,
        context: str | None = None,
        feature_classes: Iterable[str] | None = None,
        limit: int = 10,
        on: date | None = None,
    ) -> list[Candidate]:
        """Places ``name`` may refer to, best first, each with a score (0–1); empty when unknown.

        ``name`` may carry a designator or an oblast ("Donetsk Oblast", "Lyman, Donetsk Oblast") or be
        a GeoNames id. ``context`` is text around the name (the report it comes from): oblasts and
        places named there steer the choice. ``feature_classes`` keeps only those GeoNames classes
        (e.g. ``{"P"}`` for settlements). ``on`` is the day of the report, for the theatre.
        """
        name = (name or "").strip()
        if not name:
            return []
        self._scorer.new_text(on)
        if name.isdecimal():  # a GeoNames id; longer than any (2**31) when over 18 digits
            place = self.index.place(int(name)) if len(name) <= 18 else None
            return [Candidate(place, 1.0, "geonameid")] if place else []
        found = self._span(name, on)
        if found is None:
            return []
        span, own = found
        ctx = self._context_of(span, context, own) if context else own
        ranked, _ = self._scorer.rank(span, ctx)
        if feature_classes is not None:
            classes = set(feature_classes)
            ranked = [c for c in ranked if c.place.feature_class in classes]
            total = sum(c.score for c in ranked) or 1.0
            ranked = [Candidate(c.place, c.score / total, c.match) for c in ranked]
        return ranked[:limit]

    def _span(self, name: str, on: date | None) -> tuple[Span, _Context | None] | None:
        """The name as one span; or, for a description ("Lyman, Donetsk Oblast", "near Stepanivka
        village, Shakhtarskyi district"), the span of the place it locates and what the rest says."""
        finder = _Finder(self.index, name, self._memo)
        key = fold(name)
        words = name.split()
        designator, _, _ = designator_after(" " + words[-1]) if len(words) > 1 else (None, 0, False)
        if designator is not None and designator != "direction":
            key = fold(" ".join(words[:-1]))
        hits = finder.candidates(key, designator=designator)
        if hits:
            return Span(0, len(name), name, key, hits, qualifier=designator), None
        spans = self._find_spans(name)
        if not spans:
            return None
        contexts = span_contexts(name, spans, self._scorer)
        location = best_location(resolve_spans(name, spans, self.index, scorer=self._scorer, on=on))
        where = next((i for i, s in enumerate(spans) if location and s.start == location.start), 0)
        return spans[where], contexts[where]

    def _context_of(self, span: Span, context: str, own: _Context | None) -> _Context:
        spans = self._find_spans(context)
        # the name itself in its context ("Lyman in Kharkiv Oblast"): what the text says of it there
        for found, ctx in zip(spans, span_contexts(context, spans, self._scorer), strict=True):
            if found.key == span.key:
                return ctx
        areas: set[tuple[str, str]] = set()
        anchors: list[tuple[int, float, float]] = list(own.anchors) if own else []
        for other in spans:
            ranked, _ = self._scorer.rank(other)
            if not ranked or other.key == span.key:
                continue
            top = ranked[0]
            if other.qualifier == "oblast" and top.place.feature_code == "ADM1":
                areas.add((top.place.country_code, top.place.admin1_code))
            elif (
                top.score >= _ANCHOR_PROBABILITY
                and top.place.feature_class in "PS"
                and top.place.geonameid not in span.hits
            ):
                anchors.append((top.place.geonameid, top.place.latitude, top.place.longitude))
        strong = own.admin_strong if own else frozenset()
        return _Context(tuple(anchors), strong, frozenset() if strong else frozenset(areas))

    def suggest(self, name: str, *, limit: int = 5) -> list[Place]:
        """Known places whose names are closest to ``name`` (for "did you mean …?")."""
        from rapidfuzz import fuzz, process

        if self._suggest_names is None:
            keys: list[str] = []
            ids: list[int] = []
            for key, gid in self.index.iter_names(
                min_population=_SUGGEST_MIN_POPULATION, countries=FOCUS_COUNTRIES
            ):
                keys.append(key)
                ids.append(gid)
            self._suggest_names = (keys, ids)
        keys, ids = self._suggest_names
        query = fold(name)
        if not query:
            return []
        similarity: dict[int, float] = {}
        for _, score, i in process.extract(query, keys, scorer=fuzz.ratio, limit=limit * 8, score_cutoff=60):
            similarity[ids[i]] = max(similarity.get(ids[i], 0.0), score)
        places = self.index.places(similarity)
        # closest spelling first; among equally close names, the better-known place
        ranked = sorted(places.values(), key=lambda p: (-round(similarity[p.geonameid]), -p.name_count))
        return ranked[:limit]

    def unknown(self, name: str) -> UnknownPlaceError:
        """The error for a name that matches nothing, with suggestions."""
        hints = tuple(_describe(p) for p in self.suggest(name, limit=3))
        return UnknownPlaceError(name, hints)

    # -- text ------------------------------------------------------------------------------------

    def find_mentions(self, text: str, *, on: date | None = None, alternatives: bool = True) -> list[Mention]:
        """Place names in ``text``, resolved, in order of appearance; ``on`` is the day the text
        reports on (None: unknown), which tells the theatre which front lines held. Without
        ``alternatives`` the mentions carry no runners-up (``Mention.alternatives`` is empty), and
        finding them costs less.

        Long texts are read in pieces of about 60,000 characters (split at paragraph or sentence
        ends), each resolved with its own context, so memory stays bounded.
        """
        if not text or text.isspace():
            return []
        out: list[Mention] = []
        for offset, chunk in text_chunks(text):
            spans = self._find_spans(chunk)
            out.extend(
                resolve_spans(
                    chunk,
                    spans,
                    self.index,
                    offset=offset,
                    scorer=self._scorer,
                    on=on,
                    alternatives=alternatives,
                )
            )
        return out

    def _find_spans(self, text: str) -> list[Span]:
        """The place names of ``text`` before resolution: found (``mentions.py``), then those spelt
        unlike any key looked for in the oblasts named beside them (``respelling.py``)."""
        return respell(text, find_spans(text, self.index, memo=self._memo), self.index, self._respelled)

    def locate(self, mentions: Iterable[Mention], *, text: str | None = None) -> Mention | None:
        """The single most likely event location among ``mentions``, or None.

        With ``text`` (the text they were found in), a point the text gives itself is finer than any
        place (:mod:`gazetteer.points`): the first coordinates written in it ("46.6154, 32.9072"),
        else the middle of two places when the chosen one is one of them ("between Krynky and
        Pishchane"), else a distance and bearing from the chosen place ("13 km east of Oleshky"); and
        when no place was found, the oblast of the one self-proclaimed republic it names ("the
        territory of the DPR").
        """
        if not text:
            return best_location(mentions)
        mentions = list(mentions)
        # the oblasts of the republics named count only beside an oblast named (see best_location)
        oblast_named = any(m.place is not None and m.place.feature_code == "ADM1" for m in mentions)
        found = best_location(mentions, areas=self._cue_areas(text) if oblast_named else ())
        given = coordinates_in(text)
        if given:
            return given[0]
        if found is None:
            return self._republic(text)
        pair = between_location(text, mentions)
        if pair is not None and pair.start <= found.start < pair.end:
            return pair  # the event's place is one of the two it happened between
        return offset_location(text, found) or found

    def _cues(self, text: str) -> list[Span]:
        """The area cues of ``text`` that name one oblast each ("the LPR"; never mentions)."""
        if next(find_area_cues(text), None) is None:  # most texts: no finder needed
            return []
        return [s for s in _Finder(self.index, text, self._memo).area_cues() if len(s.hits) == 1]

    def _cue_areas(self, text: str) -> list[Place]:
        """The oblasts of the republics ``text`` names."""
        return [p for s in self._cues(text) if (p := self.index.place(next(iter(s.hits))))]

    def _republic(self, text: str) -> Mention | None:
        """The oblast of the one republic a text names (an area cue, never a mention of its own)."""
        cues = self._cues(text)
        if len({next(iter(s.hits)) for s in cues}) != 1:
            return None
        span = cues[0]
        place = self.index.place(next(iter(span.hits)))
        return Mention(span.text, span.start, span.end, place, 1.0, (), "oblast") if place else None

    def info(self) -> dict[str, object]:
        meta = self.index.meta()
        return {
            "index": str(self.index.path),
            # The files in use now; the index records those it was built from, which for an imported
            # dump is where it was imported from, not the installed copy.
            "sources": [[s.kind, str(s.path)] for s in self.sources]
            or [line.split("\t", 1) for line in meta.get("sources", "").splitlines()],
            "places": self.index.count(),
            "places_ukraine": self.index.count(country_code="UA"),
            "populated_places_ukraine": self.index.count(country_code="UA", feature_class="P"),
            "keys": int(meta.get("count_keys", 0)),
            "built_seconds": float(meta.get("built_seconds", 0)),
        }


def _describe(place: Place) -> str:
    where = f"{place.admin1}, " if place.admin1 and not place.admin1.isdigit() else ""
    return f"{place.name} ({where}{place.country_code}, geonameid {place.geonameid})"


@lru_cache(maxsize=1)
def default_gazetteer() -> Gazetteer:
    """The gazetteer of the default sources, opened once per process."""
    return Gazetteer.open()
