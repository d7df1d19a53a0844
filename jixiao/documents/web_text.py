"""Text as web pages give it (网页文本): pipe rows, Markdown tables, aligned columns, one cell a line,
and targets announced in prose.

The forms, line by line (a text that is the seed's extracted-text format goes to ``text_reader``):

- **Pipe rows** ``a | b | c |`` and **Markdown tables** ``| a | b |`` (with their ``|---|`` rule,
  which is skipped): one cell per ``|``-separated field; a leading or trailing ``|`` ends the row,
  it makes no empty cell. A line of nothing but bars ("|", "| |||") is skipped.
- **Aligned columns**: cells separated by tabs or by two or more spaces.
- **One cell a line**: lines with no separator, a blank line ending the row.
- **Prose** (a 公示 page): "数量指标:种植数量(≥**株)>=17600株；成活率>=85%；时效指标:完成及时率100%" —
  category labels ending in 指标 and a colon, then indicators separated by ；/; each a name and its
  value; they become rows under a header of 一级指标 | 二级指标 | 三级指标 | 指标值, so layout reads
  them like any table.

Two or more blank lines end a grid. In a grid, a row with fewer cells than the widest row (the
header) — three or more, missing at most half — is aligned from the right: its leading cells were
merged cells the page lost, and they take the texts of the row above (as merged copies, which layout
reads as a merged category).

Every cell's ``Location`` is the file, its 1-based line and, in a row of several cells, its column.
"""

from __future__ import annotations

import re
from dataclasses import replace

from jixiao.core.errors import InputError, Location
from jixiao.core.values import parse_comparator
from jixiao.core.wording import level1_of_level2
from jixiao.documents.grid import Cell, Grid
from jixiao.documents.limits import DEFAULT_LIMITS, Limits, TextBudget
from jixiao.documents.text_reader import looks_binary, split_lines

GRID_BREAK_BLANK_LINES = 2
_MARKDOWN_RULE = re.compile(r"^\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?$")
_ALIGNED = re.compile(r"\t+|[ \u3000]{2,}")
_PIPE_MIN = 2  # "|" in a line to be a pipe row (a b | c has one: not a row of cells)


def looks_like_pipe_table(text: str) -> bool:
    """Whether most non-blank lines are pipe rows (``a | b |``) or Markdown table rows."""
    lines = [line.strip() for line in split_lines(text) if line.strip()]
    if not lines:
        return False
    pipes = sum(1 for line in lines if line.count("|") >= _PIPE_MIN)
    return pipes * 2 >= len(lines)


def read_web_text(text: str, file: str, limits: Limits = DEFAULT_LIMITS) -> list[Grid]:
    """Text in the forms of the module docstring → grids of cells with their lines (读取网页文本).

    Raises ``InputError`` naming ``file`` for an empty text, for binary content, and for more cells or
    text than ``limits`` allow (the same file-wide budget as every other reader).
    """
    where = Location(file=file)
    text = text.removeprefix("\ufeff")
    if not text.strip():
        raise InputError("文件是空的，没有任何文字内容", where)
    if looks_binary(text):
        raise InputError("文件含有二进制内容（控制字符），不是文字文件，无法读取", where)
    lines = list(split_lines(text))
    paragraphs = _cell_paragraphs_grid(lines, file) if looks_like_cell_paragraphs(lines) else None
    if looks_like_cell_lines(lines):
        grids = [_cell_lines_grid(lines, file)]
    elif paragraphs is not None:
        grids = [paragraphs]
    else:
        reader = _Reader(file)
        for number, line in join_broken_rows(lines):
            reader.line(number, line)
        grids = reader.finish()
    budget = TextBudget(file, limits)
    for grid in grids:
        for row in grid.rows:
            try:
                budget.add_row([cell.text for cell in row])
            except InputError as refused:  # say where the row that passed the limit begins
                raise InputError(refused.message, row[0].location if row else where) from refused
    return grids


# ── pipe rows broken over lines ──────────────────────────────────────────────────────────────

_PADDED = re.compile(r"\|\s*\|\s*$")  # a row ended by empty cells: "… | 10 | |||||"


