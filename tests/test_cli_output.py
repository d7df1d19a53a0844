"""Output edge cases: a name too long, a read-only output, a full disk, Ctrl-C — a clear Chinese
message and exit status, never a traceback, and nothing half-written or silently replaced."""

from __future__ import annotations

import errno
import subprocess
import sys
from pathlib import Path

from cli_helpers import SEED, jixiao

from jixiao.documents.writers.export import NAME_MAX, why_unwritable


def test_it_refuses_an_output_name_longer_than_the_file_system_takes(tmp_path: Path) -> None:
    name = "长" * 84 + ".xlsx"  # 257 bytes of UTF-8

    result = jixiao("export", SEED, "-o", tmp_path / name)

    assert result.exit_code == 1 and "文件名过长" in result.stderr and "257 字节" in result.stderr
    assert not any(tmp_path.iterdir())


def test_it_writes_an_output_name_at_the_limit_though_its_temporary_name_is_longer(tmp_path: Path) -> None:
    name = "长" * 83 + ".xlsx"  # 254 bytes: ".<name>.<hex>.tmp" would be 268
    assert len(name.encode()) <= NAME_MAX

    result = jixiao("export", SEED, "-o", tmp_path / name)

    assert result.exit_code == 0, result.stderr
    assert [path.name for path in tmp_path.iterdir()] == [name]


def test_it_does_not_replace_a_read_only_output(tmp_path: Path) -> None:
    output = tmp_path / "表.xlsx"
    output.write_bytes(b"the department's own file")
    output.chmod(0o444)

    result = jixiao("export", SEED, "-o", output)

    assert result.exit_code == 1 and "只读" in result.stderr and "表.xlsx" in result.stderr
    assert output.read_bytes() == b"the department's own file"


def test_it_says_why_a_write_failed_in_chinese() -> None:
    assert "磁盘空间已满" in why_unwritable(OSError(errno.ENOSPC, "No space left on device"))
    assert "过长" in why_unwritable(OSError(errno.ENAMETOOLONG, "File name too long"))


def test_it_says_when_standard_output_is_a_full_disk() -> None:
    with open("/dev/full", "w") as full:
        child = subprocess.run(
            [sys.executable, "-m", "jixiao.cli", "import", str(SEED)],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            timeout=300,
            check=False,
        )

    assert child.returncode == 1
    assert "标准输出" in child.stderr and "磁盘空间已满" in child.stderr and "Traceback" not in child.stderr


INTERRUPTED = r"""
import os, signal, sys
from jixiao.documents.writers import export

# Ctrl-C as in a terminal: Python's own handler, whatever disposition the test runner's process left
# (a SIGINT ignored there would be inherited ignored; once in CI the export finished and exited 0)
signal.signal(signal.SIGINT, signal.default_int_handler)

original = export.write_bytes
def interrupted(path, data):  # Ctrl-C arrives while the output is being written
    os.kill(os.getpid(), signal.SIGINT)
    original(path, data)
export.write_bytes = interrupted
sys.argv = ["jixiao", "export", sys.argv[1], "-o", sys.argv[2]]
from jixiao.cli import main
main()
"""


def test_it_stops_cleanly_on_ctrl_c_leaving_no_output(tmp_path: Path) -> None:
    child = subprocess.run(
        [sys.executable, "-c", INTERRUPTED, str(SEED), str(tmp_path / "out.xlsx")],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )

    assert child.returncode == 130, child.stderr
    assert "已中断" in child.stderr and "Traceback" not in child.stderr
    assert not any(tmp_path.iterdir())
