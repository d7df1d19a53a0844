"""Hostile and broken files (limits.py and every reader): refused with a clean InputError, quickly and
with little memory. Zip bombs are built in memory and never written to disk."""

from __future__ import annotations

import gc
import random
import tracemalloc
from collections.abc import Callable
from functools import partial
from pathlib import Path

import builders
import pytest

from jixiao.core.errors import InputError
from jixiao.documents.csv_reader import read_csv
from jixiao.documents.formats import detect_format
from jixiao.documents.limits import Limits, inspect_zip
from jixiao.documents.load import plans_from_bytes
from jixiao.documents.pdf import read_pdf, read_pdf_isolated
from jixiao.documents.spreadsheet import read_xls, read_xlsx
from jixiao.documents.word import read_docx

IN_PROCESS = Limits(isolate_pdf=False)
"""For the many-case PDF tests: the child process costs a Python start-up a file."""


def peak_memory_mb(action: Callable[[], object]) -> float:
    gc.collect()
    tracemalloc.start()
    try:
        action()
    finally:
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    return peak / 1024 / 1024


def refusal(action: Callable[[], object]) -> InputError:
    with pytest.raises(InputError) as caught:
        action()
    return caught.value


def test_it_refuses_a_zip_bomb_xlsx_without_inflating_it() -> None:
    bomb = builders.zip_bomb_xlsx(megabytes=1024)
    assert len(bomb) < 2 * 1024 * 1024  # a gigabyte of zeros in about a megabyte

    errors: list[InputError] = []
    peak = peak_memory_mb(lambda: errors.append(refusal(lambda: read_xlsx(bomb, "bomb.xlsx"))))

    assert "bomb.xlsx" in str(errors[0])
    assert "压缩炸弹" in errors[0].message
    assert peak < 50


def test_it_refuses_a_zip_bomb_docx_without_inflating_it() -> None:
    bomb = builders.zip_bomb(builders.target_table_docx(), "word/document.xml", megabytes=1024)

    errors: list[InputError] = []
    peak = peak_memory_mb(lambda: errors.append(refusal(lambda: read_docx(bomb, "bomb.docx"))))

    assert "压缩炸弹" in errors[0].message and "word/document.xml" in errors[0].message
    assert peak < 50


def test_it_refuses_a_zip_member_that_inflates_beyond_its_declared_size() -> None:
    liar = builders.zip_bomb_xlsx(megabytes=300, declared=20_000)

    errors: list[InputError] = []
    peak = peak_memory_mb(lambda: errors.append(refusal(lambda: read_xlsx(liar, "liar.xlsx"))))

    assert "超过了声明" in errors[0].message
    assert errors[0].location is not None and errors[0].location.file == "liar.xlsx"
    assert peak < 50


def test_it_refuses_a_sheet_whose_cells_span_the_whole_grid_before_calamine_allocates_it() -> None:
    error = refusal(lambda: read_xlsx(builders.far_cell_xlsx(), "far.xlsx"))

    assert "far.xlsx" in str(error)
    assert "xl/worksheets/sheet1.xml" in error.message


@pytest.mark.parametrize("reference", ["A4000000000", "AAAAAA1", "A99999999999999999999"])
def test_it_refuses_cell_references_far_outside_excels_grid(reference: str) -> None:
    data = builders.xlsx(lambda workbook: workbook.active.append(["a"]))
    sheet = builders.member(data, "xl/worksheets/sheet1.xml")
    far = f'<row><c r="{reference}" t="inlineStr"><is><t>z</t></is></c></row></sheetData>'.encode()
    data = builders.rezip(data, replace={"xl/worksheets/sheet1.xml": sheet.replace(b"</sheetData>", far)})

    assert "上限" in refusal(lambda: read_xlsx(data, "far.xlsx")).message


def test_it_refuses_a_forged_shared_string_count_before_calamine_reserves_memory_for_it() -> None:
    data = builders.rezip(
        builders.target_table_xlsx(),
        add={
            "xl/sharedStrings.xml": b'<sst count="4000000000" uniqueCount="4000000000"><si><t>x</t></si></sst>'
        },
    )

    error = refusal(lambda: read_xlsx(data, "count.xlsx"))

    assert "xl/sharedStrings.xml" in error.message and "4000000000" in error.message


def test_it_refuses_an_xls_sheet_spanning_the_whole_grid_before_calamine_allocates_it() -> None:
    data = builders.xls_bytes({"表1": [["a"]]})
    far = builders.xls_bytes({"表1": [["a"], *[[] for _ in range(65_534)], [*([None] * 255), "z"]]})
    assert read_xls(data, "ok.xls")[0].rows[0][0].text == "a"

    error = refusal(lambda: read_xls(far, "far.xls"))

    assert "far.xls" in str(error) and "过大" in error.message


def test_it_refuses_an_xlsx_with_macros() -> None:
    data = builders.rezip(
        builders.target_table_xlsx(), add={"xl/vbaProject.bin": b"\xd0\xcf\x11\xe0" + bytes(100)}
    )

    error = refusal(lambda: read_xlsx(data, "宏.xlsm"))

    assert "宏" in error.message and "vbaProject.bin" in error.message
    assert "宏.xlsm" in str(error)


