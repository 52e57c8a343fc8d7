"""The authorization matrix: who may open each page and call each API operation.

One row per route (a URL name, or ``"METHOD /api/path"`` from the OpenAPI schema);
the row lists the personas that are *allowed*. Every other persona must be refused:
a 404 (the project's answer for "missing or not yours"), 403, 401 or, for an
anonymous visitor, a redirect to the login page. ``test_matrix.py`` walks the table
and fails on a route that has no row, so a new route cannot ship unguarded.

The personas (``tests/conftest.py`` and ``things.py``): ``anonymous``; ``sam_user``
the job seeker whose record the routes name, ``tess_user`` another seeker of the same
office; ``erin`` the user of the employer whose vacancy it is, ``frank`` of another
employer; ``alice`` a counsellor of Sam's office, ``dana`` a counsellor of another
office of the same region, ``bob`` the office manager of Sam's office; ``ivan`` the
site's programme analyst; ``judy`` the platform administrator and ``sofia`` the
administrator of Sam's site.

Pages meant for staff are refused to the person they are about: Sam has pages of
his own (``seekers:my_profile``, ``casework:my_plan``, ``followup:mine``...).
"""

from __future__ import annotations

PERSONAS = ("anonymous", "sam_user", "tess_user", "erin", "frank", "alice", "dana", "bob",
            "ivan", "judy", "sofia")

ANYONE = frozenset(PERSONAS)
SIGNED_IN = ANYONE - {"anonymous"}
NOBODY: frozenset[str] = frozenset()
SEEKERS = frozenset({"sam_user", "tess_user"})
PERSON = frozenset({"sam_user"})
EMPLOYERS = frozenset({"erin", "frank"})
EMPLOYER = frozenset({"erin"})
ADMINISTRATORS = frozenset({"judy", "sofia"})
# Staff of Sam's office and the administrators of his site: who counsels Sam.
SAM_STAFF = frozenset({"alice", "bob"}) | ADMINISTRATORS
# Sam himself or those who counsel him: who may change his own record.
SAM_CARE = SAM_STAFF | PERSON
# Staff of every office and administrators: who counsels people at all.
COUNSELLING = frozenset({"alice", "dana", "bob"}) | ADMINISTRATORS
OFFICE_STAFF = frozenset({"alice", "dana", "bob"})
# Who sees Erin's vacancy: its employer, the region's staff and seekers, administrators.
VACANCY_READERS = EMPLOYER | COUNSELLING | SEEKERS
# Who acts for Erin's organisation on an application: its user and the administrators.
EMPLOYER_SIDE = EMPLOYER | ADMINISTRATORS
SITE_FIGURES = COUNSELLING | {"ivan"}
# Everyone who works for the service: counsellors, managers, analysts, administrators.
STAFF_MEMBERS = SITE_FIGURES

