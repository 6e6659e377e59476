from django import template
from django.template.defaultfilters import floatformat
from django.utils.translation import get_language, gettext, gettext_noop, ngettext
from django.utils.translation import gettext_lazy as _

from esitkent.core.formatting import tr_date, tr_number
from esitkent.core.numbers import tr_number_text
from esitkent.core.terms import TERM_LABELS

register = template.Library()


@register.filter
def tarih(value):
    return tr_date(value)


@register.filter
def sayi(value):
    return tr_number(value)


@register.filter
def yuzde(value, digits=0):
    """A percentage as the reader's language writes it: '%93' in Turkish, '93%' in English."""
    if value is None or value == "":
        return ""
    number = floatformat(value, digits)
    return f"%{number}" if (get_language() or "tr").startswith("tr") else f"{number}%"


@register.filter
def vade(term):
    return _(TERM_LABELS.get(term, "Vadesiz"))  # msgids: the plan overview template


_CELL_NAMES = {
    "responsible": _("sorumlu"),
    "cooperating": _("iş birliği"),
    "indicators": _("gösterge"),
}


@register.filter
def hucreler(cells):
    """['responsible', 'indicators'] → 'sorumlu ve gösterge hücreleri'."""
    names = [str(_CELL_NAMES.get(c, c)) for c in cells or []]
    if not names:
        return ""
    joined = names[0] if len(names) == 1 else ", ".join(names[:-1]) + str(_(" ve ")) + names[-1]
    return ngettext("%(names)s hücresi", "%(names)s hücreleri", len(names)) % {"names": joined}


@register.filter
def girdi(data_value):
    """A stored value as it goes back into an input: '12', '12,5', or its text."""
    if data_value is None:
        return ""
    if data_value.text:
        return data_value.text
    if data_value.value is None:
        return ""
    return tr_number_text(data_value.value)


@register.filter
def sayi_metin(text):
    """A number kept as printed text ('47.6') shown the Turkish way ('47,6'), precision intact."""
    from decimal import Decimal, InvalidOperation

    try:
        return tr_number(Decimal(str(text)))
    except InvalidOperation:
        return text


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if mapping else None


@register.filter(name="may")
def may_filter(user, perm):
    """`{% if user|may:"plans.import_plan" %}`: the rule itself, as `esitkent.core.policies.may`
    asks it (the `perms` variable would let a superuser past every rule)."""
    from esitkent.core.policies import may

    return may(user, perm)


# The field names a history row records (monitoring's report fields and the submission), for
# the catalogue: kayit() looks them up.
RECORDED_FIELDS = (
    gettext_noop("durum"),
    gettext_noop("ilerleme (%)"),
    gettext_noop("kilometre taşları"),
    gettext_noop("gecikme açıklaması"),
    gettext_noop("düzeltici eylem"),
    gettext_noop("yeni tarih"),
    gettext_noop("kanıt"),
)


@register.filter
def kayit(text, districts=None):
    """A history row's words as recorded (Turkish: a field's name, a breakdown such as
    'Cinsiyet: Kadın · Yaş grubu: 18–29', a status) in the reader's language. Words the
    catalogue does not know, numbers and people's text stay as they are. districts (code →
    name) names a district the record keeps by its code ('İlçe: karsiyaka')."""
    if not text:
        return text
    parts = []
    for part in str(text).split(" · "):
        name, sep, option = part.partition(": ")
        if sep and name and option:
            if name == "İlçe" and districts and option in districts:
                parts.append(f"{gettext(name)}: {districts[option]}")
            else:
                parts.append(f"{gettext(name)}: {gettext(option)}")
        else:
            parts.append(gettext(part) if part else part)
    return " · ".join(parts)
