"""The local asset cache: Leaflet, and world-atlas's Natural Earth countries,
from the npm registry, each at a pinned version and integrity hash.

Offline maps inline these files instead of linking CDN addresses; control measures territory against the
Natural Earth boundary (:func:`natural_earth_path`). No third-party JavaScript or data is committed to this
repository: ``frontline maps fetch-assets`` downloads each package's registry tarball (through pooch,
which keeps it only when it matches the integrity hash pinned here) and unpacks the files it needs (its
``dist/`` files; world-atlas's ``countries-10m.json``) into the cache.

The cache lives in ``$FRONTLINE_ASSETS_DIR`` when set, else in ``assets/`` under frontline's user cache
directory (the platform's, from platformdirs). The registry is ``$FRONTLINE_NPM_REGISTRY``, else
``$npm_config_registry``, else https://registry.npmjs.org.
"""

from __future__ import annotations

import base64
import json
import logging
import os
import shutil
import tarfile
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from ..errors import FrontlineError

__all__ = [
    "ASSETS",
    "LEAFLET_CSS",
    "LEAFLET_JS",
    "PACKAGES",
    "WORLD_ATLAS",
    "Asset",
    "AssetCacheError",
    "NpmPackage",
    "asset_for_url",
    "assets_dir",
    "cache_is_complete",
    "fetch_assets",
    "natural_earth_path",
    "read_asset",
    "read_package_file",
]

logger = logging.getLogger(__name__)

DEFAULT_REGISTRY = "https://registry.npmjs.org"


class AssetCacheError(FrontlineError):
    """The asset cache is missing, incomplete or could not be filled."""


@dataclass(frozen=True)
class NpmPackage:
    """One npm package at a pinned version; ``integrity`` is the registry's ``dist.integrity``; ``keep``
    is what of it the cache unpacks: folders (ending in ``/``) and files, by their path in the package."""

    name: str
    version: str
    integrity: str
    keep: tuple[str, ...] = ("dist/",)

    def keeps(self, path: str) -> bool:
        """Whether the cache unpacks the file at ``path`` (inside the package, e.g. ``dist/leaflet.js``)."""
        return any(path.startswith(k) if k.endswith("/") else path == k for k in self.keep)

    @property
    def key(self) -> str:
        return f"{self.name}@{self.version}"

    @property
    def known_hash(self) -> str:
        """The integrity hash as pooch writes it: ``algorithm:hexdigest``."""
        algo, _, digest = self.integrity.partition("-")
        return f"{algo}:{base64.b64decode(digest).hex()}"

    def tarball_url(self, registry: str) -> str:
        base = self.name.rsplit("/", 1)[-1]
        return f"{registry.rstrip('/')}/{self.name}/-/{base}-{self.version}.tgz"


@dataclass(frozen=True)
class Asset:
    """A file folium links from a CDN, and where the same file sits in a pinned npm package."""

    url: str
    package: NpmPackage
    path: str  # inside the package, e.g. "dist/leaflet.js"


LEAFLET = NpmPackage(
    "leaflet",
    "1.9.3",
    "sha512-iB2cR9vAkDOu5l3HAay2obcUHZ7xwUBBjph8+PGtmW/2lYhbLizWtG7nTeYht36WfOslixQF9D/uSIzhZgGMfQ==",
)
#: Natural Earth's admin-0 countries at 1:10m (public domain) as TopoJSON, the boundary control measures
#: territory against (:func:`natural_earth_path`; read by ``frontline.control.natural_earth_boundary``).
WORLD_ATLAS = NpmPackage(
    "world-atlas",
    "2.0.2",
    "sha512-IXfV0qwlKXpckz1FhwXVwKRjiIhOnWttOskm5CtxMsjgE/MXAYRHWJqgXOpM8IkcPBoXnyTU5lFHcYa5ChG0LQ==",
    keep=("countries-10m.json", "LICENSE"),
)
PACKAGES: tuple[NpmPackage, ...] = (LEAFLET, WORLD_ATLAS)


