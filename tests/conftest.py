"""Shared test fixtures."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import settings

# No time limit per example: on a shared, loaded machine one example can take 600 ms and the property
# would fail for timing alone (speed is measured by benchmarks/, never by tests).
settings.register_profile("jixiao", deadline=None)
settings.load_profile("jixiao")


@pytest.fixture
def seed_path() -> Path:
    """The seed document (株洲市工信局 2023 绩效目标, extracted text), as kept in ``examples/``."""
    return Path(__file__).parent.parent / "examples" / "zhuzhou-gxj-2023-targets.txt"
