"""Signals other apps listen to, so that seekers need not import them (they sit above it).

``consent_withdrawn`` is sent by ``actions.withdraw_consent`` inside its transaction,
after the seeker's own record is erased, with ``seeker`` (the :class:`JobSeeker`) and
``scope`` (a :class:`ConsentScope` value). A receiver that keeps a copy of what the
consent covered (e.g. a matching run's sealed snapshot) must forget it there and then:
withdrawal takes effect at once everywhere, and fails as a whole if a receiver fails.
"""

from __future__ import annotations

import django.dispatch

consent_withdrawn = django.dispatch.Signal()
