"""Shared test fixtures."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import settings

# No timed tests (docs/conventions.md): hypothesis's per-example deadline fails property tests on a
# loaded machine (a 0.6 ms example took 666 ms once), so it is off; speed lives in benchmarks/.
settings.register_profile("jixiao", deadline=None)
settings.load_profile("jixiao")


@pytest.fixture
def seed_path() -> Path:
    """The seed document (株洲市工信局 2023 绩效目标, extracted text), as kept in ``examples/``."""
    return Path(__file__).parent.parent / "examples" / "zhuzhou-gxj-2023-targets.txt"
