"""Shared test fixtures."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture
def seed_path() -> Path:
    """The seed document (株洲市工信局 2023 绩效目标, extracted text), as kept in ``examples/``."""
    return Path(__file__).parent.parent / "examples" / "zhuzhou-gxj-2023-targets.txt"