def join_broken_rows(lines: list[str]) -> list[tuple[int, str]]:
    """Lines as (1-based number, text), pipe rows a page broke over several lines joined into one.

    Some pages end every table row with the empty cells that pad it to the table's width
    ("年度资金总额 | 7.29 | 7.29 | ||||") and break a row wherever a cell held a line break
    ("|" / "项目资金 (万元) |" / "年初预算数 | … | ||||"). When most pipe lines end so, a line
    ending with a single bar, with fewer cells than the widest padded row, goes on to the next
    line, until a line ending with the padding or a blank line (or twice the width is gathered). A
    text whose rows end with one bar (Markdown) is left as it is."""
    numbered = list(enumerate(lines, start=1))
    pipe_lines = [line.strip() for line in lines if "|" in line and line.strip().strip("|│ \t")]
    padded = [line for line in pipe_lines if _PADDED.search(line)]
    if not pipe_lines or len(padded) * 2 < len(pipe_lines):
        return numbered
    width = max(len(_fields(line)) for line in padded)
    out: list[tuple[int, str]] = []
    gathering: tuple[int, str] | None = None
    for number, line in numbered:
        stripped = line.strip()
        if gathering is not None:
            if not stripped:
                out.append(gathering)
                gathering = None
            else:
                gathering = (gathering[0], f"{gathering[1]}\n{stripped}")
                if _PADDED.search(stripped) or len(_fields(gathering[1])) > 2 * width:
                    out.append(gathering)
                    gathering = None
                continue
        if stripped.endswith("|") and not _PADDED.search(stripped) and len(_fields(stripped)) < width:
            gathering = (number, stripped)
            continue
        out.append((number, line))
    if gathering is not None:
        out.append(gathering)
    return out


# ── one cell a paragraph ─────────────────────────────────────────────────────────────────────

_EMPTY_CELL = re.compile(r"^[\s\u00a0\u3000]+$")  # a paragraph of only (non-breaking) spaces
CELL_PARAGRAPHS_MIN = 8


def looks_like_cell_paragraphs(lines: list[str]) -> bool:
    """Whether the text is one cell a paragraph: no bars or tabs, and nearly every non-empty line
    (a line of only non-breaking spaces is an empty cell) stands alone between empty lines."""
    filled = [index for index, line in enumerate(lines) if line]
    if len(filled) < CELL_PARAGRAPHS_MIN or any("|" in lines[i] or "\t" in lines[i] for i in filled):
        return False
    alone = sum(
        1 for i in filled if (i + 1 >= len(lines) or not lines[i + 1]) and (i == 0 or not lines[i - 1])
    )
    return alone * 10 >= len(filled) * 9


def _cell_paragraphs_grid(lines: list[str], file: str) -> Grid | None:
    """One cell a paragraph (a page that made every table cell a paragraph, 廊坊's 自评表): the cells
    in order, an all-space paragraph an empty cell; a word the page broke over two paragraphs joined
    again ("年度" / "指标值", "经济效益" / "指标"); then the funds block, the header, and the rows under
    it by what they hold (``segment_rows``). None when no indicator header stands among the cells: the
    paragraphs are prose, read line by line."""
    cells = [
        Cell("" if _EMPTY_CELL.match(line) else line.strip(), Location(file=file, line=number))
        for number, line in enumerate(lines, start=1)
        if line
    ]
    cells = join_broken_words(cells)
    run = header_run(cells)
    if run is None:
        return None
    start, end = run
    rows = [*funds_rows(cells[:start]), cells[start:end], *segment_rows(cells[end:], cells[start:end])]
    rows = [row for row in rows if any(not cell.blank for cell in row)]
    return Grid(rows=rows, source=Location(file=file, line=rows[0][0].location.line))


def join_broken_words(cells: list[Cell]) -> list[Cell]:
    """Two neighbouring cells that are one header, funds heading or category broken in two
    ("年度" + "指标值", "年初" + "预算数", "经济效益" + "指标", "满意度" + "指标"): the first names
    nothing alone (or the second is the bare word 指标), the two together do."""
    from jixiao.documents.layout.headers import match_column
    from jixiao.documents.layout.info import fund_heading

    def names(text: str) -> bool:
        return (
            match_column(text) is not None or fund_heading(text) is not None or _kind_of(text) in _CATEGORIES
        )

    out: list[Cell] = []
    for cell in cells:
        previous = out[-1] if out else None
        if previous is not None and not previous.blank and not cell.blank:
            joined = previous.text + cell.text
            broken = not names(previous.text) or (cell.text == "指标" and _kind_of(joined) in _CATEGORIES)
            if broken and names(joined):
                out[-1] = Cell(joined, previous.location)
                continue
        out.append(cell)
    return out


