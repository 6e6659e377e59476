from django import template

from esitkent.core.formatting import tr_date, tr_number
from esitkent.core.terms import TERM_LABELS

register = template.Library()


@register.filter
def tarih(value):
    return tr_date(value)


@register.filter
def sayi(value):
    return tr_number(value)


@register.filter
def vade(term):
    return TERM_LABELS.get(term, "Vade yok")