PAGES: dict[str, frozenset[str]] = {
    "home": SIGNED_IN,
    "accounts:login": ANYONE,
    "accounts:logout": ANYONE,
    "set_language": ANYONE,
    "seekers:sign_up": ANYONE,
    "seekers:join": ANYONE,
    "seekers:caseload": COUNSELLING,
    "seekers:invite": OFFICE_STAFF,
    "seekers:my_profile": SEEKERS,
    "seekers:my_consents": SEEKERS,
    "seekers:seeker_detail": SAM_STAFF,
    "seekers:invite_existing": SAM_STAFF,
    "seekers:add_experience": SAM_CARE,
    "seekers:edit_experience": SAM_CARE,
    "seekers:edit_skills": SAM_CARE,
    "seekers:edit_languages": SAM_CARE,
    "seekers:edit_preferences": SAM_CARE,
    "seekers:edit_accommodations": SAM_CARE,
    "seekers:consents": SAM_STAFF,
    "employers:vacancy_list": SIGNED_IN,
    "employers:post_vacancy": EMPLOYERS,
    "employers:vacancy_detail": VACANCY_READERS,
    "applications:mine": SIGNED_IN,
    "applications:detail": PERSON | EMPLOYER | SAM_STAFF,
    "applications:mark_seen": EMPLOYER_SIDE,
    "applications:plan_interview": EMPLOYER_SIDE,
    "applications:refuse": EMPLOYER_SIDE,
    "applications:hire": EMPLOYER_SIDE,
    "applications:withdraw": SAM_CARE,
    "applications:apply": SEEKERS,
    "applications:vacancy": EMPLOYER | COUNSELLING,
    "applications:close_vacancy": EMPLOYER_SIDE,
    "applications:seeker": SAM_STAFF,
    "applications:new_placement": SAM_CARE,
    "applications:end_placement": SAM_CARE,
    "recommendations:seeker_recommendations": SAM_CARE,
    "recommendations:seeker_recommendation_details": SAM_CARE,
    "recommendations:vacancy_candidates": EMPLOYER | COUNSELLING,
    "recommendations:apply_from_recommendation": PERSON,
    "recommendations:refer_from_recommendation": SAM_STAFF,
    "recommendations:invite_from_recommendation": EMPLOYER,
    "recommendations:runs": SITE_FIGURES,
    "recommendations:region_runs": COUNSELLING,
    "recommendations:region_report": frozenset({"bob"}) | ADMINISTRATORS,
    "casework:today": COUNSELLING,
    "casework:site_rules": ADMINISTRATORS,
    "casework:my_plan": SEEKERS,
    "casework:seeker": SAM_STAFF,
    "casework:new_assessment": SAM_STAFF,
    "casework:plan": SAM_STAFF,
    "casework:add_step": SAM_STAFF,
    "casework:offer_place": SAM_STAFF,
    "casework:change_step": SAM_CARE,
    "casework:change_participation": SAM_CARE,
    "agenda:agenda": COUNSELLING | SEEKERS,  # a seeker is sent on to their own
    "agenda:mine": SEEKERS,
    "agenda:seeker": SAM_STAFF,
    "agenda:detail": SAM_CARE,
    "casenotes:seeker": SAM_STAFF,
    "followup:mine": SEEKERS,
    "followup:seeker": SAM_STAFF,
    "followup:answer": SAM_CARE,
    "assistance:offices": SITE_FIGURES,
    "assistance:seeker": SAM_STAFF,
    "assistance:end": SAM_STAFF,
    "insights:site_overview": frozenset({"ivan", "sofia"}),
    "inbox:inbox": SIGNED_IN,
    "inbox:message": PERSON,
    "accounts:password_change": SIGNED_IN,
    "accounts:password_reset": ANYONE,
    "accounts:password_reset_complete": ANYONE,
    "accounts:password_reset_confirm": ANYONE,
    "accounts:password_reset_done": ANYONE,
    "accounts:recovery_codes": SIGNED_IN,
    "accounts:recovery_codes_download": NOBODY,  # only in the session that has just made the codes
    "accounts:regenerate_recovery_codes": SIGNED_IN,
    "accounts:second_factor": SIGNED_IN,
    "accounts:second_factor_setup": SIGNED_IN,
    "accounts:security": SIGNED_IN,
    "api_docs": STAFF_MEMBERS,
    "health": ANYONE,
    "privacy:cancel_erasure": PERSON,  # Tess has asked for nothing to cancel
    "privacy:consents": SEEKERS,
    "privacy:erasure": SEEKERS,
    "privacy:export": SEEKERS,
    "privacy:export_json": SEEKERS,
    "privacy:withdraw_consent": PERSON,  # Tess has given no consent to withdraw
    "staff:accept": ANYONE,
    "staff:deactivate": ADMINISTRATORS,
    "staff:edit": ADMINISTRATORS,
    "staff:home": ADMINISTRATORS,
    "staff:invite": ADMINISTRATORS,
    "staff:list": ADMINISTRATORS,
    "staff:reactivate": ADMINISTRATORS,
    "staff:unlock": ADMINISTRATORS,
    "taxonomy:feedback_review": COUNSELLING,
}