def header_run(cells: list[Cell]) -> tuple[int, int] | None:
    """Where an indicator table's header stands in a stream of cells: three or more cells in a row
    that each name a column and together make a header; None when there is none."""
    from jixiao.documents.layout.headers import build_header, match_column

    for start in range(len(cells)):
        end = start
        while end < len(cells) and not cells[end].blank and match_column(cells[end].text) is not None:
            end += 1
        if end - start >= 3 and build_header([cells[start:end]]) is not None:
            return start, end
    return None


def segment_rows(cells: list[Cell], header: list[Cell]) -> list[list[Cell]]:
    """The cells under a header in a stream, cut into rows by what they hold: a row is its leading
    categories (一级, 二级), its name, and the cells of the columns after the name; an empty cell
    where a row would start is a stray and is skipped; a label that ends a table (评价结论 …)
    and the cells after it are one a row."""
    from jixiao.documents.layout.headers import Column, build_header, header_key
    from jixiao.documents.layout.rows import END_LABELS

    built = build_header([header])
    if built is None or Column.NAME not in built.columns:
        return _chunks(cells, len(header))
    name_at = built.columns[Column.NAME]
    after_name = len(header) - name_at - 1
    level_at = [built.columns.get(Column.LEVEL1), built.columns.get(Column.LEVEL2)]
    rows: list[list[Cell]] = []
    above: list[Cell] = []
    categories: list[Cell] = []
    index = 0
    while index < len(cells):
        cell = cells[index]
        if header_key(cell.text) in END_LABELS:
            rows.extend([[c] for c in cells[index:]])
            return rows
        if not categories and cell.blank:
            index += 1
            continue
        if _kind(cell) in _CATEGORIES and len(categories) < 2:
            categories.append(cell)
            index += 1
            continue
        row = [Cell("", replace(cell.location, column=None))] * name_at
        row = [Cell(c.text, c.location, merged=True) if not c.blank else c for c in above[:name_at]] + row[
            len(above[:name_at]) :
        ]
        for level, category in _place_categories(categories, level_at):
            row[level] = category
            for lower in range(level + 1, name_at):  # a new 一级 starts its 二级 afresh
                if row[lower].merged:
                    row[lower] = Cell("", row[lower].location)
        row += cells[index : index + 1 + after_name]
        rows.append(row)
        above = row
        categories = []
        index += 1 + after_name
    if categories:
        rows.append(categories)
    return rows


def _place_categories(categories: list[Cell], level_at: list[int | None]) -> list[tuple[int, Cell]]:
    """Where a row's leading categories go: two are its 一级 and 二级; one goes to its own level."""
    places = [at for at in level_at if at is not None]
    if len(categories) == 2 and len(places) == 2:
        return list(zip(places, categories, strict=True))
    if len(categories) == 1 and places:
        level1, level2 = level_at
        is_level2 = _kind(categories[0]) == _L2 or (_kind(categories[0]) == _L12 and level2 is not None)
        at = level2 if is_level2 and level2 is not None else (level1 if level1 is not None else places[0])
        return [(at, categories[0])]
    return list(zip(places, categories, strict=False))


# ── one cell a line, each ended by a bar ─────────────────────────────────────────────────────

_BARS_ONLY = re.compile(r"^[|│\s]*$")


def looks_like_cell_lines(lines: list[str]) -> bool:
    """Whether most non-blank lines are one cell ended by a bar ("项目名称 |", "|"): a page whose
    table cells came out one a line."""
    filled = [line.strip() for line in lines if line.strip()]
    cells = sum(1 for line in filled if line.endswith("|") and line.count("|") == 1)
    return bool(filled) and cells * 2 >= len(filled)


