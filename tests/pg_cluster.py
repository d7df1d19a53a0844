"""Run a command against a private PostgreSQL 15 cluster (私有 PostgreSQL 集群), started for it and removed
after: ``python tests/pg_cluster.py pytest tests/web``.

The cluster lives in a temporary folder, listens on a free port of 127.0.0.1 only, trusts local
connections and skips fsync (it holds test data for minutes). initdb refuses to run as root, so as root
the cluster is made and run by the system user ``postgres`` (Debian's package creates it), through
``runuser``. The command runs with ``JIXIAO_DATABASE_URL`` pointing at the cluster; its exit status is
this script's.
"""

from __future__ import annotations

import os
import pwd
import shutil
import socket
import subprocess
import sys
import tempfile
from pathlib import Path

BIN = Path(os.environ.get("JIXIAO_PG_BIN", "/usr/lib/postgresql/15/bin"))
OWNER = "postgres"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _as_owner(args: list[str]) -> list[str]:
    return ["runuser", "-u", OWNER, "--", *args] if os.geteuid() == 0 else args


def main(command: list[str]) -> int:
    if not (BIN / "initdb").exists():
        print(f"找不到 PostgreSQL 15（{BIN}）：请先运行 make setup", file=sys.stderr)
        return 2
    folder = Path(tempfile.mkdtemp(prefix="jixiao-pg-"))
    if os.geteuid() == 0:
        owner = pwd.getpwnam(OWNER)
        os.chown(folder, owner.pw_uid, owner.pw_gid)
    data, port = folder / "data", free_port()
    quiet = {"stdout": subprocess.DEVNULL, "check": True}
    try:
        subprocess.run(
            _as_owner(
                [
                    str(BIN / "initdb"),
                    "-D",
                    str(data),
                    "-U",
                    "postgres",
                    "--auth=trust",
                    "-E",
                    "UTF8",
                    "--no-locale",
                    "--no-sync",
                ]
            ),
            **quiet,  # type: ignore[arg-type]
        )
        options = f"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        subprocess.run(
            _as_owner(
                [
                    str(BIN / "pg_ctl"),
                    "-D",
                    str(data),
                    "-o",
                    options,
                    "-l",
                    str(folder / "log"),
                    "-w",
                    "start",
                ]
            ),
            **quiet,  # type: ignore[arg-type]
        )
        url = f"postgresql://postgres@127.0.0.1:{port}/postgres"
        print(f"PostgreSQL 15 临时集群：{url}", flush=True)
        return subprocess.call(command, env={**os.environ, "JIXIAO_DATABASE_URL": url})
    finally:
        subprocess.run(
            _as_owner([str(BIN / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"]),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
