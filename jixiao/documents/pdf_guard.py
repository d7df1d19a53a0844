"""Bounds on reading a PDF (PDF 读取上限): checks on the raw bytes before pdfminer parses them.

pdfminer has no budget of its own: it decodes each stream whole, in memory, applying its filters one
after another, and it follows a chain of indirect references for as long as it lasts. So before
pdfplumber sees a file:

- ``check_pdf_streams`` decodes every stream through its whole filter chain (``/FlateDecode``,
  ``/ASCIIHexDecode``, ``/ASCII85Decode``, ``/LZWDecode``, ``/RunLengthDecode``, in any order and
  number, e.g. Flate applied twice, or Flate after ASCIIHex) with bounded output, and refuses the file
  when the stages add up to more than ``max_uncompressed_bytes`` — what pdfminer would hold.
- ``check_reference_loops`` refuses an object that is only a reference to another which, followed,
  comes back to itself (``6 0 obj 7 0 R endobj`` and ``7 0 obj 6 0 R endobj``): pdfminer's
  ``resolve1`` would follow it forever.

These see the objects written plainly in the file. What they cannot see (objects packed in an object
stream, a structure no scan anticipates) is bounded by ``read_pdf_isolated`` in ``pdf.py``: these checks
and the whole parse run in a child process with a wall-clock and an address-space limit.
"""

from __future__ import annotations

import io
import re
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from jixiao.core.errors import InputError
from jixiao.documents.limits import Limits, check_size, human_size, refuse

_CHUNK = 64 * 1024
_STREAM = re.compile(rb"(?<!end)stream(?:\r\n|\n|\r)")
_OBJ = re.compile(rb"(\d+)\s+(\d+)\s+obj\b")
_FILTER = re.compile(rb"/Filter\s*(\[[^\]]*\]|/[^\s/\[\]<>()]+|\d+\s+\d+\s+R)")
_NAME = re.compile(rb"/([^\s/\[\]<>()]+)")
_REFERENCE_ONLY = re.compile(rb"(\d+)\s+(\d+)\s+obj\s*(\d+)\s+(\d+)\s+R\s*endobj")
_ZLIB_FIRST_BYTES = {bytes([cinfo << 4 | 8]) for cinfo in range(8)}  # deflate, window up to 32 KB
_DICTIONARY_WINDOW = 8192  # how far before "stream" its dictionary is looked for

FLATE = "FlateDecode"
_FILTER_NAMES = {
    "FlateDecode": FLATE,
    "Fl": FLATE,
    "ASCIIHexDecode": "ASCIIHexDecode",
    "AHx": "ASCIIHexDecode",
    "ASCII85Decode": "ASCII85Decode",
    "A85": "ASCII85Decode",
    "LZWDecode": "LZWDecode",
    "LZW": "LZWDecode",
    "RunLengthDecode": "RunLengthDecode",
    "RL": "RunLengthDecode",
}
"""The filters pdfminer decodes itself (the image filters it leaves alone end a chain)."""


@dataclass(slots=True)
class _Spent:
    """Bytes produced by decoding so far, over all streams and stages."""

    name: str
    limit: int
    total: int = 0

    def add(self, size: int) -> None:
        self.total += size
        if self.total > self.limit:
            raise refuse(
                self.name,
                f"PDF 的压缩数据解压后超过上限 {human_size(self.limit)}"
                "（可能是多重压缩或压缩炸弹），拒绝读取",
            )


def check_pdf_streams(data: bytes, name: str, limits: Limits) -> None:
    """Decode every stream of the PDF through its filter chain with bounded output; refuse the file
    when all stages of all streams together exceed ``max_uncompressed_bytes``. Damaged data ends a
    chain quietly: pdfminer copes with it or reports it."""
    check_size(data, name, limits)
    spent = _Spent(name, limits.max_uncompressed_bytes)
    for match in _STREAM.finditer(data):
        start = match.end()
        filters = _stream_filters(data, match.start())
        if filters is None:  # no dictionary found: judged by the data, as zlib or nothing
            filters = [FLATE] if data[start : start + 1] in _ZLIB_FIRST_BYTES else []
        if not filters:
            continue
        end = data.find(b"endstream", start)
        raw = memoryview(data)[start : end if end >= 0 else len(data)]
        chunks: Iterator[bytes] = (bytes(raw[i : i + _CHUNK]) for i in range(0, len(raw), _CHUNK))
        for stage in filters:
            decoder = _DECODERS.get(stage)
            if decoder is None:
                break  # an image filter: pdfminer keeps the data as it is
            chunks = _counted(decoder(chunks), spent)
        try:
            for _ in chunks:
                pass
        except InputError:
            raise
        except Exception:  # damaged data (zlib.error, a bad ASCII85 group …)
            continue


