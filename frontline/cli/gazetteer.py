"""``frontline gazetteer import | download | remove | info``: the GeoNames data behind geocoding."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from ._console import console, progress_callback
from ._options import GazetteerOpt, JsonOpt, open_gazetteer

__all__ = ["app"]

app = typer.Typer(
    name="gazetteer", help="Install and inspect the GeoNames data behind geocoding.", no_args_is_help=True
)


@app.command("import")
def import_command(
    path: Annotated[
        Path, typer.Argument(help="GeoNames dump (CC.zip / CC.txt), alternateNamesV2.zip, or place CSV.")
    ],
) -> None:
    """Install a GeoNames dump so every later command uses it without flags."""
    from gazetteer.cache import install_source

    with progress_callback(f"Indexing {path.name}") as progress:
        source, index = install_source(path, progress=progress)
    meta = index.meta()
    console.print(
        f"Installed {source.path.name} ({source.kind}) → {source.path}\n"
        f"Index: {int(meta.get('count_places', 0)):,} places, {int(meta.get('count_keys', 0)):,} name keys "
        f"({index.path})"
    )


@app.command()
def download(
    country: Annotated[str, typer.Argument(help="Country code of the GeoNames dump, e.g. UA or RU.")],
    base_url: Annotated[
        str | None,
        typer.Option(help="Where to download from (default: GeoNames, or $FRONTLINE_GEONAMES_URL)."),
    ] = None,
    sha256: Annotated[str | None, typer.Option(help="Expected SHA-256 of the zip, if you know it.")] = None,
) -> None:
    """Download https://download.geonames.org/export/dump/CC.zip, check it and install it."""
    from gazetteer.cache import cache_dir, install_source
    from gazetteer.download import download_dump

    with progress_callback(f"Downloading {country.upper()}.zip", unit="bytes") as progress:
        path = download_dump(
            country, cache_dir() / "downloads", base_url=base_url, sha256=sha256, progress=progress
        )
    try:
        with progress_callback(f"Indexing {path.name}") as progress:
            source, index = install_source(path, progress=progress)
    finally:
        path.unlink(missing_ok=True)
    console.print(
        f"Installed {source.path.name} → {source.path} "
        f"({int(index.meta().get('count_places', 0)):,} places in the index)"
    )


@app.command()
def remove(
    name: Annotated[str, typer.Argument(help="File name of an installed source, e.g. UA.zip.")],
) -> None:
    """Uninstall a source installed with import or download."""
    from gazetteer.cache import remove_source

    console.print(f"Removed {remove_source(name)}")


@app.command()
def info(gazetteer: GazetteerOpt = None, as_json: JsonOpt = False) -> None:
    """What is loaded: sources, number of places, where the index lives."""
    from gazetteer.cache import cache_dir, data_dir

    info: dict[str, Any] = open_gazetteer(gazetteer).info()  # values of several types, shown as text
    info["data_dir"] = str(data_dir())
    info["cache_dir"] = str(cache_dir())
    if as_json:
        sys.stdout.write(json.dumps(info, ensure_ascii=False) + "\n")
        return
    console.print("Sources", style="bold")
    for kind, path in info["sources"]:
        console.print(f"  {kind:<16} {path}")
    console.print(
        f"Places {info['places']:,} (Ukraine {info['places_ukraine']:,}, of them populated places "
        f"{info['populated_places_ukraine']:,}); {info['keys']:,} name keys\n"
        f"Index {info['index']} (built in {info['built_seconds']} s)\n"
        f"Installed sources in {info['data_dir']}/gazetteer"
    )


alias_app = typer.Typer(
    name="alias", help="Local names GeoNames lacks, given to the places they name.", no_args_is_help=True
)
app.add_typer(alias_app)


@alias_app.command("add")
def alias_add(
    alias: Annotated[str, typer.Argument(help="The local name, e.g. Работино.")],
    place: Annotated[str, typer.Argument(help="The place it names: a GeoNames id or a name.")],
    gazetteer: GazetteerOpt = None,
) -> None:
    """Give a place one more name; every later command finds it under that name."""
    from ..aliases import add_aliases, install_aliases, resolve_place, user_aliases

    p = resolve_place(open_gazetteer(gazetteer), place)
    with progress_callback("Indexing aliases") as progress:
        path = install_aliases(add_aliases(user_aliases(), [(alias, p)]), progress=progress)
    console.print(
        f"{alias} → {p.name} ({p.admin1}, geonameid {p.geonameid}); aliases in {path}", highlight=False
    )


@alias_app.command("import")
def alias_import(
    path: Annotated[Path, typer.Argument(help="CSV with the columns alias and place (GeoNames id or name).")],
    gazetteer: GazetteerOpt = None,
) -> None:
    """Add every alias of a CSV file."""
    from ..aliases import add_aliases, install_aliases, read_alias_csv, resolve_place, user_aliases

    rows = read_alias_csv(path)
    gaz = open_gazetteer(gazetteer)
    pairs = [(alias, resolve_place(gaz, place)) for alias, place in rows]
    with progress_callback("Indexing aliases") as progress:
        where = install_aliases(add_aliases(user_aliases(), pairs), progress=progress)
    console.print(f"{len(pairs)} aliases added; aliases in {where}", highlight=False)


@alias_app.command("list")
def alias_list() -> None:
    """The aliases added, by place."""
    from ..aliases import user_aliases

    rows = user_aliases()
    if not rows:
        console.print("no aliases — add one with: frontline gazetteer alias add NAME PLACE")
    for gid, row in rows.items():
        console.print(f"{row['name']} ({gid}): {row['alternatenames'].replace('|', ', ')}", highlight=False)
