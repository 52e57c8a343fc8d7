"""The followup endpoints: the same actions and scoped reads as the pages."""

from __future__ import annotations

from ninja import Router

router = Router(tags=["followup"])
