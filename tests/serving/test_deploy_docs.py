"""docs/deploy.md names every variable the settings and the gunicorn configuration
read: a new setting without a line there fails here."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent.parent
READ = re.compile(r"(?:env_\w+|environ\.get)\(\s*\"([A-Z][A-Z0-9_]+)\"")


@pytest.mark.parametrize("source", ["decentwork/settings.py", "decentwork/serving/gunicorn_conf.py"])
def test_every_variable_is_documented(source: str) -> None:
    variables = set(READ.findall((ROOT / source).read_text()))
    assert len(variables) >= 3
    documented = set(re.findall(r"`([A-Z][A-Z0-9_]+)`", (ROOT / "docs" / "deploy.md").read_text()))
    assert variables - documented == set()