def _cell_lines_grid(lines: list[str], file: str) -> Grid:
    """Cells one a line ("文字 |"; a lone "|" is an empty cell); a line of two or more bars or a blank
    line ends a row; a line of several cells is a row of its own. A row that holds an indicator
    table's header among its cells (no row ends on the page) is cut there, and the cells after it
    into rows of the header's width."""
    rows: list[list[Cell]] = []
    row: list[Cell] = []

    def close() -> None:
        nonlocal row
        if row:
            rows.extend(split_at_header(row))
            row = []

    for number, line in enumerate(lines, start=1):
        stripped = line.strip()
        if not stripped or (_BARS_ONLY.match(stripped) and stripped.count("|") >= 2):
            close()
            continue
        fields = _fields(stripped) if stripped.count("|") >= 2 else [stripped.removesuffix("|").strip()]
        if len(fields) > 1:
            close()
            rows.append(
                [Cell(text, Location(file=file, line=number, column=i + 1)) for i, text in enumerate(fields)]
            )
            continue
        row.append(Cell(fields[0], Location(file=file, line=number)))
    close()
    rows = [r for r in rows if any(not cell.blank for cell in r)]
    if rows:
        rows = align_short_rows(rows)
    first = next((r[0].location.line for r in rows if r), 1)
    return Grid(
        rows=rows or [[Cell("", Location(file=file, line=1))]], source=Location(file=file, line=first)
    )


def split_at_header(row: list[Cell]) -> list[list[Cell]]:
    """A row of cells with an indicator table's header inside: the cells before it one a row, the
    header, then the cells after it in rows of the header's width."""
    from jixiao.documents.layout.headers import build_header, match_column

    if all(cell.blank or match_column(cell.text) is not None for cell in row):
        return [row]  # the header row itself
    for start in range(len(row)):
        end = start
        while end < len(row) and not row[end].blank and match_column(row[end].text) is not None:
            end += 1
        if end - start >= 3 and (end < len(row) or start > 0) and build_header([row[start:end]]) is not None:
            return [*funds_rows(row[:start]), row[start:end], *_chunks(row[end:], end - start)]
    return [row]


def funds_rows(cells: list[Cell]) -> list[list[Cell]]:
    """Cells before an indicator table, one a row, except a funds block (预算执行情况) among them: a
    run of three or more amount headings (年初预算 | 调整后预算数 | 预算执行数 | … | 得分) and the
    headings after it make the head row, behind an empty cell for the row labels; then each row
    starts at its label (总额, 其中：财政资金, 其他资金 …) and takes the cells up to the next label,
    at most one more than the head; a caption, a heading, an information label or a full row ends
    the block."""
    from jixiao.documents.layout.headers import is_caption, match_column
    from jixiao.documents.layout.info import fund_heading, info_label, is_fund_label

    rows: list[list[Cell]] = []
    index = 0
    while index < len(cells):
        end = index
        while end < len(cells) and not cells[end].blank and fund_heading(cells[end].text) is not None:
            end += 1
        if end - index < 3:
            rows.append([cells[index]])
            index += 1
            continue
        head = [Cell("", replace(cells[index].location, column=None)), *cells[index:end]]
        while end < len(cells) and not cells[end].blank and not is_fund_label(cells[end].text):
            head.append(cells[end])
            end += 1
        rows.append(head)
        row: list[Cell] = []
        while end < len(cells):
            cell = cells[end]
            text = cell.text
            if is_fund_label(text):
                if row:
                    rows.append(row)
                row = [cell]
            elif (
                not row
                or len(row) >= len(head)
                or is_caption(text)
                or match_column(text) is not None
                or info_label(text) is not None
            ):
                break
            else:
                row.append(cell)
            end += 1
        if row:
            rows.append(row)
        index = end
    return rows


def _chunks(cells: list[Cell], width: int) -> list[list[Cell]]:
    """Cells in rows of ``width``; a label that ends a table (评价结论, 项目负责人 …) starts a row of
    its own, with its value after it."""
    from jixiao.documents.layout.headers import header_key
    from jixiao.documents.layout.rows import END_LABELS

    rows: list[list[Cell]] = []
    row: list[Cell] = []
    for cell in cells:
        ends = header_key(cell.text) in END_LABELS
        if row and (len(row) == width or ends):
            rows.append(row)
            row = []
        row.append(cell)
    if row:
        rows.append(row)
    return rows


