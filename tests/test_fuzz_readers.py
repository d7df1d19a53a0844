"""Fuzzing every reader (模糊测试): 10,000 mutated files per format through ``plans_from_bytes``.

Each reader (.xlsx, .xls, .docx, .pdf, .csv, extracted text, JSON) gets small, valid seed files —
target tables it reads — mutated cheaply: bytes flipped or overwritten with "interesting" values,
the tail cut off, chunks deleted, repeated or inserted, and for the zip formats a member's own bytes
mutated (or swapped for another member's) inside a zip that is otherwise intact, so the XML parsers
are reached and not only the CRC check. Every case must end in a plan list or a ``JixiaoError`` —
never another exception, a crash or a hang (each case runs under a timer).

Case ``i`` of reader ``r`` is generated from its own ``random.Random(f"{r}/{i}")``: a failure names
the reader and the case, and ``mutate_case(r, i)`` rebuilds exactly that file. The cases of each
reader are split into ``CHUNKS`` tests so that ``pytest -n`` spreads them.
"""

from __future__ import annotations

import io
import json
import re
import signal
import zipfile
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from decimal import Decimal
from functools import cache
from random import Random
from types import FrameType

import builders
import pytest

from jixiao.core.errors import JixiaoError
from jixiao.documents.convert import convert_with_libreoffice, soffice_path
from jixiao.documents.limits import MB, Limits
from jixiao.documents.load import plans_from_bytes

CASES_PER_READER = 10_000
CHUNKS = 10
CASE_SECONDS = 10.0  # a bound far above any case's time (milliseconds): only a hang reaches it
FUZZ_LIMITS = Limits(
    max_uncompressed_bytes=4 * MB,
    max_part_bytes=2 * MB,
    max_cells=20_000,
    max_text_chars=500_000,
    max_pdf_pages=10,
    isolate_pdf=False,  # in-process: a child process a case would cost a Python start-up each
)
"""Limits scaled to the seed files (a few KB, a few dozen cells) as the defaults are to real files: a
mutation that makes a file claim far more (a cell at row 8,000 of a 5 KB .xls) is refused by them, as
a real file claiming more than the defaults is. Under the defaults such a file is read, within their
bounds but slowly (seconds: the used area is built cell by cell), which would drown the cases."""

# ── seed files: small, valid, each read to at least one plan ───────────────────────────────────

HEADER = ["一级指标", "二级指标", "三级指标", "指标值", "计量单位", "评(扣)分标准", "分值"]
ROWS = [
    ["产出指标", "数量指标", "新增企业数", "≥40", "家", "完成得分，未完成不得分", "6"],
    ["", "质量指标", "验收合格率", "=100", "%", "完成率小于60%不得分", "4"],
    ["效益指标", "社会效益指标", "带动就业人数", "1950", "人", "", "10"],
    ["满意度指标", "服务对象满意度指标", "企业满意度", "≥90%", "", "", "10"],
]
TITLE = "项目支出绩效目标表"


def _xlsx_seed() -> bytes:
    def fill(workbook: object) -> None:
        sheet = workbook.active  # type: ignore[attr-defined]
        sheet.title = "表1"
        sheet.append([TITLE])
        sheet.merge_cells("A1:G1")
        sheet.append(HEADER)
        for row in ROWS:
            sheet.append([float(v) if v.isdigit() else (v or None) for v in row])
        for cells in sheet.iter_rows():
            for cell in cells:
                if isinstance(cell.value, str) and cell.value.startswith("="):
                    cell.data_type = (
                        "s"  # the text "=100" a person typed, not a formula openpyxl stores without its value
                    )
        sheet.merge_cells("A3:A4")

    return builders.xlsx(fill)


def _xls_seed() -> bytes:
    rows: list[list[str | float | None]] = [[TITLE], HEADER]
    rows += [[float(v) if v.isdigit() else (v or None) for v in row] for row in ROWS]
    return builders.xls_bytes({"表1": rows}, {"表1": ["A3:A4"]})


DOCX_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument'
    '.wordprocessingml.document.main+xml"/></Types>'
)
DOCX_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'officeDocument" Target="word/document.xml"/></Relationships>'
)