def _cdn(package: NpmPackage, path: str) -> Asset:
    """The file on the jsDelivr CDN, which serves npm packages by name, version and path."""
    return Asset(f"https://cdn.jsdelivr.net/npm/{package.key}/{path}", package, path)


#: The CDN addresses of the files our maps use: the ones folium 0.20 writes. Online maps link them;
#: offline maps inline the same files from the cache. (Leaflet.markercluster was used for maps of many
#: events, then dropped: it takes some 4 s to load 200,000 and cannot meet 1,000,000 in 5 s; the map now
#: draws every event on one canvas and counts dense views in screen cells, frontline.js.)
#: Everything else on an offline map (layers, legend, time slider, measuring tool) is our own code.
LEAFLET_JS = _cdn(LEAFLET, "dist/leaflet.js")
LEAFLET_CSS = _cdn(LEAFLET, "dist/leaflet.css")
ASSETS: tuple[Asset, ...] = (LEAFLET_JS, LEAFLET_CSS)

_BY_URL = {a.url: a for a in ASSETS}
_MARKER = ".complete.json"
FETCH_HINT = "run `frontline maps fetch-assets` (needs the npm registry once), then try again"


def assets_dir() -> Path:
    """Where the asset cache lives (see the module docstring)."""
    env = os.environ.get("FRONTLINE_ASSETS_DIR")
    if env:
        return Path(env).expanduser()
    import platformdirs

    return Path(platformdirs.user_cache_dir("frontline", appauthor=False)) / "assets"


def asset_for_url(url: str) -> Asset | None:
    """The cached asset standing in for a CDN address, or None when there is none."""
    return _BY_URL.get(url)


def _package_dir(package: NpmPackage, root: Path) -> Path:
    return root / package.key.replace("/", "__")


def cache_is_complete(root: Path | None = None) -> bool:
    """True when every pinned package is unpacked in the cache."""
    root = assets_dir() if root is None else root
    return all((_package_dir(p, root) / _MARKER).is_file() for p in PACKAGES)


def read_asset(asset: Asset, *, root: Path | None = None) -> bytes:
    """The bytes of one cached file; raises AssetCacheError with the fix when the cache lacks it."""
    return read_package_file(asset.package, asset.path, root=root)


def read_package_file(package: NpmPackage, path: str, *, root: Path | None = None) -> bytes:
    """A file of a cached package, by its path inside the package (``dist/images/layers.png``)."""
    root = assets_dir() if root is None else root
    pdir = _package_dir(package, root)
    if not (pdir / _MARKER).is_file():
        msg = f"the offline asset cache has no {package.key} (looked in {root}) — {FETCH_HINT}"
        raise AssetCacheError(msg)
    rel = PurePosixPath(path)
    if rel.is_absolute() or ".." in rel.parts:
        msg = f"asset path {path!r} leaves its package"
        raise AssetCacheError(msg)
    file = pdir / rel
    if not file.is_file():
        msg = f"the asset cache lacks {package.key}/{path} (in {root}) — {FETCH_HINT}"
        raise AssetCacheError(msg)
    return file.read_bytes()


def natural_earth_path(*, root: Path | None = None) -> Path | None:
    """world-atlas's ``countries-10m.json`` (Natural Earth 1:10m countries) in the cache, or None when the
    cache does not hold it yet (``frontline maps fetch-assets`` fetches it with Leaflet)."""
    root = assets_dir() if root is None else root
    pdir = _package_dir(WORLD_ATLAS, root)
    path = pdir / "countries-10m.json"
    return path if (pdir / _MARKER).is_file() and path.is_file() else None


def _registry() -> str:
    npm = os.environ.get("npm_config_registry")  # noqa: SIM112 — npm spells it in lower case
    return os.environ.get("FRONTLINE_NPM_REGISTRY") or npm or DEFAULT_REGISTRY


