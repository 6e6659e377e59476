"""Publishing the annual monitoring report to the public portal, and withdrawing it."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_noop

from esitkent.core.errors import InputRejected, Problem
from esitkent.core.reasons import Reason
from esitkent.core.services import publication_touch
from esitkent.plans.models import Plan

from . import render
from .models import PublishedReport
from .selectors import annual_report, plan_years, report_sample_periods


def report_publish(
    *,
    plan: Plan,
    year: int,
    by,
    languages: tuple[str, ...] = tuple(PublishedReport.Language.values),
) -> list[PublishedReport]:
    """Renders the year's report as PDF in each language and makes it the plan's public edition,
    replacing an earlier one (which is kept, marked withdrawn)."""
    problems = []
    if plan.status != Plan.Status.APPROVED:
        problems.append(
            Problem(
                "plan",
                Reason(
                    "plan_not_public", gettext_noop("plan onaylanmadığı için portalda görünmüyor")
                ),
            )
        )
    if year not in plan_years(plan):
        problems.append(
            Problem(
                "yıl",
                Reason(
                    "year_not_reported",
                    gettext_noop("{year} bu planın raporlanan yıllarından değil"),
                    year=year,
                ),
            )
        )
    if problems:
        raise InputRejected(problems)
    # Rendered before the transaction: a render takes seconds, and holding a write
    # transaction that long would make every approval wait (SQLite has one writer).
    report = annual_report(plan, year)
    sample = bool(report_sample_periods(plan, year))
    pdfs = {language: render.pdf(report, lang=language) for language in languages}
    with transaction.atomic():
        # Two coordinators pressing the button together publish one after the other, not
        # into the unique constraint.
        Plan.objects.select_for_update().filter(pk=plan.pk).first()
        now = timezone.now()
        PublishedReport.objects.current().filter(plan=plan, year=year).update(
            withdrawn_at=now, withdrawn_by=by
        )
        published = [
            PublishedReport.objects.create(
                plan=plan,
                year=year,
                language=language,
                pdf=body,
                size=len(body),
                published_at=now,
                published_by=by,
                is_sample=sample,
            )
            for language, body in pdfs.items()
        ]
        publication_touch()
    return published


@transaction.atomic
def report_withdraw(*, plan: Plan, year: int, by) -> int:
    """Takes the year's report off the portal (every language); the snapshot is kept."""
    withdrawn = (
        PublishedReport.objects.current()
        .filter(plan=plan, year=year)
        .update(withdrawn_at=timezone.now(), withdrawn_by=by)
    )
    if not withdrawn:
        raise InputRejected(
            [
                Problem(
                    "yıl",
                    Reason(
                        "not_published",
                        gettext_noop("{year} raporu portalda yayımlanmış değil"),
                        year=year,
                    ),
                )
            ]
        )
    publication_touch()
    return withdrawn


@transaction.atomic
def sample_reports_purge() -> int:
    """Published reports that drew on sample periods go with the sample, withdrawn editions
    too: they were never a real publication."""
    removed = PublishedReport.objects.filter(is_sample=True).delete()[0]
    if removed:
        publication_touch()
    return removed
