"""What happens to an account, told to whoever listens.

``accounts`` sits below ``audit`` in the layer order, so it cannot write audit entries
itself: it sends these signals (beside Django's ``user_logged_in``, ``user_logged_out``,
``user_login_failed`` and django-axes' ``user_locked_out``) and
``decentwork.audit.receivers`` records each one. Every signal carries ``request``
(for the client's address) and ``user`` where there is one; never a password or a code.
"""

from __future__ import annotations

from django.dispatch import Signal

# The password step passed and the second factor too (``method``: "totp" or "recovery_code").
second_factor_verified = Signal()
# A wrong or throttled code at the second-factor step.
second_factor_failed = Signal()
# An authenticator app was confirmed (a first one, or a replacement).
second_factor_enrolled = Signal()
# A recovery code was spent (``remaining``: how many are left).
recovery_code_used = Signal()
# A new set of recovery codes replaced the old one.
recovery_codes_regenerated = Signal()
# The signed-in user changed their password.
password_changed = Signal()
# Someone asked for a reset link (``email``; whether an account has it is not said).
password_reset_requested = Signal()
# A reset link was used to set a new password.
password_reset_completed = Signal()
# A staff session ended because nothing happened for too long (``idle_minutes``).
session_idle_expired = Signal()
