"""Folium elements that hand JSON data to our own Leaflet code (``static/frontline.js``).

Data reach the page only as JSON literals escaped for a ``<script>`` block: ``<``, ``>``, ``&`` and the
line separators U+2028/U+2029 become ``\\uXXXX`` escapes, so no text from a report can close the script,
open a comment or end a JavaScript string. A ``{`` before ``{``, ``%`` or ``#`` is escaped too: branca
renders each element's script output a second time as a Jinja template, and ``{{ … }}`` in a report's
text would otherwise run there, in Python. The JavaScript side then builds every popup, tooltip and label
with ``textContent``; nothing from the data is ever parsed as HTML.
"""

from __future__ import annotations

import json
import math
import re
from functools import cache
from importlib import resources
from typing import Any

from branca.element import CssLink, Element, Figure, JavascriptLink, MacroElement
from folium.map import Layer
from jinja2 import Template

__all__ = ["DataLayer", "Library", "MapControl", "script_json"]

_ESCAPES = {
    "<": "\\u003c",
    ">": "\\u003e",
    "&": "\\u0026",
    "\u2028": "\\u2028",
    "\u2029": "\\u2029",
}
_ESCAPE_TABLE = str.maketrans(_ESCAPES)
# Outside strings JSON never has "{{", "{%" or "{#" (an object's first token is a string or "}").
_JINJA_OPEN = re.compile(r"\{(?=[{%#])")


def _clean(obj: Any) -> Any:
    """NaN and infinities have no JSON form; they become null."""
    if isinstance(obj, float):
        return obj if math.isfinite(obj) else None
    if isinstance(obj, dict):
        return {str(k): _clean(v) for k, v in obj.items()}
    if isinstance(obj, list | tuple):
        return [_clean(v) for v in obj]
    return obj


def script_json(obj: Any, *, clean: bool = True) -> str:
    """``obj`` as a JSON literal that is safe to place inside an HTML ``<script>`` element.

    >>> script_json({"q": "</script><script>alert(1)</script>"})
    '{"q":"\\\\u003c/script\\\\u003e\\\\u003cscript\\\\u003ealert(1)\\\\u003c/script\\\\u003e"}'
    >>> script_json([float("nan"), None])
    '[null,null]'
    """
    text = json.dumps(
        _clean(obj) if clean else obj, ensure_ascii=False, separators=(",", ":"), allow_nan=False
    )
    return _JINJA_OPEN.sub(r"\\u007b", text.translate(_ESCAPE_TABLE))


@cache
def _static(name: str) -> str:
    text = resources.files("frontline.maps").joinpath("static", name).read_text(encoding="utf-8")
    if "</script" in text.lower() or "</style" in text.lower():
        msg = f"static/{name} must not contain '</script' or '</style'"
        raise RuntimeError(msg)
    return text


class _Raw(Element):
    """Text placed in the page as it is — unlike branca's Element, never rendered as a template."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text

    def render(self, **kwargs: Any) -> str:
        return self.text


class Library(MacroElement):
    """Our own JavaScript and CSS, placed in the page head after Leaflet's links."""

    _template = Template("")

    def render(self, **kwargs: Any) -> None:  # type: ignore[override]
        figure = self.get_root()
        if isinstance(figure, Figure):
            figure.header.add_child(_Raw(f"<style>{_static('frontline.css')}</style>"), name="frontline_css")
            figure.header.add_child(_Raw(f"<script>{_static('frontline.js')}</script>"), name="frontline_js")
        super().render(**kwargs)


def _parent_name(element: Element) -> str:
    if element._parent is None:
        msg = "add the element to a folium Map before rendering it"
        raise TypeError(msg)
    return element._parent.get_name()


def _render_raw(element: MacroElement, script: str) -> None:
    """Like MacroElement.render, but the script goes in as it is: branca would compile it as a Jinja
    template again, which takes seconds for megabytes of data (and would evaluate ``{{ }}`` in it)."""
    figure = element.get_root()
    if not isinstance(figure, Figure):
        msg = "a frontline element must be rendered inside a folium Map"
        raise TypeError(msg)
    figure.script.add_child(_Raw(script), name=element.get_name())
    for child in list(element._children.values()):
        child.render()


class DataLayer(Layer):
    """A toggleable layer made by one ``frontline.<factory>(map, data)`` call, registered by name.

    ``needs`` are the addresses of the JavaScript and CSS files the factory uses besides Leaflet; they are
    linked in the page head, like Leaflet itself (and inlined with it on offline maps).
    """

    def __init__(
        self,
        factory: str,
        data: Any,
        *,
        name: str,
        show: bool = True,
        clean: bool = True,
        needs: tuple[str, ...] = (),
    ) -> None:
        super().__init__(name=name, overlay=True, control=True, show=show)
        self._name = "FrontlineLayer"
        self.factory = factory
        self.data = data
        self.payload = script_json(data, clean=clean)
        self.name_json = script_json(name)
        self.needs = needs

    def render(self, **kwargs: Any) -> None:  # type: ignore[override]
        figure = self.get_root()
        if isinstance(figure, Figure):
            for url in self.needs:
                link = JavascriptLink(url) if url.endswith(".js") else CssLink(url)
                figure.header.add_child(link, name=url)
        var, parent = self.get_name(), _parent_name(self)
        script = (
            f"var {var} = frontline.{self.factory}({parent}, {self.payload});\n"
            f"frontline.layers[{self.name_json}] = {var};\n"
        )
        if self.show:
            script += f"{var}.addTo({parent});\n"
        _render_raw(self, script)


class MapControl(MacroElement):
    """A legend, title or note: ``frontline.<factory>(map, data...)`` with JSON arguments."""

    def __init__(self, factory: str, *args: Any) -> None:
        super().__init__()
        self._name = "FrontlineControl"
        self.factory = factory
        self.args = [script_json(a) for a in args]

    def render(self, **kwargs: Any) -> None:  # type: ignore[override]
        call = ", ".join([_parent_name(self), *self.args])
        _render_raw(self, f"frontline.{self.factory}({call});\n")
