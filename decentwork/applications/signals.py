"""Signals the applications app sends to the apps above it (ADR 0012: signals go upward).

``placement_recorded`` is sent inside the action's transaction, once the placement
row exists, with ``placement=``: receivers write in the same transaction, so their
rows are written (or rolled back) together with the placement.
"""

from __future__ import annotations

from django.dispatch import Signal

# Sent with sender=Placement and placement=<the new Placement>.
placement_recorded = Signal()
