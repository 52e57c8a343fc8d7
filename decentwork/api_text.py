"""Text accepted by the API. PostgreSQL cannot store or compare NUL characters, so a
string holding one is refused at the boundary with a 422 naming the field, instead
of reaching the database and failing there (found by schemathesis)."""

from __future__ import annotations

from typing import Annotated

from pydantic import AfterValidator


def _refuse_nul(value: str) -> str:
    if "\x00" in value:
        raise ValueError("must not contain NUL (\\u0000) characters")
    return value


StoredText = Annotated[str, AfterValidator(_refuse_nul)]
