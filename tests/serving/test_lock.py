"""The lock files (requirements/*.lock, made by `make lock`) pin a version that
pyproject.toml allows for every dependency: a dependency added without refreshing
the locks fails here, before a fresh install would lack it."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest
from packaging.markers import Marker
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parent.parent.parent
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
# "name==version ; marker \" (uv pip compile --universal), one line a pin.
PIN = re.compile(r"^([A-Za-z0-9._-]+)==([^\s;\\]+)(?:\s*;\s*(.+?))?\s*\\?$")


def pins(lock: str) -> dict[str, str]:
    """The version each package has on this interpreter (a universal lock may pin
    one version per Python range)."""
    pinned = {}
    for line in (ROOT / "requirements" / lock).read_text().splitlines():
        match = PIN.match(line)
        if match and (match[3] is None or Marker(match[3]).evaluate()):
            pinned[canonicalize_name(match[1])] = match[2]
    return pinned


@pytest.mark.parametrize(("lock", "requirements"), [
    ("runtime.lock", PROJECT["dependencies"]),
    ("dev.lock", PROJECT["dependencies"] + PROJECT["optional-dependencies"]["dev"]),
])
def test_every_dependency_is_pinned_within_its_range(lock: str, requirements: list[str]) -> None:
    pinned = pins(lock)
    for text in requirements:
        requirement = Requirement(text)
        if requirement.marker and not requirement.marker.evaluate():
            continue
        name = canonicalize_name(requirement.name)
        assert name in pinned, f"{name} is not in requirements/{lock}: run make lock"
        assert requirement.specifier.contains(pinned[name], prereleases=True), (
            f"requirements/{lock} pins {name}=={pinned[name]}, outside {requirement.specifier}:"
            " run make lock")


def test_runtime_and_dev_agree_and_leave_the_benchmarks_out() -> None:
    runtime, dev = pins("runtime.lock"), pins("dev.lock")
    assert {name: dev.get(name) for name in runtime} == runtime
    assert "torch" not in dev


def test_every_pin_has_hashes() -> None:
    for lock in ("runtime.lock", "dev.lock"):
        text = (ROOT / "requirements" / lock).read_text()
        assert text.count("==") <= text.count("--hash=sha256:")
