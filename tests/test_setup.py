"""The quick start's set-up as a newcomer on Debian 12 meets it (issue 12, item 1).

Debian's own ``/usr/bin/python3`` refuses ``pip install`` (PEP 668, "externally-managed-environment").
``make setup PYTHON=/usr/bin/python3`` in a clean copy, with no uv on PATH, must still install uv (in a
private venv, ``.tools/``) and the locked dependencies, leave the system's packages as they were, and
give a working ``jixiao``.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DEBIAN_PYTHON = Path("/usr/bin/python3")
PLAIN_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"


def _debian_311() -> bool:
    if not DEBIAN_PYTHON.exists() or not Path("/usr/lib/python3.11/EXTERNALLY-MANAGED").exists():
        return False
    version = subprocess.run(
        [DEBIAN_PYTHON, "-c", "import sys; print(sys.version_info[:2] == (3, 11))"],
        capture_output=True,
        text=True,
    )
    return version.stdout.strip() == "True"


@pytest.mark.skipif(not _debian_311(), reason="needs Debian's own Python 3.11 at /usr/bin/python3")
@pytest.mark.skipif(shutil.which("make") is None or shutil.which("git") is None, reason="needs make and git")
def test_it_sets_up_with_debians_own_python_without_touching_its_packages(tmp_path: Path) -> None:
    files = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True).stdout
    copy = tmp_path / "jixiao"
    for name in filter(None, files.decode().split("\0")):
        target = copy / name
        if (ROOT / name).is_file():
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, target)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("UV_", "VIRTUAL_ENV", "PYENV"))}
    env["PATH"] = PLAIN_PATH
    assert shutil.which("uv", path=PLAIN_PATH) is None, "uv on the plain PATH: the bootstrap would go untried"
    before = subprocess.run([DEBIAN_PYTHON, "-m", "pip", "list"], capture_output=True, text=True).stdout

    setup = subprocess.run(
        ["make", "setup", "PYTHON=/usr/bin/python3"], cwd=copy, env=env, capture_output=True, text=True
    )

    assert setup.returncode == 0, setup.stdout + setup.stderr
    assert "externally-managed-environment" not in setup.stderr
    jixiao = copy / ".venv" / "bin" / "jixiao"
    version = subprocess.run([copy / ".venv" / "bin" / "python", "--version"], capture_output=True, text=True)
    assert version.stdout.startswith("Python 3.11")
    scored = subprocess.run(
        [
            jixiao,
            "score",
            "examples/zhuzhou-gxj-2023-targets.txt",
            "--actuals",
            "examples/zhuzhou-gxj-2023-actuals.json",
        ],
        cwd=copy,
        env=env,
        capture_output=True,
        text=True,
    )
    assert scored.returncode == 0, scored.stderr
    assert "总分" in scored.stdout
    after = subprocess.run([DEBIAN_PYTHON, "-m", "pip", "list"], capture_output=True, text=True).stdout
    assert after == before, "the set-up changed the system's Python packages"
