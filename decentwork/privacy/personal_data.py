"""The personal data of erasure requests, and of the installed Django packages that
keep something about people (see ``decentwork.personal_data``): no app of ours owns
those, so the app that reads every declaration declares them."""

from __future__ import annotations

from decentwork.personal_data import (
    AnonymisedRows,
    Declaration,
    DeletedRows,
    Erasure,
    Mentions,
    NotPersonal,
    Subject,
)

_OTP_DEVICE = ("name", "confirmed", "created_at", "last_used_at")
# A device's secret and its counters: never handed out.
_OTP_SECRETS = ("throttling_failure_timestamp", "throttling_failure_count")

PERSONAL_DATA: list[Declaration] = [
    AnonymisedRows(
        "privacy.ErasureRequest", Subject.SEEKER, "seeker",
        fields={"state": Erasure.KEEP, "requested_at": Erasure.KEEP, "due_at": Erasure.KEEP,
                "closed_at": Erasure.KEEP},
        why="The record that the person asked, and that it was done.",
    ),
    AnonymisedRows(
        "privacy.ErasureTransition", Subject.SEEKER, "request__seeker",
        fields={"name": Erasure.KEEP, "from_state": Erasure.KEEP, "to_state": Erasure.KEEP,
                "actor": Erasure.KEEP, "at": Erasure.KEEP, "reason": Erasure.KEEP,
                "note": Erasure.BLANK},
    ),
    # django.contrib.admin: what an administrator changed in the Django admin.
    AnonymisedRows(
        "admin.LogEntry", Subject.USER, "user",
        fields={"action_time": Erasure.KEEP, "content_type": Erasure.KEEP,
                "object_id": Erasure.KEEP, "action_flag": Erasure.KEEP,
                "object_repr": Erasure.BLANK, "change_message": Erasure.BLANK},
    ),
    Mentions("admin.LogEntry", ("object_repr", "change_message"),
             why="An entry about a changed user quotes the user's name."),
    NotPersonal("auth.Group", "A group of permissions."),
    NotPersonal("auth.Permission", "A permission's name."),
    # django-axes: sign-in attempts, by the name typed (an email address) and address.
    Mentions("axes.AccessAttempt", ("username", "get_data", "post_data"),
             why="Failed sign-ins, by the name typed."),
    Mentions("axes.AccessFailureLog", ("username",)),
    Mentions("axes.AccessLog", ("username",)),
    # django-otp: second factors (staff have them; a seeker may not).
    DeletedRows("otp_totp.TOTPDevice", Subject.USER, "user", fields=_OTP_DEVICE,
                unexported=(*_OTP_SECRETS, "key", "step", "t0", "digits", "tolerance",
                            "drift", "last_t")),
    DeletedRows("otp_static.StaticDevice", Subject.USER, "user", fields=_OTP_DEVICE,
                unexported=_OTP_SECRETS),
    DeletedRows("otp_static.StaticToken", Subject.USER, "device__user", fields=(),
                unexported=("token",)),
]
