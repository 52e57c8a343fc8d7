from __future__ import annotations

from django import template

from decentwork.seekers.names import Named
from decentwork.seekers.names import person_name as _person_name

register = template.Library()


@register.filter
def person_name(person: Named | None) -> str:
    """``{{ seeker|person_name }}``: the name in the person's own order (family
    name first in Chinese, Vietnamese, Hungarian...)."""
    return "" if person is None else _person_name(person)