class _Reader:
    def __init__(self, file: str) -> None:
        self.file = file
        self.grids: list[Grid] = []
        self.rows: list[list[Cell]] = []
        self.block: list[Cell] = []  # one cell a line: the row being gathered
        self.blank_run = 0

    def at(self, line: int, column: int | None = None) -> Location:
        return Location(file=self.file, line=line, column=column)

    def line(self, number: int, line: str) -> None:
        stripped = line.strip()
        if not stripped:
            self.close_block()
            self.blank_run += 1
            if self.blank_run >= GRID_BREAK_BLANK_LINES:
                self.close_grid()
            return
        self.blank_run = 0
        if _MARKDOWN_RULE.match(stripped) and "-" in stripped:
            return
        if not stripped.strip("|│ \t\u3000"):
            return  # a row of empty cells ("|", "| |||"): what a page leaves between table rows
        fields = _fields(stripped)
        if len(fields) >= 2 or "|" in stripped:  # a pipe row, even of one cell ("其他资金 | |||")
            self.close_block()
            self.rows.append([Cell(text, self.at(number, index + 1)) for index, text in enumerate(fields)])
            return
        prose = prose_indicators(stripped)
        if prose:
            self.close_block()
            self.close_grid()
            self.grids.append(self.prose_grid(number, prose))
            return
        self.block.append(Cell(stripped, self.at(number)))

    def prose_grid(self, number: int, items: list[tuple[str, str, str, str]]) -> Grid:
        header = ["一级指标", "二级指标", "三级指标", "指标值"]
        rows = [[Cell(text, self.at(number, index + 1)) for index, text in enumerate(header)]]
        rows += [[Cell(text, self.at(number)) for text in item] for item in items]
        return Grid(rows=rows, source=self.at(number), name=f"第{number}行")

    def close_block(self) -> None:
        if self.block:
            self.rows.append(self.block)
            self.block = []

    def close_grid(self) -> None:
        self.close_block()
        if self.rows:
            rows = align_short_rows(join_header_rows(self.rows))
            first = rows[0][0].location
            self.grids.append(Grid(rows=rows, source=Location(file=self.file, line=first.line)))
            self.rows = []

    def finish(self) -> list[Grid]:
        self.close_grid()
        return self.grids


def _fields(line: str) -> list[str]:
    """A line's cells: pipe-separated (a leading or trailing "|" makes no cell), else aligned."""
    if line.count("|") >= _PIPE_MIN or (line.startswith("|") and line.endswith("|") and len(line) > 1):
        inner = line.removeprefix("|").removesuffix("|")
        cells = [cell.strip() for cell in inner.split("|")]
        while len(cells) > 1 and not cells[-1]:
            cells.pop()  # "结论 | 好 | |||||": empty cells after the last are no cells
        return cells
    return [cell for cell in _ALIGNED.split(line) if cell]


def join_header_rows(rows: list[list[Cell]]) -> list[list[Cell]]:
    """A two-row header whose cells lost their places, made one row.

    "绩效指标 | 年度指标值 | 实际完成值 | 分值 | 得分" over "一级指标 | 二级指标 | 三级指标 | 指标性质 |
    指标值 | 度量单位": the upper row's group cells (a caption, or a column the lower row names again)
    stood over the lower row's cells; its other cells spanned both rows, after them. The result is
    the lower row followed by those cells, when the rows under it are wider than the lower row."""
    from jixiao.documents.layout.headers import Column, is_caption, match_column

    out: list[list[Cell]] = []
    index = 0
    while index < len(rows):
        row = rows[index]
        lower = rows[index + 1] if index + 1 < len(rows) else None
        below = rows[index + 2] if index + 2 < len(rows) else None
        if lower is not None and below is not None and len(below) > len(lower) and row and lower:
            upper_columns = [None if c.blank else match_column(c.text) for c in row]
            lower_named = {m[0] for c in lower if not c.blank and (m := match_column(c.text))}
            starts = is_caption(row[0].text) and match_column(lower[0].text) is not None
            if (
                starts
                and Column.NAME in lower_named
                and Column.NAME not in {m[0] for m in upper_columns if m}
            ):
                spanning = [
                    cell
                    for cell, match in zip(row, upper_columns, strict=True)
                    if match is not None and match[0] not in lower_named and match[0] is not Column.TARGET
                ]
                if spanning:
                    width = len(lower)
                    moved = [
                        Cell(c.text, replace(c.location, column=width + i + 1))
                        for i, c in enumerate(spanning)
                    ]
                    out.append(lower + moved)
                    index += 2
                    continue
        out.append(row)
        index += 1
    return out


