from __future__ import annotations

from pathlib import Path

import pytest

from tests.taxonomy.esco_files import write_english_release


@pytest.fixture
def release(tmp_path: Path) -> Path:
    """A small, complete English release folder in the official layout."""
    return write_english_release(tmp_path / "esco")
