"""The page where staff review what people taught the linker."""

from __future__ import annotations

from dataclasses import dataclass

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from decentwork.accounts.models import User
from decentwork.lifecycle import Transition
from decentwork.taxonomy.access import (
    RECENTLY_TAUGHT,
    LabelInLanguage,
    access_feedback_to_review,
    feedback_awaiting_review,
    feedback_recently_taught_to_site,
    preferred_labels_in,
    sites_reviewed_by,
)
from decentwork.taxonomy.actions import review_link_feedback
from decentwork.taxonomy.models import LinkFeedback
from decentwork.taxonomy.workflow import REVIEWS, reviews_from

REVIEW_PAGE_SIZE = 50


class ReviewForm(forms.Form):
    feedback = forms.IntegerField(min_value=1)
    review = forms.ChoiceField(choices=[(name, name) for name in REVIEWS])


@dataclass(frozen=True)
class Entry:
    feedback: LinkFeedback
    concept: LabelInLanguage | None
    reviews: list[Transition]  # type: ignore[type-arg]


def _entries(rows: list[LinkFeedback], language: str) -> list[Entry]:
    labels = preferred_labels_in({row.concept_id for row in rows}, language)
    return [Entry(row, labels.get(row.concept_id), reviews_from(row.scope)) for row in rows]


@login_required
@require_http_methods(["GET", "POST"])
def feedback_review(request: HttpRequest) -> HttpResponse:
    """Words people taught the linker: what waits for a decision (it shapes only its
    author's suggestions until then), and what became site-wide lately, to take back
    if it is wrong. For the site's counsellors, office managers and administrators."""
    user: User = request.user  # type: ignore[assignment]
    sites = list(sites_reviewed_by(user))
    if not sites:
        raise Http404("Not a reviewer's page")
    if request.method == "POST":
        form = ReviewForm(request.POST)
        if not form.is_valid():
            raise Http404("No such review")
        feedback = access_feedback_to_review(user, form.cleaned_data["feedback"])
        try:
            reviewed = review_link_feedback(user, feedback, form.cleaned_data["review"])
        except ValidationError as refused:
            messages.error(request, refused.messages[0])
        else:
            messages.success(request, _("“%(words)s”: %(scope)s.") % {
                "words": reviewed.text, "scope": reviewed.get_scope_display()})
        page_number = request.GET.get("page")
        url = reverse("taxonomy:feedback_review")
        return redirect(f"{url}?page={page_number}" if page_number else url)
    language = get_language() or "en"
    page = Paginator(feedback_awaiting_review(user), REVIEW_PAGE_SIZE).get_page(
        request.GET.get("page"))
    recent = list(feedback_recently_taught_to_site(user)[:REVIEW_PAGE_SIZE])
    return render(request, "taxonomy/feedback_review.html", {
        "page": page, "awaiting": _entries(list(page.object_list), language),
        "recent": _entries(recent, language), "recent_days": RECENTLY_TAUGHT.days,
        "several_sites": len(sites) > 1,
    })
