"""The child process that parses one PDF (PDF 子进程): ``python -m jixiao.documents.pdf_worker SETTINGS``.

``SETTINGS`` is JSON ``{"name": …, "limits": {…}}``; the PDF's bytes come on standard input; the
answer goes to standard output as JSON: ``{"grids": […]}`` or ``{"error": {"message", "location"}}``.
Before parsing, the process limits its own address space to ``max_pdf_memory_bytes`` and its CPU
time to ``max_pdf_seconds`` (the parent's wall clock is the other bound). Started by
``pdf.read_pdf_isolated``; nothing else needs it.
"""

from __future__ import annotations

import json
import resource
import sys

from jixiao.core.errors import InputError
from jixiao.documents.limits import Limits
from jixiao.documents.pdf import error_to_json, grids_to_json, read_pdf_here


def main(argv: list[str]) -> int:
    settings = json.loads(argv[1])
    limits = Limits(**settings["limits"])
    data = sys.stdin.buffer.read()
    import pdfplumber  # noqa: F401  (imported before the limit: the library's own size is not the file's)

    _lower(resource.RLIMIT_AS, limits.max_pdf_memory_bytes)
    _lower(resource.RLIMIT_CPU, max(1, int(limits.max_pdf_seconds) + 1))
    try:
        answer = grids_to_json(read_pdf_here(data, settings["name"], limits, checks=settings["checks"]))
    except InputError as error:
        answer = error_to_json(error)
    sys.stdout.write(json.dumps(answer))
    return 0


def _lower(kind: int, limit: int) -> None:
    """Set a resource limit, never above one the parent already had (a process cannot raise it)."""
    _, hard = resource.getrlimit(kind)
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    resource.setrlimit(kind, (limit, hard if kind == resource.RLIMIT_CPU else limit))


if __name__ == "__main__":
    sys.exit(main(sys.argv))
