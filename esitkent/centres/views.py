"""Thin views of the centre network: a policy check, a selector or a service, a template.
Every page here is private to the people who work in the network and is never cached."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters, sensitive_variables

from esitkent.analytics import charts
from esitkent.core.crypto import Confidential
from esitkent.core.errors import InputRejected, Problem
from esitkent.core.feedback import refusal_messages
from esitkent.core.policies import may
from esitkent.orgs.models import District
from esitkent.plans.models import Plan

from . import domain, needs, network_services, policies, selectors, services
from .forms import EventForm, ProfileForm, ShelterAddressForm
from .models import (
    Centre,
)
from .policies import sees_shelter_address

PLAN = "izmir-yeep-2022-2024"


def deny_unless(request, perm: str, obj=None) -> None:
    if not may(request.user, perm, obj):
        raise PermissionDenied


def centre_or_404(code: str) -> Centre:
    return get_object_or_404(
        Centre.objects.select_related("organisation", "operator", "district"), code=code
    )


@never_cache
def directory(request):
    deny_unless(request, "centres.view_directory")
    kind = request.GET.get("tur", "")
    kind = kind if kind in Centre.Kind.values else ""
    district = request.GET.get("ilce", "")
    rows = selectors.directory(request.user, kind=kind, district=district)
    features, table = selectors.counselling_map()
    chart = charts.Chart(
        "merkez-haritasi",
        charts.district_map(
            features,
            _("Kadın danışma merkezleri, ilçelere göre"),
            legend_title=_("Merkez"),
            breaks=[],
        ),
        [("district", _("İlçe")), ("value", _("Danışma merkezi"))],
        table,
    )
    if (download := charts.csv_download(request, [chart])) is not None:
        return download
    return render(
        request,
        "centres/directory.html",
        {
            "rows": rows,
            "kinds": Centre.Kind.choices,
            "kind": kind,
            "districts": District.objects.all(),
            "district": district,
            "chart": chart,
            "sample_count": sum(1 for r in rows if r.centre.is_sample),
        },
    )


@never_cache
@sensitive_variables("address")
def centre_detail(request, code):
    centre = centre_or_404(code)
    deny_unless(request, "centres.view_centre", centre)
    staff = selectors.staffing(centre)
    return render(
        request,
        "centres/detail.html",
        {
            "centre": centre,
            "address": selectors.shelter_address(request.user, centre),
            # The catalogues hold Turkish msgids; the page shows them in the reader's language.
            "staff": [(_(domain.STAFF_ROLES[r]), n, q) for r, (n, q) in staff.items()],
            "services": [_(domain.SERVICES[c]) for c in centre.services],
            "conditions": [
                (_(label), _(domain.CONDITION_STATES.get(centre.conditions.get(code, ""), "—")))
                for code, label in domain.CONDITIONS.items()
            ],
            "figures": centre.figures.all(),
            "assessments": selectors.assessments_of(centre),
            "can_edit": may(request.user, "centres.edit_centre", centre),
            "can_assess": may(request.user, "centres.assess", centre),
            "sees_team": policies.sees_team(request.user, centre),
            "this_year": timezone.localdate().year,
        },
    )


@never_cache
@sensitive_post_parameters("confidential_address")
@sensitive_variables("address")
def centre_edit(request, code):
    centre = centre_or_404(code)
    deny_unless(request, "centres.edit_centre", centre)
    form = ProfileForm(request.POST or None, centre=centre, initial=_profile_initial(centre))
    address_form = None
    if sees_shelter_address(request.user, centre):
        address = selectors.shelter_address(request.user, centre)
        address_form = ShelterAddressForm(
            request.POST or None, initial={"confidential_address": address}
        )
    if (
        request.method == "POST"
        and form.is_valid()
        and (address_form is None or address_form.is_valid())
    ):
        try:
            _profile_save(request, centre, form, address_form)
        except InputRejected as exc:
            refusal_messages(request, exc)
        else:
            messages.success(request, _("Merkez profili kaydedildi."))
            return redirect("centres:detail", code=centre.code)
    return render(
        request,
        "centres/edit.html",
        {"centre": centre, "form": form, "address_form": address_form},
    )


def _profile_initial(centre: Centre) -> dict:
    staff = selectors.staffing(centre)
    return {
        "address": centre.address,
        "phone": centre.phone,
        "email": centre.email,
        "opening_hours": centre.opening_hours,
        "services": centre.services,
        "shelter_places": centre.shelter_places,
        **{f"condition_{c}": s for c, s in centre.conditions.items()},
        **{f"staff_{r}": n for r, (n, _) in staff.items()},
        **{f"qual_{r}": q for r, (_, q) in staff.items()},
    }


def _profile_save(request, centre: Centre, form, address_form) -> None:
    data = form.cleaned_data
    services.centre_profile_update(
        centre=centre,
        address=data.get("address") or "",
        phone=data["phone"],
        email=data["email"],
        opening_hours=data["opening_hours"],
        services=data["services"],
        conditions={c: data[f"condition_{c}"] for c in domain.CONDITIONS if data[f"condition_{c}"]},
        staff={r: (data[f"staff_{r}"] or 0, data[f"qual_{r}"]) for r in domain.STAFF_ROLES},
        shelter_places=data.get("shelter_places"),
        by=request.user,
    )
    if address_form is not None:
        services.shelter_address_set(
            centre=centre,
            # Stars, not the address, in any traceback from here down.
            address=Confidential(address_form.cleaned_data["confidential_address"]),
            by=request.user,
        )


# --- The needs analysis and the network's events ------------------------------------------------


@never_cache
def needs_analysis(request):
    deny_unless(request, "centres.view_network")
    return HttpResponse(needs.html(needs.build()))


@never_cache
def needs_analysis_pdf(request):
    deny_unless(request, "centres.view_network")
    response = HttpResponse(needs.pdf(needs.build()), content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="kdm-ihtiyac-analizi-{timezone.localdate():%Y-%m-%d}.pdf"'
    )
    return response


@never_cache
def events(request):
    deny_unless(request, "centres.view_network")
    plan = Plan.objects.filter(slug=PLAN).first()
    participating = [c for c in selectors.centres() if c.kind != Centre.Kind.PARTNER]
    form = EventForm(request.POST or None)
    if request.method == "POST":
        deny_unless(request, "centres.record_event")
        try:
            if request.POST.get("adim") == "plana-aktar":
                year = _year(request.POST.get("yil"))
                written = network_services.network_counts_enter(
                    plan=plan, year=year, by=request.user
                )
                messages.success(
                    request,
                    _(
                        "%(year)s sayıları planın göstergelerine onay bekleyen değerler olarak "
                        "yazıldı: %(written)s"
                    )
                    % {"year": year, "written": "; ".join(written)},
                )
                return redirect("centres:events")
            if form.is_valid():
                data = form.cleaned_data
                activity = selectors.network_activities(PLAN)[data["kind"]]
                participation = _participation(request.POST, participating)
                network_services.network_event_record(
                    kind=data["kind"],
                    title=data["title"],
                    year=data["held_on"].year,
                    held_on=data["held_on"],
                    activity=activity,
                    participation=participation,
                    by=request.user,
                )
                messages.success(request, _("Etkinlik kaydedildi."))
                return redirect("centres:events")
        except InputRejected as exc:
            refusal_messages(request, exc)
    return render(
        request,
        "centres/events.html",
        {
            "events": selectors.network_events(),
            "form": form,
            "centres": participating,
            "years": selectors.network_event_years(),
            "can_record": may(request.user, "centres.record_event"),
        },
    )


def _year(raw) -> int:
    try:
        return int(raw or "")
    except ValueError:
        raise InputRejected([Problem("yıl", "bir yıl seçilmeli")]) from None


def _participation(post, centres: list[Centre]) -> dict[Centre, tuple[int, int]]:
    """Women and men per centre from the form; a box that is not a whole number is refused
    by name, never read as zero."""
    problems, participation = [], {}
    for centre in centres:
        counts = []
        for prefix, label in (("k", "kadın"), ("e", "erkek")):
            raw = (post.get(f"{prefix}-{centre.pk}") or "").strip()
            if raw and not raw.isdigit():
                problems.append(
                    Problem(f"{centre.name}: {label}", "0 ya da pozitif tam sayı olmalı")
                )
            counts.append(int(raw) if raw.isdigit() else 0)
        if any(counts):
            participation[centre] = (counts[0], counts[1])
    if problems:
        raise InputRejected(problems)
    return participation