def _docx_seed() -> bytes:
    """A minimal .docx written by hand (python-docx's own template is 37 KB of styles): a title
    paragraph and a table with its column grid, a 一级 cell merged down two rows (w:vMerge) and the
    last row's 二级 cell spanning two columns (w:gridSpan)."""

    def cell(text: str, props: str = "") -> str:
        return f'<w:tc><w:tcPr><w:tcW w:w="1200" w:type="dxa"/>{props}</w:tcPr><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:tc>'

    grid = "<w:tblGrid>" + '<w:gridCol w:w="1200"/>' * len(HEADER) + "</w:tblGrid>"
    body = [f'<w:p><w:pPr><w:jc w:val="center"/></w:pPr><w:r><w:t>{TITLE}</w:t></w:r></w:p>', "<w:tbl>", grid]
    for index, row in enumerate([HEADER, *ROWS]):
        first = {1: '<w:vMerge w:val="restart"/>', 2: "<w:vMerge/>"}.get(index, "")
        cells = [cell(row[0], first)]
        if index == len(ROWS):  # the last row: 二级 spans 二级 and 三级
            cells += [cell(row[1], '<w:gridSpan w:val="2"/>'), *(cell(v) for v in row[3:])]
        else:
            cells += [cell(v) for v in row[1:]]
        body.append('<w:tr w:rsidR="00A1B2C3">' + "".join(cells) + "</w:tr>")
    body.append("</w:tbl>")
    document = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
        + "".join(body)
        + "</w:body></w:document>"
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", DOCX_TYPES)
        archive.writestr("_rels/.rels", DOCX_RELS)
        archive.writestr("word/document.xml", document)
    return out.getvalue()


def _pdf_seed() -> bytes:
    """A one-page PDF, a title and a ruled table of three columns, drawn with as few operators as it
    takes (a PDF costs pdfminer ~6 ms to interpret however small: it is the slowest reader here)."""
    builder = builders.PdfBuilder(width=240, height=100).page()
    builder.text(60, 12, "绩效目标表", size=10)
    rows = [["三级指标", "指标值", "分值"], ["企业数", "≥40", "6"], ["合格率", "100%", "4"]]
    xs, ys = [5, 85, 135, 175], [18, 34, 50, 66]
    for y in ys:
        builder.line(xs[0], y, xs[-1], y)
    for x in xs:
        builder.line(x, ys[0], x, ys[-1])
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            builder.text(xs[c] + 2, ys[r] + 12, value, size=8)
    return builder.build()


def _csv_seed() -> bytes:
    return builders.csv_bytes([[TITLE], HEADER, *ROWS], "gbk")


def _text_seed() -> bytes:
    """The extracted-text format of the seed: one cell a line after a tab, a blank line between rows."""
    lines = [TITLE, ""]
    for row in [HEADER, *ROWS]:
        lines += ["\t" + value for value in row] + [""]
    return "\n".join(lines).encode("utf-8")


def _pipe_seed() -> bytes:
    """Pipe-separated rows as a web page gives them: a trailing "|", the 一级 cell of the second
    row lost (a short row, aligned from the right)."""
    lines = [TITLE, " | ".join(HEADER) + " |"]
    for row in ROWS:
        cells = row[1:] if not row[0] else row
        lines.append(" | ".join(cells) + " |")
    return "\n".join(lines).encode("utf-8")


def _padded_pipe_seed() -> bytes:
    """Pipe rows padded with empty cells to the table's width ("| ||||"), broken over lines where a
    cell held a line break, as some county pages print them (realdocs/03, 08)."""
    lines = ["| " + TITLE + " | ||||||", "| 项目名称 |", "工业发展专项资金 |", "|||||||"]
    lines += ["|", "绩效指标 | " + " | ".join(HEADER[:3]) + " |", " | ".join(HEADER[3:]) + " | ||"]
    for row in ROWS:
        cells = row[1:] if not row[0] else row
        lines.append("| " + " | ".join(cells) + " | |||")
    return "\n".join(lines).encode("utf-8")


def _markdown_seed() -> bytes:
    """A Markdown table: "| a | b |" rows and the "|---|" rule under the header."""
    lines = [f"# {TITLE}", "", "| " + " | ".join(HEADER) + " |", "|" + "---|" * len(HEADER)]
    lines += ["| " + " | ".join(row) + " |" for row in ROWS]
    return "\n".join(lines).encode("utf-8")


