"""The JSON API: one NinjaAPI, one router per domain app. Schema at /api/openapi.json."""

from __future__ import annotations

from ninja import NinjaAPI
from ninja.security import django_auth

from decentwork.employers.api import router as vacancies_router
from decentwork.seekers.api import router as seekers_router
from decentwork.taxonomy.api import router as taxonomy_router

api = NinjaAPI(
    title="Decent Work Exchange API",
    version="1",
    description="Job seekers, vacancies and the ESCO taxonomy, scoped to the signed-in user.",
    auth=django_auth,
    urls_namespace="api",
)
api.add_router("/seekers", seekers_router)
api.add_router("/vacancies", vacancies_router)
api.add_router("/taxonomy", taxonomy_router)
