"""Layout understanding (版式识别): grids of cells → plans, by content, not position.

Every reader (text, xlsx, xls, docx, pdf, csv) produces ``Grid``s; this package finds the indicator
tables in them and reads the plans (绩效目标表, 自评表). Nothing here depends on where a table sits:
columns are recognised by their header text (``headers.COLUMN_SYNONYMS``, one header row or two),
the information and funds blocks by their labels (``info``), the rows under a header by what they
hold (``rows``), and the plan's kind by the words its own headings use. ``reader`` walks the rows of
all grids as one stream.

Every indicator keeps the ``Location`` of its name cell (file and sheet and cell, or page and row,
or line); a value that cannot be read raises ``ValueParseError`` naming its own cell.

After reading, a plan that states no unit name inherits it from the department plan before it in
the same document (a project table under a department table).
"""

from __future__ import annotations

from jixiao.documents.layout.headers import (
    CAPTIONS,
    COLUMN_SYNONYMS,
    COLUMN_TITLES,
    Column,
    ColumnSynonyms,
    Header,
    detect_header,
    header_key,
    match_column,
    recognise_header,
)
from jixiao.documents.layout.info import (
    DEPARTMENT_MARKERS,
    INFO_LABELS,
    KIND_TITLES,
    MONITORING_TITLES,
    PROJECT_MARKERS,
    InfoField,
    info_label,
    is_kind_title,
)
from jixiao.documents.layout.reader import plans_from_grids

__all__ = [
    "CAPTIONS",
    "COLUMN_SYNONYMS",
    "COLUMN_TITLES",
    "DEPARTMENT_MARKERS",
    "INFO_LABELS",
    "KIND_TITLES",
    "MONITORING_TITLES",
    "PROJECT_MARKERS",
    "Column",
    "ColumnSynonyms",
    "Header",
    "InfoField",
    "detect_header",
    "header_key",
    "info_label",
    "is_kind_title",
    "match_column",
    "plans_from_grids",
    "recognise_header",
]