def _prose_seed() -> bytes:
    """Targets announced in prose, as a 公示 page writes them."""
    return (
        f"{TITLE}\n\n产出指标：数量指标：新增企业数(≥**家)>=40家；验收合格率=100%；时效指标：完成及时率100%；"
        "效益指标：社会效益指标：带动就业人数≥1950人；满意度指标：企业满意度≥90%\n"
    ).encode()


def _json_seed() -> bytes:
    plans = plans_from_bytes(_csv_seed(), "seed.csv")
    from jixiao.core.serialize import plans_to_dict

    def number(value: object) -> object:
        assert isinstance(value, Decimal)
        return int(value) if value == value.to_integral_value() else float(value)

    return json.dumps(plans_to_dict(plans), ensure_ascii=False, default=number).encode("utf-8")


SEEDS: dict[str, Callable[[], bytes]] = {
    "xlsx": _xlsx_seed,
    "xls": _xls_seed,
    "docx": _docx_seed,
    "pdf": _pdf_seed,
    "csv": _csv_seed,
    "txt": _text_seed,
    "pipe": _pipe_seed,
    "padded-pipe": _padded_pipe_seed,
    "markdown": _markdown_seed,
    "prose": _prose_seed,
    "json": _json_seed,
}


@cache
def seed(reader: str) -> bytes:
    return SEEDS[reader]()


@cache
def zip_members(reader: str) -> tuple[tuple[str, bytes], ...]:
    with zipfile.ZipFile(io.BytesIO(seed(reader))) as archive:
        return tuple((info.filename, archive.read(info)) for info in archive.infolist())


# ── mutations ─────────────────────────────────────────────────────────────────────────────────

INTERESTING = [
    b"\x00",
    b"\xff",
    b"\x7f",
    b"\x80",
    b"\xff\xff\xff\xff",
    b"\x00\x00\x00\x80",
    b"\xff\xff\xff\x7f",
    b"9999999999",
    b"-1",
    b"<",
    b">",
    b"&#0;",
    b'"',
    b"\n",
    b"\t",
    b"%",
    b"\xe2\x80",  # a cut UTF-8 sequence
]


def mutate_bytes(data: bytes, rng: Random) -> tuple[bytes, str]:
    """One cheap mutation of ``data`` and what it was."""
    out = bytearray(data)
    kind = rng.choice(("flip", "flip", "interesting", "truncate", "delete", "repeat", "insert", "swap"))
    at = rng.randrange(len(out)) if out else 0
    if kind == "flip":
        spots = [rng.randrange(len(out)) for _ in range(rng.randint(1, 8))] if out else []
        for spot in spots:
            out[spot] ^= 1 << rng.randrange(8)
        return bytes(out), f"flip bits at {spots}"
    if kind == "interesting":
        value = rng.choice(INTERESTING)
        out[at : at + len(value)] = value
        return bytes(out), f"overwrite {value!r} at {at}"
    if kind == "truncate":
        return bytes(out[:at]), f"truncate at {at}"
    if kind == "delete":
        size = rng.choice((1, 2, 4, rng.randint(1, 256)))
        del out[at : at + size]
        return bytes(out), f"delete {size} at {at}"
    if kind == "repeat":
        size = rng.randint(1, 512)
        times = rng.choice((1, 2, 16))
        out[at:at] = bytes(out[at : at + size]) * times
        return bytes(out), f"repeat {size}×{times} at {at}"
    if kind == "insert":
        chunk = rng.randbytes(rng.randint(1, 64))
        out[at:at] = chunk
        return bytes(out), f"insert {len(chunk)} random bytes at {at}"
    if len(out) > 2:  # swap two chunks
        a, b = sorted(rng.sample(range(len(out)), 2))
        size = min(rng.randint(1, 64), b - a, len(out) - b)
        out[a : a + size], out[b : b + size] = out[b : b + size], out[a : a + size]
        return bytes(out), f"swap {size} at {a} and {b}"
    return bytes(out), "unchanged"


XML_VALUES = [
    "",
    "0",
    "-1",
    "65536",
    "4294967296",
    "99999999999999999999",
    "1E+308",
    "NaN",
    "A1",
    "XFD1048577",
    "A0",
    "ZZZZ1",
    "restart",
    "continue",
    "true",
    "s",
    "inlineStr",
    "e",
    "n",
    "b",
]
_ATTRIBUTE = re.compile(rb'([\w:]+)="([^"]*)"')
_ELEMENT = re.compile(rb"<(w:tc|w:tr|w:tbl|w:p|row|c|si|mergeCell|sheet)\b[^>]*>.*?</\1>", re.DOTALL)


