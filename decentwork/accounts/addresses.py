"""Email addresses as logins: one form of an address, and whether it is taken."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db.models import Q
from django.utils.translation import gettext as _

from decentwork.accounts.models import User


def login_address(email: str) -> str:
    """The address as stored and as the user name: trimmed and lower-cased, so that
    "Ayse@Example.org" and "ayse@example.org" are one person. Refused naming "email"."""
    address = email.strip().lower()
    try:
        validate_email(address)
    except ValidationError:
        raise ValidationError({"email": _(
            "Enter an email address, like name@example.org.")}) from None
    return address


def address_in_use(address: str) -> bool:
    """Whether a login already has this address, as its user name or its email."""
    return User.objects.filter(Q(username__iexact=address) | Q(email__iexact=address)).exists()
