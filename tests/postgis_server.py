"""A throwaway PostgreSQL + PostGIS server for the tests: a new cluster in a temporary folder, listening on
127.0.0.1 at a free port (and a Unix socket in that folder), stopped and removed after.

The Makefile's ``test`` target installs Debian's ``postgresql`` and the matching PostGIS package. PostgreSQL
refuses to run as root, so as root the cluster runs as the ``postgres`` user Debian's package makes (or a
``frontline-pg`` system user when there is none). Every user logs in with a password (scram-sha-256).
"""

from __future__ import annotations

import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

__all__ = ["Server", "find_binaries", "start"]

SUPERUSER = "frontline_admin"
SUPERUSER_PASSWORD = "admin-secret"


def find_binaries() -> Path | None:
    """The newest installed PostgreSQL's bin folder (Debian's layout, then PATH), or None."""
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"), key=lambda p: int(p.parts[-3]))
    if found:
        return found[-1].parent
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _server_user() -> str | None:
    """Who runs the server: None for ourselves, else a system user (we are root)."""
    if os.getuid() != 0:
        return None
    for name in ("postgres", "frontline-pg"):
        try:
            pwd.getpwnam(name)
            return name
        except KeyError:
            continue
    subprocess.run(["useradd", "--system", "--no-create-home", "frontline-pg"], check=True)
    return "frontline-pg"


@dataclass
class Server:
    bin: Path
    base: Path
    port: int
    user: str | None

    def url(self, user: str = SUPERUSER, password: str = SUPERUSER_PASSWORD, db: str = "postgres") -> str:
        return f"postgresql://{user}:{password}@127.0.0.1:{self.port}/{db}"

    def sql(self, statement: str, db: str = "postgres") -> None:
        """Run ``statement`` as the superuser (autocommit: CREATE DATABASE needs it)."""
        import psycopg

        with psycopg.connect(self.url(db=db), autocommit=True) as con:
            con.execute(statement.encode())

    def _run(self, *args: str) -> subprocess.CompletedProcess[str]:
        cmd = [str(self.bin / args[0]), *args[1:]]
        if self.user:
            cmd = ["runuser", "-u", self.user, "--", *cmd]
        return subprocess.run(cmd, check=True, capture_output=True, text=True)

    def stop(self) -> None:
        try:
            self._run("pg_ctl", "-D", str(self.base / "data"), "-m", "immediate", "-w", "stop")
        finally:
            shutil.rmtree(self.base, ignore_errors=True)


def start(bin_dir: Path) -> Server:
    """Make and start a cluster; the caller stops it."""
    user = _server_user()
    base = Path(tempfile.mkdtemp(prefix="frontline-pg-"))
    server = Server(bin_dir, base, _free_port(), user)
    pwfile = base / "pw"
    pwfile.write_text(SUPERUSER_PASSWORD + "\n")
    if user:
        shutil.chown(base, user)
        shutil.chown(pwfile, user)
    try:
        server._run(
            "initdb", "-D", str(base / "data"), "-U", SUPERUSER, f"--pwfile={pwfile}",
            "--auth=scram-sha-256", "-E", "UTF8", "--locale=C", "--no-sync",
        )  # fmt: skip
        options = (
            f"-c listen_addresses=127.0.0.1 -c port={server.port} -c unix_socket_directories={base} "
            "-c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=60"
        )
        server._run("pg_ctl", "-D", str(base / "data"), "-l", str(base / "log"), "-o", options, "-w", "start")
    except subprocess.CalledProcessError as err:
        log = (base / "log").read_text() if (base / "log").exists() else ""
        shutil.rmtree(base, ignore_errors=True)
        msg = f"the test PostgreSQL did not start: {err.stderr or err.stdout}\n{log}"
        raise RuntimeError(msg) from err
    return server
