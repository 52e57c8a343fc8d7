"""The life of a piece of link feedback, written as data: whose suggestions it shapes
(``LinkFeedback.scope``) and the reviews that change it.

``actions.review_link_feedback`` is the only code that applies them; a review the
current scope does not allow (another reviewer was quicker) is refused with both
scopes named and nothing written.
"""

from __future__ import annotations

import enum

from django.utils.translation import gettext_lazy as _

from decentwork import lifecycle
from decentwork.taxonomy.models import FeedbackScope


class Party(enum.Enum):
    """Who may review: the site's counsellors, office managers and administrators
    (``access.reviews_feedback_of`` says which site)."""

    REVIEWER = "reviewer"


class ReviewNotAllowed(lifecycle.TransitionNotAllowed):
    wording = _("These words are “%(current)s” now; they cannot become “%(target)s”.")
    field = "feedback"


FEEDBACK_LIFECYCLE = lifecycle.Lifecycle(FeedbackScope, (
    lifecycle.Transition("confirm_for_site", (FeedbackScope.PERSONAL,), FeedbackScope.SITE,
                         Party.REVIEWER, _("Use for everyone at the site")),
    lifecycle.Transition("decline", (FeedbackScope.PERSONAL,), FeedbackScope.DECLINED,
                         Party.REVIEWER, _("Keep it for this person only")),
    # Staff teach the site at once; a colleague can take a mistake back.
    lifecycle.Transition("withdraw", (FeedbackScope.SITE,), FeedbackScope.DECLINED,
                         Party.REVIEWER, _("Take it back from the site")),
), refusal=ReviewNotAllowed)

# The table by name, and the reviews open from a scope in table order (for the page).
REVIEWS = FEEDBACK_LIFECYCLE.transitions
reviews_from = FEEDBACK_LIFECYCLE.open_from
