"""Legacy office formats (旧版 Office/WPS 格式): .doc, .wps and .et — and OpenDocument .odt and .ods —
converted by LibreOffice.

Offices still send Word 97-2003 documents (.doc), WPS Writer documents (.wps) and WPS spreadsheets
(.et); LibreOffice users send OpenDocument files (.odt, .ods). jixiao does not parse these formats
itself: LibreOffice (Debian's ``libreoffice-writer-nogui`` and ``libreoffice-calc-nogui``, which
``make setup`` installs) converts them to .docx or .xlsx, which the ordinary readers then read.

The conversion runs ``soffice --headless`` in a child process of its own, in a fresh temporary
directory with a throw-away LibreOffice profile, under a time limit (``CONVERT_SECONDS``, the whole
process group is killed when it is exceeded) and an address-space limit (``CONVERT_MEMORY_BYTES``).
Every failure is an ``InputError`` naming the file: LibreOffice missing (with what to install), a
conversion that timed out, ran out of memory or produced nothing.
"""

from __future__ import annotations

import contextlib
import os
import resource
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path, PurePath

from jixiao.core.errors import InputError, Location

CONVERT_SECONDS = 60.0
"""Wall-clock limit of one conversion."""
CONVERT_MEMORY_BYTES = 4 * 1024**3
"""Address-space limit of the LibreOffice process (it maps far more than it uses)."""
INSTALL_HINT = (
    "请安装 LibreOffice（Debian/Ubuntu：sudo apt-get install libreoffice-writer-nogui "
    "libreoffice-calc-nogui，或在 jixiao 目录运行 make setup），或在 Office/WPS 中把文件另存为 .docx/.xlsx 后再导入"
)

_KINDS = {
    "docx": "Word 97-2003 / WPS 文字文档",
    "xlsx": "WPS 表格 / Excel 97-2003 工作簿",
}


_KINDS_BY_SUFFIX = {".odt": "OpenDocument 文档", ".ods": "OpenDocument 表格"}


def soffice_path() -> str | None:
    """The LibreOffice program (``soffice``) on PATH, or None."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def convert_with_libreoffice(
    data: bytes,
    name: str,
    target: str,
    *,
    seconds: float = CONVERT_SECONDS,
    memory: int = CONVERT_MEMORY_BYTES,
) -> bytes:
    """``data`` (a .doc/.wps/.et/.odt/.ods file called ``name``) converted to ``target`` ("docx" or "xlsx").

    Returns the converted file's bytes. Raises ``InputError`` naming ``name`` when LibreOffice is
    missing, times out (``seconds``), exceeds ``memory`` bytes of address space or writes nothing.
    """
    where = Location(file=name)
    kind = _KINDS_BY_SUFFIX.get(PurePath(name).suffix.lower()) or _KINDS.get(target, "旧版 Office 文件")
    program = soffice_path()
    if program is None:
        raise InputError(f"这是{kind}（{PurePath(name).suffix or '旧格式'}），需要 LibreOffice 转换后才能读取，"
                         f"但本机没有安装 LibreOffice：{INSTALL_HINT}", where)  # fmt: skip
    suffix = PurePath(name).suffix.lower() or ".bin"
    with tempfile.TemporaryDirectory(prefix="jixiao-convert-") as work:
        folder = Path(work)
        source = folder / f"input{suffix}"
        source.write_bytes(data)
        out = folder / "out"
        command = [
            program,
            f"-env:UserInstallation={(folder / 'profile').as_uri()}",
            "--headless",
            "--norestore",
            "--nolockcheck",
            "--nodefault",
            "--convert-to",
            target,
            "--outdir",
            str(out),
            str(source),
        ]
        _run(command, folder, seconds, memory, where, kind)
        produced = out / f"input.{target}"
        if not produced.is_file() or produced.stat().st_size == 0:
            raise InputError(
                f"LibreOffice 无法转换这个{kind}：文件可能已损坏，或不是它的扩展名所说的格式；"
                f"请在 Office/WPS 中打开并另存为 .{target} 后再导入",
                where,
            )
        return produced.read_bytes()


def _run(command: list[str], folder: Path, seconds: float, memory: int, where: Location, kind: str) -> None:
    def limit() -> None:  # in the child, before exec
        resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))

    env = {**os.environ, "HOME": str(folder), "SAL_USE_VCLPLUGIN": "svp"}
    try:
        process = subprocess.Popen(
            command,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            cwd=folder,
            env=env,
            start_new_session=True,
            preexec_fn=limit,
        )
    except OSError as exc:
        raise InputError(
            f"无法启动 LibreOffice 转换{kind}：{exc.strerror or exc}；{INSTALL_HINT}", where
        ) from exc
    try:
        process.communicate(timeout=seconds)
    except subprocess.TimeoutExpired:
        _kill_group(process)
        raise InputError(
            f"LibreOffice 转换这个{kind}超过 {seconds:g} 秒仍未完成，已停止：文件可能过大或已损坏；"
            "请在 Office/WPS 中另存为 .docx/.xlsx 后再导入",
            where,
        ) from None
    finally:
        _kill_group(process)  # a helper it left behind


def _kill_group(process: subprocess.Popen[bytes]) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(process.pid, signal.SIGKILL)
    with contextlib.suppress(subprocess.TimeoutExpired):
        process.wait(timeout=5)
