"""A centre's case list as an AES-256 encrypted ZIP: for a manager who must hand the records
on (an inspection, a closure of the centre). No identity or contact field and no narrative
goes in: codes and bands only. The password is the manager's, chosen per export; 7-Zip and
most archive tools open it."""

from __future__ import annotations

import csv
import io

import pyzipper
from django.db import transaction
from django.utils import timezone
from django.views.decorators.debug import sensitive_variables

from esitkent.centres.models import Centre

from . import domain
from .models import AccessLogEntry, Case
from .services import access_record

COLUMNS = (
    ("survivor_code", "başvuru kodu"),
    ("applied_on", "başvuru tarihi"),
    ("status", "durum"),
    ("channel", "başvuru yolu"),
    ("age_band", "yaş grubu"),
    ("district", "ilçe"),
    ("disability", "engellilik"),
    ("nationality", "uyruk / statü"),
    ("referral_consent", "yönlendirme onamı"),
    ("statistics_consent", "istatistik onamı"),
    ("incidents", "olaylar (GBVIMS türü)"),
    ("services", "hizmetler"),
    ("closed_on", "kapanış tarihi"),
)


def _cell(value) -> str:
    """Spreadsheet programs run a cell starting with = + - @ as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in {"=", "+", "-", "@"} else text


def _rows(cases):
    for case in cases:
        yield [
            case.survivor_code,
            f"{case.applied_on:%d.%m.%Y}",
            case.get_status_display(),
            domain.CHANNELS[case.channel],
            domain.AGE_BANDS[case.age_band],
            case.district.name if case.district else "",
            domain.DISABILITY[case.disability],
            domain.NATIONALITY[case.nationality],
            "evet" if case.referral_consent else "hayır",
            "evet" if case.statistics_consent else "hayır",
            "; ".join(domain.CORE_TYPES[i.core_type] for i in case.incidents.all()),
            "; ".join(
                f"{domain.SERVICES[s.service]}: {domain.SERVICE_STATUSES[s.status]}"
                for s in case.services.all()
            ),
            f"{case.closed_on:%d.%m.%Y}" if case.closed_on else "",
        ]


@sensitive_variables("password")
@transaction.atomic
def centre_export(*, centre: Centre, by, password: str, reason: str) -> tuple[str, bytes]:
    """(file name, encrypted ZIP). The caller has checked she manages the centre."""
    cases = (
        Case.objects.filter(centre=centre)
        .select_related("district")
        .prefetch_related("incidents", "services")
        .order_by("applied_on", "pk")
    )
    text = io.StringIO()
    writer = csv.writer(text)
    writer.writerow([label for _, label in COLUMNS])
    count = 0
    for row in _rows(cases):
        writer.writerow([_cell(v) for v in row])
        count += 1
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    buffer = io.BytesIO()
    with pyzipper.AESZipFile(
        buffer, "w", compression=pyzipper.ZIP_DEFLATED, encryption=pyzipper.WZ_AES
    ) as archive:
        archive.setpassword(password.encode())
        archive.setencryption(pyzipper.WZ_AES, nbits=256)
        archive.writestr(f"vakalar-{centre.code}-{stamp}.csv", "\ufeff" + text.getvalue())
    access_record(
        user=by,
        action=AccessLogEntry.Action.EXPORT,
        centre=centre,
        detail=f"{count} kayıt, AES-256 ZIP",
        reason=reason,
    )
    return f"vakalar-{centre.code}-{stamp}.zip", buffer.getvalue()
