"""Request bodies the server will not read: too large (413) or malformed (400).

Django raises these while a view reads the body, and a view (or django-ninja's
exception handling, which shows a traceback when DEBUG is on) turns them into a
500. This middleware reads every body first, within ``DATA_UPLOAD_MAX_MEMORY_SIZE``
(settings.py), so the refusal is the same wherever the request was going: a JSON
answer under ``/api/``, a short page elsewhere. It sits before the CSRF check,
which would otherwise be the first to read a form body.

The whole body is kept in memory, so the limit applies to multipart bodies too:
the service takes no file uploads.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.http import HttpRequest, HttpResponseBase, JsonResponse
from django.http.multipartparser import MultiPartParserError
from django.shortcuts import render
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

log = logging.getLogger(__name__)

BODY_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


class RequestBodyLimitMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if request.method in BODY_METHODS:
            try:
                # Read once and kept: the view's own request.body and request.POST
                # (form and multipart bodies are parsed from the kept bytes) work as usual.
                request.body  # noqa: B018
                request.POST  # noqa: B018
            except RequestDataTooBig:
                return self.refuse(request, 413, _(
                    "The request is too large: this service accepts at most %(limit)s.")
                    % {"limit": filesizeformat(settings.DATA_UPLOAD_MAX_MEMORY_SIZE)})
            except TooManyFieldsSent:
                return self.refuse(request, 400, _(
                    "The form has too many fields: this service accepts at most %(count)d.")
                    % {"count": settings.DATA_UPLOAD_MAX_NUMBER_FIELDS})
            except (MultiPartParserError, TooManyFilesSent):
                return self.refuse(request, 400, _(
                    "The form data could not be read: it is not well-formed multipart data."))
        return self.get_response(request)

    @staticmethod
    def refuse(request: HttpRequest, status: int, message: str) -> HttpResponseBase:
        log.warning("Refused the body of %s %s: %s", request.method, request.path, message)
        if request.path_info.startswith("/api/"):
            return JsonResponse({"detail": message}, status=status)
        return render(request, "request_refused.html", {"message": message}, status=status)
