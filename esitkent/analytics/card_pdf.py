"""The unit report card as a PDF (WeasyPrint), in Turkish or English: the page's own content
(templates/analytics/_card_body.html) on the annual report's print sheet."""

from __future__ import annotations

import datetime as dt

from django.template.loader import render_to_string
from django.utils import translation

from esitkent.core.pdf import FONT_DIR, html_to_pdf
from esitkent.plans.models import Plan

from .card_selectors import UnitCard

LANGUAGES = ("tr", "en")


def sample_periods(card: UnitCard) -> list[str]:
    """The card's periods that hold the demo's labelled sample, to be marked ÖRNEK."""
    return [p.period.code for p in card.periods if p.period.is_sample]


def filename(plan: Plan, card: UnitCard, lang: str) -> str:
    sample = "-ornek" if sample_periods(card) else ""
    return f"{plan.slug}-{card.organisation.code}-karne-{lang}{sample}.pdf"


def html(plan: Plan, card: UnitCard, *, as_of: dt.date, lang: str) -> str:
    with translation.override(lang):
        return render_to_string(
            "analytics/card_pdf.html",
            {
                "plan": plan,
                "card": card,
                "as_of": as_of,
                "lang": lang,
                "sample_periods": sample_periods(card),
                "font_dir": FONT_DIR,
            },
        )


def pdf(plan: Plan, card: UnitCard, *, as_of: dt.date, lang: str, base_url: str) -> bytes:
    """`base_url` is the site's address, so the PDF's links to activities lead to the site."""
    return html_to_pdf(html(plan, card, as_of=as_of, lang=lang), base_url=base_url)