def align_short_rows(rows: list[list[Cell]]) -> list[list[Cell]]:
    """Rows after the widest one (the header) with fewer cells put under their columns; their missing
    leading cells take the row above's texts as merged copies. Only rows of three cells or more that
    miss at most half the width ("合计 | 54" or "评价结论 | …" are labelled rows, not short ones), or
    rows that start with a category (a 一级 or 二级 category with its indicator cells empty).

    Empty cells at a row's end do not count (pages pad rows unevenly). The shift is the one under
    which the row's cells best fit what the columns hold (``_fit``: a 一级 or 二级 category under a
    category column, 定量 or a comparator under 指标值类型, numbers under 分值 and 得分, not under
    the name) judged against the header's column names and the row above; on a tie the row is aligned from the
    right (its lost leading cells were merged cells)."""
    width = max(len(row) for row in rows)
    start = next(index for index, row in enumerate(rows) if len(row) == width)
    aligned = rows[: start + 1]
    header_kinds = _header_kinds(rows[start])
    for row in rows[start + 1 :]:
        above = aligned[-1]
        header_kinds = _header_kinds(above) or header_kinds
        length = len(row)
        while length > 1 and row[length - 1].blank:
            length -= 1
        missing = width - length
        short = length >= 3 and missing <= width // 2
        if length < width and len(above) == width and (short or _kind(row[0]) in (_L1, _L2, _L12)):
            references = [header_kinds, [] if _header_kinds(above) else [_kind(cell) for cell in above]]
            shift = max(
                range(missing + 1), key=lambda s: (sum(_fit(row[:length], ref, s) for ref in references), s)
            )
            copies = [Cell(cell.text, cell.location, merged=True) for cell in above[:shift]]
            moved = [_shifted(cell, shift) for cell in row[: width - shift]]
            padding = [Cell("", replace(row[-1].location, column=None))] * (width - shift - len(moved))
            row = copies + moved + padding
        aligned.append(row)
    return aligned


# What a cell holds, for aligning short rows: a 一级 or 二级 category, a comparator word, a number.
_L1, _L2, _L12, _CMP, _NUM, _TEXT, _NONE = "l1", "l2", "l12", "cmp", "num", "text", ""
_CATEGORIES = (_L1, _L2, _L12)
_LEVEL1_WORDS = frozenset(
    {"产出", "效益", "满意度", "成本", "项目产出", "项目效益", "项目效果", "项目完成", "效果"}
)
_NUMBER = re.compile(r"^[≥≤≧≦<>=＞＜＝﹦]*-?\d[\d.,]*%?$")


def _kind(cell: Cell) -> str:
    return _NONE if cell.blank else _kind_of(cell.text)


def _kind_of(text: str) -> str:
    from jixiao.documents.layout.headers import header_key

    key = header_key(text)
    base = key.removesuffix("指标")
    if base in _LEVEL1_WORDS:
        return _L12 if base == "成本" else _L1
    if key.endswith("指标") and level1_of_level2(key) is not None:
        return _L2
    if parse_comparator(text) is not None or key in ("定量", "定量指标"):
        return _CMP
    if _NUMBER.match(text.strip().replace(" ", "")):
        return _NUM
    return _TEXT


def _header_kinds(row: list[Cell]) -> list[str]:
    """What each column of a header row holds, by its name ([] when the row names fewer than three
    columns: it is no header)."""
    from jixiao.documents.layout.headers import Column, match_column

    kinds = {
        Column.LEVEL1: _L1,
        Column.LEVEL2: _L2,
        Column.NAME: _TEXT,
        Column.COMPARATOR: _CMP,
        Column.WEIGHT: _NUM,
        Column.STATED_SCORE: _NUM,
    }
    out = []
    for cell in row:
        match = None if cell.blank else match_column(cell.text)
        out.append(kinds.get(match[0], _NONE) if match else _NONE)
    named = sum(1 for cell in row if not cell.blank and match_column(cell.text) is not None)
    return out if named >= 3 else []