def test_it_refuses_a_truncated_xlsx() -> None:
    data = builders.target_table_xlsx()

    for cut in (len(data) // 2, len(data) - 10, 100):
        error = refusal(partial(read_xlsx, data[:cut], "cut.xlsx"))
        assert "cut.xlsx" in str(error)
        assert "截断" in error.message or "损坏" in error.message


def test_it_refuses_an_xlsx_with_broken_xml_cleanly() -> None:
    data = builders.rezip(
        builders.target_table_xlsx(), replace={"xl/workbook.xml": b"<workbook><sheets><sheet"}
    )

    error = refusal(lambda: read_xlsx(data, "broken.xlsx"))

    assert "broken.xlsx" in str(error)


def test_it_refuses_paths_that_leave_the_archive() -> None:
    for path in ("../evil.xml", "/etc/passwd", "xl/../../evil.xml", "C:/evil.xml"):
        data = builders.rezip(builders.target_table_xlsx(), add={path: b"<x/>"})
        error = refusal(partial(read_xlsx, data, "path.xlsx"))
        assert "不安全的路径" in error.message


def test_it_honours_configured_limits() -> None:
    data = builders.target_table_xlsx()

    assert "文件过大" in refusal(lambda: read_xlsx(data, "a.xlsx", Limits(max_input_bytes=1000))).message
    assert "文件过多" in refusal(lambda: inspect_zip(data, "a.xlsx", Limits(max_zip_members=3))).message
    assert "总大小" in refusal(lambda: read_xlsx(data, "a.xlsx", Limits(max_uncompressed_bytes=2000))).message
    assert "上限" in refusal(lambda: read_xlsx(data, "a.xlsx", Limits(max_cells=10))).message
    assert "单个部件" in refusal(lambda: read_xlsx(data, "a.xlsx", Limits(max_part_bytes=1000))).message
    docx_data = builders.target_table_docx()
    assert "单元格总数" in refusal(lambda: read_docx(docx_data, "a.docx", Limits(max_cells=10))).message


def test_it_refuses_an_empty_file() -> None:
    assert "空" in refusal(lambda: read_xlsx(b"", "empty.xlsx")).message


def test_it_refuses_a_pdf_whose_streams_inflate_past_the_limit() -> None:
    bomb = builders.pdf_bomb(megabytes=300)

    errors: list[InputError] = []
    peak = peak_memory_mb(lambda: errors.append(refusal(lambda: read_pdf(bomb, "bomb.pdf"))))

    assert "压缩炸弹" in errors[0].message
    assert peak < 50


def test_it_refuses_random_bytes_named_pdf() -> None:
    data = random.Random(7).randbytes(4000)

    error = refusal(lambda: read_pdf(data, "random.pdf"))

    assert "random.pdf" in str(error) and "不是 PDF" in error.message


def test_it_gives_only_clean_errors_for_truncated_pdfs() -> None:
    data = builders.target_table_pdf()

    for cut in (20, 200, len(data) // 3, len(data) // 2, len(data) - 30):
        try:
            read_pdf(data[:cut], "cut.pdf", IN_PROCESS)
        except InputError as error:
            assert "cut.pdf" in str(error)


def mutated(data: bytes, rng: random.Random) -> bytes:
    """``data`` with a few bytes flipped, a slice cut out or repeated, or its tail cut off."""
    out = bytearray(data)
    kind = rng.choice(["flip", "truncate", "delete", "repeat"])
    for _ in range(rng.randint(1, 6)):
        at = rng.randrange(len(out))
        if kind == "flip":
            out[at] = rng.randrange(256)
        elif kind == "truncate":
            return bytes(out[:at])
        elif kind == "delete":
            del out[at : at + rng.randint(1, 40)]
        else:
            out[at:at] = out[at : at + rng.randint(1, 200)]
    return bytes(out)


READERS: dict[str, tuple[Callable[[], bytes], Callable[[bytes, str], object]]] = {
    "xlsx": (builders.target_table_xlsx, read_xlsx),
    "xls": (builders.target_table_xls, read_xls),
    "docx": (builders.target_table_docx, read_docx),
    "pdf": (builders.target_table_pdf, partial(read_pdf, limits=IN_PROCESS)),
    "csv": (lambda: builders.csv_bytes(builders.CSV_ROWS, "gbk"), read_csv),
}


@pytest.mark.parametrize("kind", sorted(READERS))
def test_it_gives_only_clean_errors_on_mutated_files(kind: str) -> None:
    build, read = READERS[kind]
    original = build()
    rng = random.Random(kind)
    for _ in range(60):
        data = mutated(original, rng)
        for action in (detect_format, read):
            try:
                action(data, f"m.{kind}")
            except InputError as error:
                assert error.location is not None and error.location.file == f"m.{kind}"


# ── issue 13: the kinds of hostile input, each as a kind ──────────────────────────────────────


@pytest.mark.parametrize(
    ("base", "member"),
    [
        (builders.target_table_docx, "word/document.xml"),
        (builders.target_table_docx, "word/styles.xml"),  # a member no reader asks for
        (builders.target_table_xlsx, "xl/styles.xml"),
    ],
)
def test_it_refuses_any_zip_member_that_inflates_beyond_its_declared_size(
    base: Callable[[], bytes], member: str
) -> None:
    liar = builders.zip_bomb(base(), member, megabytes=300, declared=20_000)
    name = "liar.docx" if member.startswith("word/") else "liar.xlsx"

    errors: list[InputError] = []
    peak = peak_memory_mb(lambda: errors.append(refusal(lambda: plans_from_bytes(liar, name))))

    assert "超过了声明" in errors[0].message and member in errors[0].message
    assert errors[0].location is not None and errors[0].location.file == name
    assert peak < 50


HELLO = b"BT /F1 12 Tf 72 100 Td (hello) Tj ET"


@pytest.mark.parametrize(
    "filters",
    [
        ["FlateDecode", "FlateDecode"],
        ["ASCIIHexDecode", "FlateDecode"],
        ["ASCII85Decode", "FlateDecode", "FlateDecode"],
    ],
)
def test_it_bounds_streams_under_stacked_filters(filters: list[str]) -> None:
    bomb = builders.one_page_pdf(builders.filtered_stream(bytes(8 * 1024 * 1024), filters))
    small = builders.one_page_pdf(builders.filtered_stream(HELLO, filters))
    limits = Limits(max_uncompressed_bytes=4 * 1024 * 1024, isolate_pdf=False)

    assert len(bomb) < 20_000
    error = refusal(lambda: read_pdf(bomb, "stacked.pdf", limits))
    assert "stacked.pdf" in str(error) and "超过上限" in error.message
    assert read_pdf(small, "small.pdf", limits)[0].text_before[0].text == "hello"


@pytest.mark.parametrize("loop", [[b"5 0 R"], [b"6 0 R", b"5 0 R"], [b"6 0 R", b"7 0 R", b"5 0 R"]])
def test_it_refuses_reference_loops_in_a_pdf(loop: list[bytes]) -> None:
    data = builders.one_page_pdf(builders.filtered_stream(HELLO, []), media_box=b"5 0 R", extra=loop)

    error = refusal(lambda: read_pdf(data, "loop.pdf", IN_PROCESS))

    assert "loop.pdf" in str(error) and "循环" in error.message and "5 0 R" in error.message


HOSTILE = Path(__file__).resolve().parent.parent.parent / "shared" / "cases" / "hostile-2026-11"


@pytest.mark.skipif(not HOSTILE.is_dir(), reason="the shared hostile cases are not here")
@pytest.mark.parametrize("name", ["p_refloop.pdf", "p_flatebomb_double.pdf"])
def test_it_bounds_the_child_process_on_the_hostile_pdfs_even_without_the_checks(name: str) -> None:
    """The child's own limits, on the files the checks of pdf_guard refuse first: without them
    (``checks=False``) only the child's clock and its address space stop pdfminer."""
    limits = Limits(max_pdf_seconds=5, max_pdf_memory_bytes=600 * 1024 * 1024)

    error = refusal(lambda: read_pdf_isolated((HOSTILE / name).read_bytes(), name, limits, checks=False))

    assert name in str(error) and ("秒" in error.message or "内存" in error.message)


def test_it_reads_a_pdf_in_the_child_process_as_in_process() -> None:
    data = builders.target_table_pdf()

    assert read_pdf(data, "t.pdf") == read_pdf(data, "t.pdf", IN_PROCESS)


@pytest.mark.parametrize("blank_lines", [0, 1])
def test_it_counts_the_cells_of_extracted_text_against_the_file_budget(blank_lines: int) -> None:
    data = ("\ta\n" + "\n" * blank_lines).encode() * 400_000

    errors: list[InputError] = []
    peak = peak_memory_mb(lambda: errors.append(refusal(lambda: plans_from_bytes(data, "big.txt"))))

    assert "big.txt" in str(errors[0]) and "上限" in errors[0].message
    assert peak < 100


def test_it_refuses_one_endless_cell_of_extracted_text_at_its_line() -> None:
    data = b"\t\xe5\x90\x8d\n" + b"x\n" * 200_000

    error = refusal(lambda: plans_from_bytes(data, "long.txt"))

    assert "long.txt 第1行" in str(error) and "上限" in error.message


def test_it_counts_the_padded_area_of_a_ragged_csv() -> None:
    data = (",".join(["a"] * 400) + "\n" + "b\n" * 5_000).encode()

    error = refusal(lambda: read_csv(data, "ragged.csv", Limits(max_cells=1_000_000)))

    assert "ragged.csv" in str(error) and "单元格总数" in error.message


@pytest.mark.parametrize(("name", "text"), [("deep.json", "[" * 100_000), ("deep.txt", '{"a":' * 50_000)])
def test_it_refuses_deeply_nested_json_before_parsing_it(name: str, text: str) -> None:
    error = refusal(lambda: plans_from_bytes(text.encode(), name))

    assert name in str(error) and "嵌套层数" in error.message
