"""What each consent allows, in one plain sentence (easy-read: short words, "we" and
"you"), and that it can be withdrawn at any time."""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from decentwork.seekers.models import ConsentScope

WITHDRAW_ANY_TIME = _("You can withdraw this at any time. We then delete it and stop using "
                      "it at once.")

CONSENT_EXPLANATIONS: dict[ConsentScope, Promise] = {
    ConsentScope.DISABILITY: _(
        "You tell us that you have a disability, so that we can offer you programmes for "
        "disabled people and make sure that disabled people get a fair share of job offers."),
    ConsentScope.YOUTH: _(
        "You tell us that you are a young person, so that we can offer you programmes for "
        "young people and make sure that young people get a fair share of job offers."),
    ConsentScope.WOMAN_RETURNER: _(
        "You tell us that you are a woman coming back to work, so that we can offer you "
        "programmes for women returning to work and make sure that they get a fair share "
        "of job offers."),
    ConsentScope.REFUGEE: _(
        "You tell us that you are a refugee, so that we can offer you programmes for "
        "refugees and make sure that refugees get a fair share of job offers."),
    ConsentScope.MIGRANT_WORKER: _(
        "You tell us that you are a migrant worker, so that we can offer you programmes for "
        "migrant workers and make sure that they get a fair share of job offers."),
    ConsentScope.SOCIAL_ASSISTANCE: _(
        "You tell us that you receive social assistance, so that we can offer you programmes "
        "for people on social assistance and make sure that they get a fair share of job "
        "offers."),
    ConsentScope.PROPOSAL_TO_EMPLOYERS: _(
        "Employers with a job that fits you can see your first name and how your skills fit "
        "the job, and can invite you to apply. They never see your family name, where you "
        "live or what you need."),
    ConsentScope.ACCOMMODATION_MATCHING: _(
        "We use what you need at work, for example step-free access or a screen reader, to "
        "show you only jobs where the employer offers it. Employers never see what you "
        "need."),
}
