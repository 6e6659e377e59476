"""A centre's case list as an AES-256 encrypted ZIP: for a manager who must hand the records
on (an inspection, a closure of the centre). No identity or contact field and no narrative
goes in: codes and bands only. The password is the manager's, chosen per export; 7-Zip and
most archive tools open it."""

from __future__ import annotations

import io

import pyzipper
from django.db import transaction
from django.utils import timezone
from django.views.decorators.debug import sensitive_variables

from esitkent.centres.models import Centre
from esitkent.core.downloads import csv_bytes

from . import domain
from .access_services import access_record
from .models import AccessLogEntry, Case

COLUMNS = (
    "başvuru kodu",
    "başvuru tarihi",
    "durum",
    "başvuru yolu",
    "yaş grubu",
    "ilçe",
    "engellilik",
    "uyruk / statü",
    "yönlendirme onamı",
    "istatistik onamı",
    "olaylar (GBVIMS türü)",
    "hizmetler",
    "kapanış tarihi",
)


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
    rows = list(_rows(cases))
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    buffer = io.BytesIO()
    with pyzipper.AESZipFile(
        buffer, "w", compression=pyzipper.ZIP_DEFLATED, encryption=pyzipper.WZ_AES
    ) as archive:
        archive.setpassword(password.encode())
        archive.setencryption(pyzipper.WZ_AES, nbits=256)
        archive.writestr(f"vakalar-{centre.code}-{stamp}.csv", csv_bytes(list(COLUMNS), rows))
    access_record(
        user=by,
        action=AccessLogEntry.Action.EXPORT,
        centre=centre,
        detail=f"{len(rows)} kayıt, AES-256 ZIP",
        reason=reason,
    )
    return f"vakalar-{centre.code}-{stamp}.zip", buffer.getvalue()
