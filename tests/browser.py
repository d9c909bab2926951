"""Open a map file in headless chromium with every network request blocked, and record what happened."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

#: Installed before any page script runs: dialogs are counted, never shown.
HOOKS = """
window.__alerts = [];
for (const name of ["alert", "confirm", "prompt", "print"]) {
  window[name] = function (msg) { window.__alerts.push(name + ":" + String(msg)); };
}
"""


@dataclass
class PageRun:
    page: Any
    requests: list[str] = field(default_factory=list)
    blocked: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def js(self, expression: str) -> Any:
        return self.page.evaluate(expression)

    @property
    def map_name(self) -> str:
        return self.js("document.querySelector('.folium-map').id")

    def alerts(self) -> list[str]:
        return self.js("window.__alerts")


def open_map(browser: Any, path: Path, *, viewport: tuple[int, int] = (1200, 800)) -> PageRun:
    context = browser.new_context(viewport={"width": viewport[0], "height": viewport[1]})
    context.add_init_script(HOOKS)
    page = context.new_page()
    run = PageRun(page)
    own = path.resolve().as_uri()

    def route(r: Any) -> None:
        url = r.request.url
        if url == own:
            r.continue_()
        else:
            run.blocked.append(url)
            r.abort()

    page.route("**/*", route)
    page.on("request", lambda req: run.requests.append(req.url))
    page.on("console", lambda msg: run.errors.append(msg.text) if msg.type in ("error", "warning") else None)
    page.on("pageerror", lambda err: run.errors.append(str(err)))
    page.goto(own, wait_until="load")
    page.wait_for_function(
        "typeof L !== 'undefined' && document.querySelector('.leaflet-container') !== null"
    )
    return run


def layer_counts(run: PageRun) -> dict[str, int]:
    """Features drawn now per layer, by the layers' names in the layer control (0 when switched off)."""
    return run.js(f"frontline.counts(window[{run.map_name!r}])")
