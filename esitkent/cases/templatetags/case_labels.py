"""Codes of the case catalogues shown as their labels, in the page's language."""

from django import template
from django.utils.translation import gettext

from esitkent.cases import domain

register = template.Library()


def _label(code, catalogue: str) -> str:
    table = getattr(domain, catalogue)
    value = table.get(code, code)
    if isinstance(value, tuple):  # RISK_QUESTIONS: (question, weight)
        value = value[0]
    return gettext(value) if value else "—"


@register.filter
def label(code, catalogue: str) -> str:
    return _label(code, catalogue)


@register.filter
def labels(codes, catalogue: str) -> str:
    return ", ".join(_label(code, catalogue) for code in codes or ()) or "—"