def _root_cause(err: BaseException) -> BaseException:
    """The innermost error: requests wraps "[Errno 111] Connection refused" in three layers."""
    while (inner := err.__cause__ or err.__context__) is not None:
        err = inner
    return err


def _download(url: str, package: NpmPackage, folder: Path, *, timeout_s: float) -> Path:
    """The package's tarball, in ``folder`` only once it matches its pinned integrity hash."""
    import pooch
    import requests

    pooch.get_logger().setLevel(logging.WARNING)  # its INFO lines would reach the user's terminal
    http = pooch.HTTPDownloader(timeout=timeout_s)
    try:
        path = pooch.retrieve(url, package.known_hash, fname="package.tgz", path=folder, downloader=http)
    except ValueError as err:  # pooch's word for a hash that does not match
        msg = (
            f"{package.key}: the downloaded tarball does not match its pinned integrity hash "
            f"({package.integrity[:24]}…) — the registry or a proxy served something else; not installed"
        )
        raise AssetCacheError(msg) from err
    except (requests.RequestException, OSError) as err:
        msg = (
            f"could not download {url}: {_root_cause(err)} — check the connection to the npm registry "
            f"({_registry()})"
        )
        raise AssetCacheError(msg) from err
    return Path(path)


def _unpack(tarball: Path, package: NpmPackage, dest: Path) -> int:
    """Write the package's regular files that it ``keep``s under ``dest``; returns how many.

    Our own step rather than pooch's Untar: npm puts everything under one top folder (usually
    "package/") that the cache leaves out, and only ``dist/`` (or the files named) is needed.
    """
    count = 0
    with tarfile.open(tarball, mode="r:gz") as tar:
        for member in tar.getmembers():
            parts = PurePosixPath(member.name).parts
            inside = "/".join(parts[1:])
            if len(parts) < 2 or not member.isfile() or ".." in parts or not package.keeps(inside):
                continue
            target = dest.joinpath(*parts[1:])
            target.parent.mkdir(parents=True, exist_ok=True)
            fh = tar.extractfile(member)
            if fh is None:
                continue
            target.write_bytes(fh.read())  # into a staging folder, renamed whole once complete
            count += 1
    if count == 0:
        msg = f"{package.key}: the tarball has none of {', '.join(package.keep)} — not installed"
        raise AssetCacheError(msg)
    return count


def fetch_assets(
    *,
    root: Path | None = None,
    force: bool = False,
    timeout_s: float = 60.0,
    progress: Callable[[str], None] | None = None,
) -> list[Path]:
    """Download the pinned npm packages into the asset cache; returns the package folders.

    Packages already in the cache are kept unless ``force``. Each tarball is checked against its pinned
    integrity hash before anything is unpacked; a package is unpacked into a temporary folder and moved
    into place whole, so an interrupted fetch leaves no half-filled package behind.
    """
    root = assets_dir() if root is None else root
    root.mkdir(parents=True, exist_ok=True)
    registry = _registry()
    done = []
    for package in PACKAGES:
        pdir = _package_dir(package, root)
        if (pdir / _MARKER).is_file() and not force:
            done.append(pdir)
            continue
        url = package.tarball_url(registry)
        if progress is not None:
            progress(f"Downloading {package.key}")
        logger.info("downloading %s", url)
        tmp = Path(tempfile.mkdtemp(prefix=".fetch-", dir=root))
        try:
            unpacked = tmp / "package"
            count = _unpack(_download(url, package, tmp, timeout_s=timeout_s), package, unpacked)
            meta = {"package": package.name, "version": package.version, "integrity": package.integrity}
            stamp = json.dumps({**meta, "files": count, "from": url})
            (unpacked / _MARKER).write_text(stamp, "utf-8")  # in the staging folder, moved whole below
            if pdir.exists():
                shutil.rmtree(pdir)
            unpacked.rename(pdir)
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
        done.append(pdir)
    return done