def _stream_filters(data: bytes, stream_at: int) -> list[str] | None:
    """The filter names of the stream whose keyword is at ``stream_at``, from its dictionary; None
    when no ``N G obj`` precedes it within the window."""
    window = data[max(0, stream_at - _DICTIONARY_WINDOW) : stream_at]
    objects = list(_OBJ.finditer(window))
    if not objects:
        return None
    found = _FILTER.search(window, objects[-1].end())
    if found is None:
        return []
    value = found.group(1)
    reference = re.fullmatch(rb"(\d+)\s+(\d+)\s+R", value)
    if reference:  # /Filter 9 0 R: the object's own text
        target = re.search(rb"(?<!\d)%s\s+%s\s+obj\b(.*?)endobj" % reference.groups(), data, re.DOTALL)
        value = target.group(1) if target else b""
    return [_FILTER_NAMES.get(n.decode("latin-1"), "") for n in _NAME.findall(value)]


def _counted(chunks: Iterator[bytes], spent: _Spent) -> Iterator[bytes]:
    for chunk in chunks:
        spent.add(len(chunk))
        yield chunk


def _inflate(chunks: Iterator[bytes]) -> Iterator[bytes]:
    """Flate, with output in chunks of at most ``_CHUNK`` bytes however much the input expands."""
    inflater = zlib.decompressobj()
    for chunk in chunks:
        pending = chunk
        while pending and not inflater.eof:
            out = inflater.decompress(pending, _CHUNK)
            pending = inflater.unconsumed_tail
            if out:
                yield out
        if inflater.eof:
            return


def _lzw(chunks: Iterator[bytes]) -> Iterator[bytes]:
    from pdfminer.lzw import LZWDecoder

    yield from LZWDecoder(io.BytesIO(b"".join(chunks))).run()


def _whole(decode: Callable[[bytes], bytes]) -> Callable[[Iterator[bytes]], Iterator[bytes]]:
    """A decoder whose output is at most a fixed multiple of its input (4× for ASCII85, 128× for
    run-length), applied to the whole input at once, its output handed on in chunks."""

    def stage(chunks: Iterator[bytes]) -> Iterator[bytes]:
        out = decode(b"".join(chunks))
        for offset in range(0, len(out), _CHUNK):
            yield out[offset : offset + _CHUNK]

    return stage


def _ascii_hex(data: bytes) -> bytes:
    from pdfminer.ascii85 import asciihexdecode

    return asciihexdecode(data)


def _ascii85(data: bytes) -> bytes:
    from pdfminer.ascii85 import ascii85decode

    return ascii85decode(data)


def _run_length(data: bytes) -> bytes:
    from pdfminer.runlength import rldecode

    return rldecode(data)


_DECODERS: dict[str, Callable[[Iterator[bytes]], Iterator[bytes]]] = {
    FLATE: _inflate,
    "ASCIIHexDecode": _whole(_ascii_hex),
    "ASCII85Decode": _whole(_ascii85),
    "LZWDecode": _lzw,
    "RunLengthDecode": _whole(_run_length),
}


def check_reference_loops(data: bytes, name: str) -> None:
    """Refuse a PDF in which objects that are nothing but a reference to another object lead back to
    themselves; the message shows the loop (``6 0 R → 7 0 R → 6 0 R``)."""
    points_to: dict[tuple[int, int], tuple[int, int]] = {}
    for match in _REFERENCE_ONLY.finditer(data):
        number, generation, target, target_generation = (int(g) for g in match.groups())
        points_to[(number, generation)] = (target, target_generation)
    done: set[tuple[int, int]] = set()
    for first in points_to:
        path: list[tuple[int, int]] = []
        current: tuple[int, int] | None = first
        while current is not None and current not in done:
            if current in path:
                loop = [*path[path.index(current) :], current]
                shown = " → ".join(f"{n} {g} R" for n, g in loop)
                raise refuse(name, f"PDF 中的对象引用形成循环（{shown}），文件已损坏或是恶意构造，拒绝读取")
            path.append(current)
            current = points_to.get(current)
        done.update(path)
