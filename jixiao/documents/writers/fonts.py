"""Fonts (字体): the names Office files use and the CJK font jixiao ships for PDF and charts.

Office documents name the fonts government templates use (宋体 for headings and labels, 仿宋 for
the body); Word, WPS and LibreOffice substitute their own CJK font where these are missing. PDFs and
chart images cannot rely on the reader's fonts: they use the font shipped in
``jixiao/documents/fonts`` (Noto Sans CJK SC, subset to the characters of official tables, SIL OFL).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

HEADING_FONT = "宋体"
BODY_FONT = "仿宋"
LATIN_FONT = "Times New Roman"

FONT_DIR = Path(__file__).resolve().parent.parent / "fonts"
CJK_FONT_FILE = FONT_DIR / "NotoSansSC-jixiao.otf"
CJK_FONT_FAMILY = "NotoSansSC-jixiao"
"""The family name the shipped font is registered under (CSS @font-face and matplotlib)."""


@cache
def matplotlib_font_family() -> str:
    """Register the shipped font with matplotlib's font manager; return the family name to use."""
    from matplotlib import font_manager

    font_manager.fontManager.addfont(str(CJK_FONT_FILE))
    return font_manager.FontProperties(fname=str(CJK_FONT_FILE)).get_name()
