"""The README's commands, copied as written into a fresh copy of the repository, run (issue 12).

Every ```sh block is run line by line with bash, in a copy of the tracked files, except a block
right after an HTML comment ``<!-- no-test: why -->`` (one that starts a server, or runs this test).
The copy uses the project's environment as ``uv run`` would after ``make setup``.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
BLOCK = re.compile(r"(<!--\s*no-test:[^>]*-->\s*\n)?```sh\n(.*?)```", re.S)


def command_blocks() -> list[str]:
    return [body for skip, body in BLOCK.findall(README.read_text(encoding="utf-8")) if not skip]


def test_it_finds_the_command_blocks_and_their_markers() -> None:
    text = README.read_text(encoding="utf-8")
    assert text.count("```sh") == len(command_blocks()) + len(re.findall(r"<!--\s*no-test:", text))
    assert command_blocks()


@pytest.mark.skipif(shutil.which("uv") is None and not (ROOT / ".tools/bin/uv").exists(), reason="needs uv")
@pytest.mark.parametrize("block", command_blocks(), ids=lambda b: b.splitlines()[0][:40])
def test_every_readme_command_runs_as_written(block: str, tmp_path: Path) -> None:
    files = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True).stdout
    for name in filter(None, files.decode().split("\0")):
        if (ROOT / name).is_file():
            (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, tmp_path / name)
    uv = shutil.which("uv") or str(ROOT / ".tools/bin/uv")
    env = dict(os.environ, UV_PROJECT_ENVIRONMENT=str(ROOT / ".venv"), UV_NO_SYNC="1")
    env["PATH"] = f"{Path(uv).parent}{os.pathsep}{env['PATH']}"
    for line in block.splitlines():
        command = line.split("#")[0].strip()
        if not command:
            continue
        done = subprocess.run(["bash", "-c", command], cwd=tmp_path, env=env, capture_output=True, text=True)
        assert done.returncode == 0, f"{command}\n{done.stdout[-2000:]}\n{done.stderr[-2000:]}"
        assert "Traceback" not in done.stderr, command