OPERATIONS: dict[str, frozenset[str]] = {
    "GET /api/seekers": SIGNED_IN,  # a list holds what the scope holds, maybe nothing
    "GET /api/seekers/{seeker_id}": SAM_CARE,
    "GET /api/vacancies": SIGNED_IN,
    "GET /api/vacancies/{vacancy_id}": VACANCY_READERS,
    "GET /api/taxonomy/concepts": SIGNED_IN,
    "GET /api/taxonomy/concept": SIGNED_IN,
    "POST /api/link": SIGNED_IN,
    "POST /api/link/skills": SIGNED_IN,
    # Feedback belongs to a site: the platform administrator has none.
    "POST /api/link/feedback": SIGNED_IN - {"judy"},
    "GET /api/seekers/{seeker_id}/recommendations": SAM_CARE,
    "GET /api/vacancies/{vacancy_id}/candidates": EMPLOYER | COUNSELLING,
    "POST /api/matching/runs": frozenset({"bob"}) | ADMINISTRATORS,
    "GET /api/matching/runs/{run_id}": COUNSELLING,
    "POST /api/applications/invitations": EMPLOYER,
    "GET /api/applications": SIGNED_IN,
    "POST /api/applications": SAM_CARE,  # Sam, or his office on his behalf
    "POST /api/applications/referrals": SAM_STAFF,
    "GET /api/applications/{application_id}": PERSON | EMPLOYER | SAM_STAFF,
    "POST /api/applications/{application_id}/transitions": EMPLOYER_SIDE,
    "GET /api/seekers/{seeker_id}/placements": SAM_CARE,
    "POST /api/seekers/{seeker_id}/placements": SAM_CARE,
    "GET /api/seekers/{seeker_id}/status-history": SAM_CARE,
    "GET /api/seekers/{seeker_id}/assessments": SAM_CARE,
    "POST /api/seekers/{seeker_id}/assessments": SAM_STAFF,
    "GET /api/seekers/{seeker_id}/plan": SAM_CARE,
    "POST /api/seekers/{seeker_id}/plan": SAM_STAFF,
    "POST /api/plan-steps/{step_id}/{name}": SAM_STAFF,  # a counsellor's step
    "GET /api/seekers/{seeker_id}/participations": SAM_CARE,
    "POST /api/seekers/{seeker_id}/participations": SAM_STAFF,
    "POST /api/participations/{participation_id}/{name}": SAM_CARE,
    "GET /api/appointments": COUNSELLING | SEEKERS,
    "GET /api/appointments/{appointment_id}": SAM_CARE,
    "GET /api/seekers/{seeker_id}/appointments": SAM_CARE,
    "POST /api/seekers/{seeker_id}/appointments": SAM_STAFF,
    "POST /api/appointments/{appointment_id}/attend": SAM_STAFF,
    "POST /api/appointments/{appointment_id}/no-show": SAM_STAFF,
    "POST /api/appointments/{appointment_id}/cancel": SAM_CARE,
    "GET /api/seekers/{seeker_id}/case-notes": SAM_STAFF,
    "POST /api/seekers/{seeker_id}/case-notes": SAM_STAFF,
    "GET /api/seekers/{seeker_id}/follow-ups": SAM_CARE,
    "GET /api/follow-ups/due": COUNSELLING | SEEKERS,  # a person's own checks
    "POST /api/follow-ups/{follow_up_id}/answer": SAM_CARE,
    "GET /api/seekers/{seeker_id}/assistance-spells": SAM_CARE,
    "POST /api/seekers/{seeker_id}/assistance-spells": SAM_STAFF,
    "POST /api/assistance-spells/{spell_id}/end": SAM_STAFF,
    "GET /api/seekers/{seeker_id}/exits": SAM_CARE,
    "GET /api/assistance/exits-by-office": SITE_FIGURES,
    "DELETE /api/privacy/me/erasure": PERSON,  # Tess has asked for nothing to cancel
    "GET /api/privacy/me/consents": SEEKERS,
    "GET /api/privacy/me/erasure": PERSON,  # Tess has asked for nothing
    "GET /api/privacy/me/export": SEEKERS,
    "GET /api/seekers/{seeker_id}/sensitive": SAM_CARE,
    "GET /api/staff": ADMINISTRATORS,
    "GET /api/staff/{user_id}": ADMINISTRATORS,
    "POST /api/privacy/me/consents/{scope}/withdraw": SEEKERS,
    "POST /api/privacy/me/erasure": SEEKERS,
    "POST /api/staff/invitations": ADMINISTRATORS,
    "POST /api/staff/{user_id}/change": ADMINISTRATORS,
    "POST /api/staff/{user_id}/deactivate": ADMINISTRATORS,
    "POST /api/staff/{user_id}/reactivate": ADMINISTRATORS,
}
