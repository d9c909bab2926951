"""``frontline geocode`` and ``geoparse`` start with their own command group alone: the same commands,
options and output as in the whole command line, without importing or building the other groups."""

from __future__ import annotations

import json
import subprocess
import sys

import typer.main

_OTHER_GROUPS = {
    f"frontline.cli.{g}"
    for g in ("gazetteer", "events", "watch", "review", "control", "network", "maps", "demo", "cache")
}


#: Asserts, in a child process, that geocoding loaded none of the libraries only other commands need.
_NO_HEAVY_LIBRARY = (
    "heavy = {'geopandas', 'folium', 'shapely', 'networkx', 'pandas'} & set(sys.modules)\n"
    "assert not heavy, heavy\n"
)


def _params(app: typer.Typer, command: str) -> list[tuple[str | None, tuple[str, ...]]]:
    group = typer.main.get_command(app)
    found = group.commands[command]  # type: ignore[attr-defined]
    return [(p.name, tuple(p.opts)) for p in found.params]


def test_a_group_alone_has_the_commands_of_the_whole_command_line() -> None:
    from frontline import cli

    for command, group in cli._ALONE.items():
        assert _params(cli._build((group,)), command) == _params(cli.app, command)


def test_geocode_imports_no_other_command_group_and_no_heavy_library() -> None:
    code = (
        "import json, sys\n"
        "from frontline.cli import main\n"
        "sys.argv = ['frontline', 'geocode', 'Kupiansk', '--json']\n"
        "try:\n"
        "    main()\n"
        "except SystemExit as end:\n"
        "    assert not end.code, end.code\n"
        + _NO_HEAVY_LIBRARY
        + "print(json.dumps(sorted(m for m in sys.modules if m.startswith('frontline.cli.'))))\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, check=False)
    assert proc.returncode == 0, proc.stderr
    answer, loaded = proc.stdout.decode().strip().splitlines()
    assert json.loads(answer)["geonameid"] == 703656
    assert "frontline.cli.geocoding" in json.loads(loaded)
    assert not _OTHER_GROUPS & set(json.loads(loaded))


def test_the_geocoding_api_imports_no_heavy_library_beside_the_command_line() -> None:
    code = (
        "import sys, gazetteer, frontline.cli\n"
        "assert gazetteer.resolve('Izyum')[0].place.geonameid == 707292\n" + _NO_HEAVY_LIBRARY
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, check=False)
    assert proc.returncode == 0, proc.stderr