def _fit(row: list[Cell], reference: list[str], shift: int) -> int:
    """How well a row's cells, moved right by ``shift``, fit the kinds of the reference row."""
    score = 0
    for index, cell in enumerate(row):
        column = index + shift
        if column >= len(reference) or not reference[column] or cell.blank:
            continue
        have, want = _kind(cell), reference[column]
        categories = (_L1, _L2, _L12)
        if have in categories and want in categories:
            score += 2 if _L12 in (have, want) or have == want else -2
        elif have in categories or want in categories:
            score -= 2 if want != _TEXT else 1
        elif have == _CMP or want == _CMP:
            score += 2 if have == want else (-2 if want != _TEXT else 0)
        elif have == _NUM and want == _NUM:
            score += 1
        elif have == _NUM and want == _TEXT:
            score -= 1
    return score


def _shifted(cell: Cell, columns: int) -> Cell:
    column = cell.location.column
    if column is None:
        return cell
    return Cell(cell.text, replace(cell.location, column=column + columns), cell.merged)


# ── prose ────────────────────────────────────────────────────────────────────────────────────

_CATEGORY = re.compile(
    r"((?:产出|效益|满意度|成本|数量|质量|时效|经济效益|社会效益|生态效益|可持续影响|服务对象满意度"
    r"|经济成本|社会成本|生态环境成本)指标)\s*[:：]"
)
LEVEL1_LABELS = frozenset({"产出指标", "效益指标", "满意度指标", "成本指标"})
_ITEM_SPLIT = re.compile(r"[；;。\n]+")
_COMPARATORS = (">=", "<=", "=>", "=<", "≥", "≤", "≧", "≦", "＞", "＜", ">", "<", "=", "＝")
_COMPARATOR_WORDS = (
    "不少于",
    "不低于",
    "不高于",
    "不超过",
    "不大于",
    "不小于",
    "达到",
    "大于",
    "小于",
    "低于",
    "高于",
)
_TRAILING_VALUE = re.compile(r"^(?P<name>.*?[^\d.\s])(?P<value>\d[\d.,]*\s*[^\d\s]{0,4})$")


def prose_indicators(text: str) -> list[tuple[str, str, str, str]]:
    """Indicators announced in prose (文字公示的指标): (一级, 二级, 三级 name, value) each; an empty list
    when the text names no indicator category followed by a colon."""
    marks = list(_CATEGORY.finditer(text))
    if not marks:
        return []
    items: list[tuple[str, str, str, str]] = []
    level1 = level2 = ""
    for position, mark in enumerate(marks):
        label = mark.group(1)
        family = level1_of_level2(label)
        if family is None or label in LEVEL1_LABELS:
            level1, level2 = label, ""
        else:
            level1, level2 = family, label
        end = marks[position + 1].start() if position + 1 < len(marks) else len(text)
        for part in _ITEM_SPLIT.split(text[mark.end() : end]):
            item = part.strip(" ，,、…")
            if item:
                name, value = split_item(item)
                items.append((level1, level2, name, value))
    return items


def split_item(item: str) -> tuple[str, str]:
    """An announced indicator → (name, value): the value starts at the first comparator outside
    brackets ("种植数量(≥**株)>=17600株" → 种植数量(≥**株), >=17600株), else it is the trailing number
    ("完成及时率100%"); with neither, the text is a 定性 target named by itself."""
    depth = 0
    for index, char in enumerate(item):
        if char in "(（":
            depth += 1
        elif char in ")）":
            depth = max(0, depth - 1)
        elif depth == 0 and index > 0:
            rest = item[index:]
            if rest.startswith(_COMPARATORS) or rest.startswith(_COMPARATOR_WORDS):
                return item[:index].strip(), rest.strip()
    match = _TRAILING_VALUE.match(item)
    if match:
        return match.group("name").strip(), match.group("value").strip()
    return item, item
