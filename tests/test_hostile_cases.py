"""The hostile and extreme files of ``../shared/cases/hostile-2026-11`` through every command.

Each file runs in a child process limited to 1 GB of address space, which runs every command of the
command line on it (in-process there, so Python starts once a file): import, review, score, export,
report (.docx and .pdf), summary (.pdf) and template. A hostile file must get exit status 1 and a
Chinese message naming it from every command, never a traceback; a legitimate one (``$`` in a title,
control characters in names) must be read and written. The child is given a generous wall-clock
bound only so that a hang fails the test instead of stalling it: no timing is asserted.
"""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CASES = ROOT.parent / "shared" / "cases" / "hostile-2026-11"
MEMORY = 1024 * 1024 * 1024
HANG = 600  # seconds: only a hang reaches it

REFUSED = {
    "d_lying_doc.docx": "超过了声明",
    "p_refloop.pdf": "循环",
    "p_flatebomb_double.pdf": "超过上限",
    "deep_list.json": "嵌套层数",
    "num_actual_1e999999.json": "超出范围",
    "num_actual_1e-999999.json": "超出范围",
    "big27.json": "超出范围",
    "u_surrogate.json": "无法编码",
}
"""The files that must be refused, and a word of the reason each must give."""

READ = ("mt_title.json", "mt_level1.json", "u_nul.json")
"""The legitimate files: read, scored and written like any other, their special text (``$x^{$`` in the
title or a category, control characters in a name) shown in the report as written, less the control
characters."""

DRIVER = r"""
import json, resource, sys
resource.setrlimit(resource.RLIMIT_AS, ({memory}, {memory}))
sys.path.insert(0, {root!r})
from tests.cli_helpers import jixiao

source, folder = sys.argv[1], sys.argv[2]
commands = {{
    "import": ["import", source],
    "review": ["review", source],
    "score": ["score", source],
    "export": ["export", source, "-o", folder + "/tables.xlsx"],
    "report-docx": ["report", source, "-o", folder + "/report.docx"],
    "report-pdf": ["report", source, "-o", folder + "/report.pdf"],
    "summary": ["summary", source, "-o", folder + "/summary.pdf"],
    "template": ["template", source, "-o", folder + "/template.xlsx"],
}}
results = {{}}
for command, args in commands.items():
    crash = None
    try:
        result = jixiao(*args)
    except BaseException as exc:  # a traceback a user would have seen
        crash = type(exc).__name__ + ": " + str(exc)[:300]
        results[command] = {{"exit": None, "stdout": "", "stderr": "", "crash": crash}}
        continue
    results[command] = {{"exit": result.exit_code, "stdout": result.stdout[-2000:],
                        "stderr": result.stderr[-2000:], "crash": crash}}
print(json.dumps(results))
"""


def run_every_command(case: Path, folder: Path) -> dict[str, dict[str, object]]:
    child = subprocess.run(
        [sys.executable, "-c", DRIVER.format(memory=MEMORY, root=str(ROOT)), str(case), str(folder)],
        capture_output=True,
        text=True,
        timeout=HANG,
        check=False,
    )
    assert child.returncode == 0, child.stderr[-3000:]
    results: dict[str, dict[str, object]] = json.loads(child.stdout.splitlines()[-1])
    return results


pytestmark = pytest.mark.skipif(not CASES.is_dir(), reason="the shared hostile cases are not here")


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_it_refuses_each_hostile_file_in_every_command_with_a_message_naming_it(
    name: str, tmp_path: Path
) -> None:
    results = run_every_command(CASES / name, tmp_path)

    for command, result in results.items():
        assert result["crash"] is None, (command, result)
        assert result["exit"] == 1, (command, result)
        message = str(result["stderr"])
        assert "Traceback" not in message and message.startswith("错误："), (command, message)
        assert name in message and REFUSED[name] in message, (command, message)
    assert not any(tmp_path.iterdir()), "a refused input must leave no output behind"


@pytest.mark.parametrize("name", READ)
def test_it_reads_and_writes_each_legitimate_extreme_file_in_every_command(name: str, tmp_path: Path) -> None:
    results = run_every_command(CASES / name, tmp_path)

    for command, result in results.items():
        assert result["crash"] is None and result["exit"] == 0, (command, result)
    written = {path.name for path in tmp_path.iterdir()}
    assert written == {"tables.xlsx", "report.docx", "report.pdf", "summary.pdf", "template.xlsx"}
    plan = json.loads((CASES / name).read_text(encoding="utf-8"))["plans"][0]
    special = {"mt_title.json": plan["title"], "mt_level1.json": plan["indicators"][0]["level1"]}.get(
        name, plan["indicators"][0]["name"]
    )
    with zipfile.ZipFile(tmp_path / "report.docx") as archive:
        document = archive.read("word/document.xml").decode("utf-8")
    shown = "".join(ch for ch in special if ch >= " " or ch in "\t\n")  # control characters removed
    assert shown.replace("&", "&amp;").replace("<", "&lt;") in document  # "$x^{$" as written
