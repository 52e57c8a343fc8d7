from __future__ import annotations

from django import template
from django.utils.translation import get_language

from decentwork.taxonomy.models import Concept

register = template.Library()


@register.simple_tag
def concept_label(concept: Concept | None) -> str:
    """The concept's preferred label in the page's language (English as fallback)."""
    if concept is None:
        return ""
    return concept.label(get_language() or "en")
