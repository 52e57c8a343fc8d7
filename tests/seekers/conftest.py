"""The browser fixtures for this folder's browser tests, shared with the session's
browser when tests/browser has one open (see tests/recommendations/conftest.py)."""

from tests.recommendations.conftest import browser, log_in, page  # noqa: F401
