"""Writes of the standards catalogue: loading it, and the network coordinator's drafts of
the next version, their items and publishing. Each in one transaction; bad input is refused
whole with each problem named in Turkish."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from esitkent.core.errors import InputRejected, Problem
from esitkent.core.reasons import Reason, gettext_noop

from .models import StandardItem, StandardSection, StandardsVersion
from .selectors import version_in_force


@transaction.atomic
def standards_load(*, document: dict) -> StandardsVersion | None:
    """A printed catalogue version. A version already loaded is never rewritten, because
    assessments point at its items; a newer number becomes the one in force."""
    number = int(document["version"])
    if StandardsVersion.objects.filter(number=number).exists():
        return None
    problems: list[Problem] = []
    seen: set[str] = set()
    for s, section in enumerate(document.get("sections", []), start=1):
        for i, item in enumerate(section.get("items", []), start=1):
            where = f"sections[{s}].items[{i}] ({item.get('code', '?')})"
            for key in ("code", "text", "evidence", "source"):
                if not str(item.get(key) or "").strip():
                    problems.append(Problem(f"{where} {key}", "boş olamaz"))
            if item.get("code") in seen:
                problems.append(Problem(f"{where} code", "kod birden fazla kez kullanılmış"))
            seen.add(item.get("code"))
    if problems:
        raise InputRejected(problems)
    StandardsVersion.objects.filter(status=StandardsVersion.Status.PUBLISHED).update(
        status=StandardsVersion.Status.RETIRED
    )
    version = StandardsVersion.objects.create(
        number=number,
        title=document["title"],
        valid_from=dt.date.fromisoformat(document["valid_from"])
        if document.get("valid_from")
        else None,
        status=StandardsVersion.Status.PUBLISHED,
        source=document.get("source", ""),
        note=document.get("note", ""),
        published_at=timezone.now(),
    )
    for s, section in enumerate(document["sections"]):
        row = StandardSection.objects.create(
            version=version,
            code=section["code"],
            title=section["title"],
            title_en=section.get("title_en", ""),
            position=s,
        )
        StandardItem.objects.bulk_create(
            StandardItem(
                section=row,
                code=item["code"],
                text=item["text"].strip(),
                description=item.get("description", "").strip(),
                evidence=item["evidence"].strip(),
                source=item["source"].strip(),
                position=i,
            )
            for i, item in enumerate(section["items"])
        )
    return version


# --- Drafts of the next version, edited by the network coordinator -------------------------


@transaction.atomic
def standards_draft_create(*, by) -> StandardsVersion:
    """A new draft version, copied from the one in force, to edit without touching the
    items that earlier assessments point at."""
    if draft := StandardsVersion.objects.filter(status=StandardsVersion.Status.DRAFT).first():
        return draft
    source = version_in_force()
    if source is None:
        raise InputRejected([Problem("sürüm", "kopyalanacak yürürlükte bir sürüm yok")])
    number = (StandardsVersion.objects.aggregate(n=Max("number"))["n"] or 0) + 1
    draft = StandardsVersion.objects.create(
        number=number,
        title=source.title,
        status=StandardsVersion.Status.DRAFT,
        source=source.source,
        note=f"Sürüm {source.number} kopyalanarak oluşturuldu.",
    )
    for section in source.sections.prefetch_related("items"):
        items = list(section.items.all())
        section.pk, section.version = None, draft
        section.save()
        for item in items:
            item.pk, item.section = None, section
        StandardItem.objects.bulk_create(items)
    return draft


def _editable(version: StandardsVersion) -> None:
    if version.status != StandardsVersion.Status.DRAFT:
        raise InputRejected(
            [
                Problem(
                    f"sürüm {version.number}",
                    Reason(
                        "version_not_draft",
                        gettext_noop(
                            "yalnız taslak sürüm düzenlenebilir; önce yeni bir taslak oluşturun"
                        ),
                    ),
                )
            ]
        )


@transaction.atomic
def standards_item_save(
    *,
    version: StandardsVersion,
    section: StandardSection,
    item: StandardItem | None,
    code: str,
    text: str,
    description: str,
    evidence: str,
    source: str,
) -> StandardItem:
    _editable(version)
    problems = [
        Problem(field, "boş olamaz")
        for field, value in (
            ("kod", code),
            ("standart", text),
            ("kanıt", evidence),
            ("kaynak", source),
        )
        if not value.strip()
    ]
    clash = StandardItem.objects.filter(section__version=version, code=code.strip())
    if item is not None:
        clash = clash.exclude(pk=item.pk)
    if clash.exists():
        problems.append(Problem("kod", f"bu sürümde {code!r} kodlu bir madde zaten var"))
    if section.version_id != version.pk:
        problems.append(Problem("bölüm", "bölüm bu sürümün değil"))
    if problems:
        raise InputRejected(problems)
    if item is None:
        position = (section.items.aggregate(n=Max("position"))["n"] or 0) + 1
        item = StandardItem(section=section, position=position)
    item.code, item.text, item.description = code.strip(), text.strip(), description.strip()
    item.evidence, item.source = evidence.strip(), source.strip()
    item.save()
    return item


@transaction.atomic
def standards_item_delete(*, item: StandardItem) -> None:
    _editable(item.section.version)
    item.delete()


@transaction.atomic
def standards_publish(*, version: StandardsVersion, by) -> None:
    """The draft comes into force; the previous version is retired, its assessments kept."""
    _editable(version)
    if not StandardItem.objects.filter(section__version=version).exists():
        raise InputRejected(
            [Problem(f"sürüm {version.number}", "maddesi olmayan sürüm yayımlanamaz")]
        )
    StandardsVersion.objects.filter(status=StandardsVersion.Status.PUBLISHED).update(
        status=StandardsVersion.Status.RETIRED
    )
    version.status = StandardsVersion.Status.PUBLISHED
    version.published_at, version.published_by = timezone.now(), by
    if version.valid_from is None:
        version.valid_from = timezone.localdate()
    version.save()
