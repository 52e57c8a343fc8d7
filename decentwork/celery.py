"""The Celery application (ADR 0003). Workers: ``celery -A decentwork.celery worker``.

Not imported from ``decentwork/__init__.py`` on purpose: the engines under
``decentwork.linking`` and ``decentwork.matching`` must import without Celery or Django.
"""

from __future__ import annotations

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "decentwork.settings")

app = Celery("decentwork")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
