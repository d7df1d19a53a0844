"""JSON in and out (JSON 读写) through msgspec: decimals stay exact both ways.

``loads`` reads every number with a fraction or exponent as a ``Decimal`` from its own digits (never
through a float) and whole numbers as ``int``; ``dumps`` writes a ``Decimal`` as a JSON number with
the digits it has (6.00 stays 6.00), enums by their value, and indents only when asked (a terminal).
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

import msgspec

from jixiao.core.errors import InputError, Location

__all__ = ["dumps", "loads"]

_DECODER = msgspec.json.Decoder(float_hook=Decimal)
_ENCODER = msgspec.json.Encoder(decimal_format="number")


def loads(data: bytes | str, name: str) -> Any:
    """The JSON document in ``data`` (UTF-8, a BOM allowed). Raises InputError naming ``name`` and the
    byte where the JSON goes wrong."""
    if isinstance(data, bytes) and data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return _DECODER.decode(data)
    except msgspec.DecodeError as exc:
        # msgspec refuses text that the standard parser reads (lone surrogates "\ud800", which the
        # bounds then refuse naming their field) and says less where the JSON is broken (no line):
        # the standard parser reads it again, slower, for the answer or the words.
        return _loads_standard(data, name, exc)


def _loads_standard(data: bytes | str, name: str, first: Exception) -> Any:
    import json

    try:
        return json.loads(data, parse_float=Decimal, parse_int=Decimal)
    except json.JSONDecodeError as exc:
        where = Location(file=name, line=exc.lineno, column=exc.colno)
        raise InputError(f"不是有效的 JSON（{exc.msg}）", where) from first
    except (UnicodeDecodeError, RecursionError, ValueError) as exc:
        where_byte = re.search(r"byte (\d+)", str(first))
        at = f"（第 {int(where_byte.group(1)) + 1} 个字节附近）" if where_byte else ""
        raise InputError(f"不是有效的 JSON{at}", Location(file=name)) from exc


def dumps(obj: object, *, indent: bool = False) -> bytes:
    """``obj`` as UTF-8 JSON, compact unless ``indent`` (two spaces, for a person at a terminal)."""
    data = _ENCODER.encode(obj)
    return msgspec.json.format(data, indent=2) if indent else data
