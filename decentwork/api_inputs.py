"""Input types shared by the API routers. Each bound here keeps a value the database
cannot handle from reaching it: the client gets a 422 naming the field instead of a
500 (both found by schemathesis)."""

from __future__ import annotations

from typing import Annotated

from ninja import Field, Schema
from ninja.pagination import LimitOffsetPagination
from pydantic import AfterValidator


# PostgreSQL cannot store or compare NUL characters.
def _refuse_nul(value: str) -> str:
    if "\x00" in value:
        raise ValueError("must not contain NUL (\\u0000) characters")
    return value


StoredText = Annotated[str, AfterValidator(_refuse_nul)]


class BoundedLimitOffset(LimitOffsetPagination):
    """Limit/offset pagination whose numbers fit a database integer (SQLite refuses
    larger ones); pages hold at most 200 items."""

    class Input(Schema):
        limit: int = Field(50, ge=1, le=200)
        offset: int = Field(0, ge=0, le=100_000_000)


# A row id a client filters by: the range of a database bigint (SQLite refuses a
# larger number in a comparison with a foreign key instead of matching nothing).
RowId = Annotated[int, Field(ge=1, le=2**63 - 1)]