FOCUS = {
    "docx": ("word/document.xml",),
    "xlsx": ("xl/worksheets/sheet1.xml", "xl/sharedStrings.xml", "xl/workbook.xml", "xl/styles.xml"),
}
"""The members the readers read the table from: most member mutations go to them."""


def mutate_xml(content: bytes, rng: Random) -> tuple[bytes, str]:
    """A well-formed change to an XML member: an attribute given a hostile value, an element
    repeated (up to 50 times) or removed — merges, spans and references the readers must check."""
    if rng.random() < 0.5:
        body = content.find(b"?>") + 2 if content.startswith(b"<?xml") else 0  # not the declaration's
        attributes = list(_ATTRIBUTE.finditer(content, body))
        if attributes:
            match = rng.choice(attributes)
            value = rng.choice(XML_VALUES).encode()
            name = match.group(1).decode()
            return content[: match.start(2)] + value + content[match.end(2) :], f"{name}={value!r}"
    elements = list(_ELEMENT.finditer(content))
    if not elements:
        return mutate_bytes(content, rng)
    match = rng.choice(elements)
    tag = match.group(1).decode()
    if rng.random() < 0.3:
        return content[: match.start()] + content[match.end() :], f"<{tag}> removed"
    times = rng.choice((2, 3, 10, 50))
    return content[: match.start()] + match.group(0) * times + content[match.end() :], f"<{tag}> ×{times}"


def mutate_zip_member(reader: str, rng: Random) -> tuple[bytes, str]:
    """The seed zip rebuilt (stored, no compression: cheap) with one member changed: its bytes
    mutated, its XML changed (well-formed), or the member dropped or replaced by another's bytes."""
    members = list(zip_members(reader))
    focus = [i for i, (name, _) in enumerate(members) if name in FOCUS[reader]]
    index = rng.choice(focus) if focus and rng.random() < 0.7 else rng.randrange(len(members))
    name, content = members[index]
    roll = rng.random()
    if roll < 0.4:
        new, what = mutate_bytes(content, rng)
        members[index] = (name, new)
        what = f"member {name}: {what}"
    elif roll < 0.85:
        new, what = mutate_xml(content, rng)
        if rng.random() < 0.3:
            new, more = mutate_xml(new, rng)
            what += f"; {more}"
        members[index] = (name, new)
        what = f"member {name}: {what}"
    elif roll < 0.92:
        del members[index]
        what = f"member {name} dropped"
    else:
        other = rng.choice(members)
        members[index] = (name, other[1])
        what = f"member {name} replaced by {other[0]}"
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as archive:
        for member, content in members:
            archive.writestr(member, content)
    return out.getvalue(), what


ZIP_READERS = ("xlsx", "docx")


def mutate_case(reader: str, case: int) -> tuple[bytes, str]:
    """Case ``case`` of ``reader``: the same file every time."""
    rng = Random(f"{reader}/{case}")
    if reader in ZIP_READERS and rng.random() < 0.5:
        return mutate_zip_member(reader, rng)
    data, what = mutate_bytes(seed(reader), rng)
    if rng.random() < 0.3:  # now and then, two mutations
        data, more = mutate_bytes(data, rng)
        what += f"; {more}"
    return data, what


# ── the test ──────────────────────────────────────────────────────────────────────────────────


class Hang(Exception):
    """A case ran past ``CASE_SECONDS``."""


@contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    def expire(signum: int, frame: FrameType | None) -> None:
        raise Hang(f"no result after {seconds} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def test_it_reads_every_seed_file() -> None:
    for reader in SEEDS:
        plans = plans_from_bytes(seed(reader), f"seed.{reader}", FUZZ_LIMITS)
        assert plans and plans[0].indicators, reader


@pytest.mark.parametrize("chunk", range(CHUNKS))
@pytest.mark.parametrize("reader", sorted(SEEDS))
def test_it_gives_only_clean_errors_on_mutated_files(reader: str, chunk: int) -> None:
    size = CASES_PER_READER // CHUNKS
    read = errors = 0
    with time_limit(CASE_SECONDS * size):  # one timer for the chunk, reset per case below
        for case in range(chunk * size, (chunk + 1) * size):
            data, what = mutate_case(reader, case)
            signal.setitimer(signal.ITIMER_REAL, CASE_SECONDS)
            try:
                plans_from_bytes(data, f"fuzz.{reader}", FUZZ_LIMITS)
                read += 1
            except JixiaoError:
                errors += 1
            except BaseException as exc:  # a crash of the reader, or Hang
                pytest.fail(
                    f"{reader} case {case} ({what}): {type(exc).__name__}: {exc}\n"
                    f"rebuild it with mutate_case({reader!r}, {case})",
                    pytrace=False,
                )
    assert read + errors == size


# ── the hostile kinds (issue 13): each generated afresh per case, deterministic by its number ──


def run_cases(kind: str, cases: int, make: Callable[[Random], tuple[bytes, str, str]]) -> list[object]:
    """Read ``cases`` files of ``kind`` made by ``make(rng) -> (data, name, what)``; every case must end
    in plans or a JixiaoError within ``CASE_SECONDS``. The outcomes (plans or errors) come back."""
    outcomes: list[object] = []
    with time_limit(CASE_SECONDS * cases):
        for case in range(cases):
            data, name, what = make(Random(f"{kind}/{case}"))
            signal.setitimer(signal.ITIMER_REAL, CASE_SECONDS)
            try:
                outcomes.append(plans_from_bytes(data, name, FUZZ_LIMITS))
            except JixiaoError as error:
                outcomes.append(error)
            except BaseException as exc:
                pytest.fail(f"{kind} case {case} ({what}): {type(exc).__name__}: {exc}", pytrace=False)
    return outcomes


def lying_zip(reader: str, rng: Random) -> tuple[bytes, str, str]:
    """The seed zip with one member (any, not only the document) declaring a size other than its
    data's: smaller (its data inflates past it, up to a few MB of zeros added) or larger."""
    members = list(zip_members(reader))
    index = rng.randrange(len(members))
    raw: list[tuple[str, bytes, int, int, int]] = []
    what = ""
    for position, (name, content) in enumerate(members):
        declared = len(content)
        if position == index:
            if rng.random() < 0.6:
                content += bytes(rng.choice((1, 1000, 3 * MB)))
            else:
                declared += rng.randint(1, 10_000)
            what = f"{name}: {len(content)} bytes declared as {declared}"
        compressor = zlib.compressobj(6, zlib.DEFLATED, -15)
        stream = compressor.compress(content) + compressor.flush()
        raw.append((name, stream, declared, zlib.crc32(content), zipfile.ZIP_DEFLATED))
    return builders.raw_zip(raw), f"fuzz.{reader}", what


@pytest.mark.parametrize("reader", ZIP_READERS)
def test_it_refuses_every_zip_member_that_lies_about_its_size(reader: str) -> None:
    outcomes = run_cases(f"lying-{reader}", 60, lambda rng: lying_zip(reader, rng))

    assert all(isinstance(outcome, JixiaoError) for outcome in outcomes)


PDF_FILTER_NAMES = sorted(builders.PDF_FILTERS)
HELLO = b"BT /F1 12 Tf 72 100 Td (hello) Tj ET"


def hostile_pdf(rng: Random) -> tuple[bytes, str, str]:
    """A one-page PDF whose content stream is under a chain of 1–5 filters (a few MB of zeros, or a
    line of text), and, half the time, whose media box, resources or contents lead into a loop of
    references of length 1–3."""
    filters = [rng.choice(PDF_FILTER_NAMES) for _ in range(rng.randint(1, 4))]
    content = HELLO
    if rng.random() < 0.5:  # a bomb: Flate innermost, so that the megabytes are compressed first
        content = bytes(rng.choice((1, 5, 16)) * MB)
        filters.append("FlateDecode")
    stream = builders.filtered_stream(content, filters)
    what = f"{len(content)} bytes under {filters}"
    if rng.random() < 0.5:
        return builders.one_page_pdf(stream), "fuzz.pdf", what
    length = rng.randint(1, 3)
    loop = [b"%d 0 R" % (5 + (i + 1) % length) for i in range(length)]
    page = [b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Contents 4 0 R >>"]
    key = rng.choice((b"/MediaBox", b"/Resources", b"/Contents"))
    page[0] = re.sub(rb"/MediaBox \[[^\]]*\]|/Contents 4 0 R", b"", page[0]).replace(
        b">>", key + b" 5 0 R >>"
    )
    if key != b"/MediaBox":
        page[0] = page[0].replace(b"<< ", b"<< /MediaBox [0 0 200 200] ")
    if key != b"/Contents":
        page[0] = page[0].replace(b"<< ", b"<< /Contents 4 0 R ")
    bodies = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>", *page]
    return (
        builders.raw_pdf([*bodies, stream, *loop]),
        "fuzz.pdf",
        f"{what}, {key.decode()} into a loop of {length}",
    )


def test_it_bounds_pdf_filter_chains_and_reference_loops() -> None:
    run_cases("hostile-pdf", 40, hostile_pdf)


def _json_with(rng: Random, value: str) -> bytes:
    """The JSON seed with one field's value (a number or a text) replaced by ``value`` (JSON text)."""
    text = seed("json").decode("utf-8")
    fields = list(
        re.finditer(
            r'"(target|actual|weight|name|level1|title|unit|reason)": ("[^"]*"|[-\d.eE+]+|null)', text
        )
    )
    field = rng.choice(fields)
    return (text[: field.start(2)] + value + text[field.end(2) :]).encode("utf-8")


def deep_json(rng: Random) -> tuple[bytes, str, str]:
    depth = rng.choice((2, 10, 31, 33, 500, 5_000, 200_000))
    opening, closing = rng.choice((("[", "]"), ('{"a":', "}")))
    return _json_with(rng, opening * depth + "1" + closing * depth), "fuzz.json", f"nested {depth} deep"


def test_it_refuses_deep_json_without_recursing() -> None:
    run_cases("deep-json", 40, deep_json)


EXTREME_NUMBERS = [
    "1e999999",
    "-1e-999999",
    "9" * 100_000,
    "1e27",
    "1e16",
    "1e-11",
    "0.12345678901234567",
    "1e15",
    "1e-10",
    "0",
    "-0.0",
]


def extreme_number(rng: Random) -> tuple[bytes, str, str]:
    literal = rng.choice(EXTREME_NUMBERS)
    if rng.random() < 0.5:
        return _json_with(rng, literal), "fuzz.json", f"JSON {literal[:20]}"
    rows = [list(row) for row in ROWS]
    row, column = rng.randrange(len(rows)), rng.choice((3, 6))
    rows[row][column] = rng.choice(("", "≥", "≤")) + literal
    data = builders.csv_bytes([[TITLE], HEADER, *rows], "utf-8")
    return data, "fuzz.csv", f"CSV cell {row},{column} = {literal[:20]}"


def test_it_never_reads_a_number_out_of_range() -> None:
    from jixiao.core.bounds import number_problem

    for outcome in run_cases("extreme-number", 80, extreme_number):
        for plan in outcome if isinstance(outcome, list) else []:
            for indicator in plan.indicators:
                for value in (indicator.target, indicator.actual, indicator.weight):
                    assert not isinstance(value, Decimal) or number_problem(value) is None, value


def strange_text(rng: Random) -> tuple[bytes, str, str]:
    """A text field with lone surrogates (as JSON escapes) or control characters."""
    pieces = [
        rng.choice(
            (
                "名称",
                "\\ud800",
                "\\udfff",
                "\\ud83d",
                "\\u0000",
                "\\u0001",
                "\\u000b",
                "\\u001f",
                "\\u007f",
                "\\ufffe",
                "\\t",
                "\\n",
            )
        )
    ]
    pieces += [rng.choice(("企业", "\\u0000", "\\ud800", "\\u0008", "数")) for _ in range(rng.randint(0, 5))]
    text = "".join(pieces)
    return _json_with(rng, f'"{text}"'), "fuzz.json", f"text {text!r}"


def test_it_writes_every_table_read_whatever_its_characters() -> None:
    """Lone surrogates are refused at reading; control characters are read and every writer drops
    them the same way, so both table formats are written."""
    from jixiao.documents.writers.export import export_tables

    for outcome in run_cases("strange-text", 40, strange_text):
        if isinstance(outcome, list):
            for fmt in ("xlsx", "docx"):
                assert export_tables(outcome, fmt)
        else:
            assert isinstance(outcome, JixiaoError)


MATH_LIKE = ["$x^{$", "$$", "$\\frac{", "\\$", "$_$", "$a$b$", "${}$", "$\\alpha", "^{", "_"]


def test_it_draws_charts_of_any_text_never_as_mathematics() -> None:
    from jixiao.core.rules.resolve import rule_of
    from jixiao.core.scoring import score_plan
    from jixiao.documents.writers.charts import category_chart, completion_chart

    (plan,) = plans_from_bytes(seed("csv"), "seed.csv", FUZZ_LIMITS)
    for case in range(10):
        rng = Random(f"math/{case}")
        plan.title = "".join(rng.choice(MATH_LIKE) for _ in range(3))
        for indicator in plan.indicators:
            indicator.level1 = rng.choice(MATH_LIKE) + indicator.level1
            indicator.name = rng.choice(MATH_LIKE) + indicator.name
            indicator.actual = Decimal(30)
        score = score_plan(plan, rule_of)
        assert category_chart(score).startswith(b"\x89PNG") and completion_chart(score).startswith(b"\x89PNG")


# ── the LibreOffice conversion path (.doc, .wps, .et, .odt, .ods) ─────────────────────────────────────────────

LEGACY_CASES = 4
"""Mutated legacy files per format: each case starts LibreOffice (seconds), so a handful, not 10,000;
they reach the conversion (the OLE2 container kept, the name's extension choosing it) and its errors."""
LEGACY_SECONDS = 120.0  # far above a conversion's time (the converter's own limit is 60 s)


@cache
def legacy_seed(extension: str) -> bytes:
    """A .doc or .odt (LibreOffice converts a python-docx target table: the test builds a real Word 97
    or OpenDocument file), an .ods (LibreOffice converts the .xls seed) or an .et (WPS spreadsheets
    are BIFF8 workbooks: the .xls seed)."""
    if extension == "et":
        return seed("xls")
    if extension == "ods":
        return convert_with_libreoffice(seed("xls"), "seed.xls", "ods")
    return convert_with_libreoffice(builders.target_table_docx(), "seed.docx", extension)


def mutate_legacy(extension: str, case: int) -> tuple[bytes, str]:
    """Bytes overwritten past the first 512 (the OLE2 header, or an OpenDocument zip's mimetype member),
    so the container is still recognised."""
    rng = Random(f"{extension}/{case}")
    data = bytearray(legacy_seed(extension))
    spots = [rng.randrange(512, len(data)) for _ in range(rng.randint(1, 40))]
    for spot in spots:
        data[spot] = rng.randrange(256)
    return bytes(data), f"{len(spots)} bytes overwritten"


needs_libreoffice = pytest.mark.skipif(
    soffice_path() is None, reason="LibreOffice (soffice) is not installed"
)


@needs_libreoffice
@pytest.mark.parametrize("extension", ["doc", "wps", "et", "odt", "ods"])
def test_it_reads_the_legacy_seed_files_through_libreoffice(extension: str) -> None:
    base = "doc" if extension == "wps" else extension
    original, original_name = {
        "doc": (builders.target_table_docx(), "seed.docx"),
        "odt": (builders.target_table_docx(), "seed.docx"),
        "et": (seed("xls"), "seed.xls"),
        "ods": (seed("xls"), "seed.xls"),
    }[base]
    want = plans_from_bytes(original, original_name, FUZZ_LIMITS)

    plans = plans_from_bytes(legacy_seed(base), f"seed.{extension}", FUZZ_LIMITS)

    assert plans and plans[0].indicators
    names = [[(i.name, i.target, i.weight) for i in plan.indicators] for plan in plans]
    assert names == [[(i.name, i.target, i.weight) for i in plan.indicators] for plan in want]
    assert (
        plans[0].indicators[0].source is not None
        and plans[0].indicators[0].source.file == f"seed.{extension}"
    )


@needs_libreoffice
@pytest.mark.parametrize("extension", ["doc", "et", "odt", "ods"])
def test_it_gives_only_clean_errors_on_mutated_legacy_files(extension: str) -> None:
    for case in range(LEGACY_CASES):
        data, what = mutate_legacy(extension, case)
        try:
            with time_limit(LEGACY_SECONDS):
                plans_from_bytes(data, f"fuzz.{extension}", FUZZ_LIMITS)
        except JixiaoError:
            pass
        except BaseException as exc:
            pytest.fail(f"{extension} case {case} ({what}): {type(exc).__name__}: {exc}", pytrace=False)
