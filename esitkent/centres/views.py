"""Thin views of the centre network: a policy check, a selector or a service, a template.
Every page here is private to the people who work in the network and is never cached."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters, sensitive_variables

from esitkent.analytics import charts
from esitkent.core.crypto import Confidential
from esitkent.core.errors import InputRejected, Problem
from esitkent.core.evidence import EVIDENCE_MAX_BYTES
from esitkent.core.feedback import refusal_messages
from esitkent.core.policies import may
from esitkent.orgs.models import District
from esitkent.plans.models import Plan

from . import assessment_services, domain, needs, network_services, policies, selectors, services
from .forms import ActionForm, EventForm, EvidenceForm, ProfileForm, ShelterAddressForm
from .models import (
    Assessment,
    Centre,
    ImprovementAction,
    StandardItem,
    StandardsVersion,
)
from .policies import sees_shelter_address

PLAN = "izmir-yeep-2022-2024"


def _require(request, perm: str, obj=None) -> None:
    if not may(request.user, perm, obj):
        raise PermissionDenied


def _centre(code: str) -> Centre:
    return get_object_or_404(
        Centre.objects.select_related("organisation", "operator", "district"), code=code
    )


@never_cache
def directory(request):
    _require(request, "centres.view_directory")
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
    centre = _centre(code)
    _require(request, "centres.view_centre", centre)
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
    centre = _centre(code)
    _require(request, "centres.edit_centre", centre)
    may_see_address = sees_shelter_address(request.user, centre)
    staff = selectors.staffing(centre)
    initial = {
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
    form = ProfileForm(request.POST or None, centre=centre, initial=initial)
    address_form = None
    if may_see_address:
        address = selectors.shelter_address(request.user, centre)
        address_form = ShelterAddressForm(
            request.POST or None, initial={"confidential_address": address}
        )
    if (
        request.method == "POST"
        and form.is_valid()
        and (address_form is None or address_form.is_valid())
    ):
        data = form.cleaned_data
        try:
            services.centre_profile_update(
                centre=centre,
                address=data.get("address") or "",
                phone=data["phone"],
                email=data["email"],
                opening_hours=data["opening_hours"],
                services=data["services"],
                conditions={
                    c: data[f"condition_{c}"] for c in domain.CONDITIONS if data[f"condition_{c}"]
                },
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


# --- Assessments -------------------------------------------------------------------------------


@never_cache
def assessment(request, code, year):
    centre = _centre(code)
    _require(request, "centres.view_centre", centre)
    record = Assessment.objects.filter(centre=centre, year=year).select_related("version").first()
    if record is not None:
        selectors.with_scores([record])
    can_assess = may(request.user, "centres.assess", centre)
    can_verify = may(request.user, "centres.verify", centre)
    if request.method == "POST":
        step = request.POST.get("adim", "")
        try:
            _assessment_step(request, step, centre, year, record, can_assess, can_verify)
        except InputRejected as exc:
            refusal_messages(request, exc)
        return redirect("centres:assessment", code=code, year=year)
    if record is None and not can_assess:
        raise Http404
    return render(
        request,
        "centres/assessment.html",
        {
            "centre": centre,
            "year": year,
            "a": record,
            "sections": selectors.assessment_sections(selectors.answers_of(record))
            if record
            else [],
            "ratings": [(code, _(label)) for code, label in domain.RATINGS.items()],
            "can_edit": can_assess
            and record is not None
            and record.status == Assessment.Status.DRAFT,
            "can_start": can_assess and record is None,
            "can_verify": can_verify
            and record is not None
            and record.status == Assessment.Status.SUBMITTED,
            "can_plan": record is not None
            and record.status == Assessment.Status.VERIFIED
            and (can_assess or can_verify),
            "evidence_form": EvidenceForm(),
            "events": record.events.select_related("by") if record else [],
            "evidence": record.evidence.all() if record else [],
            "actions": record.actions.select_related("item") if record else [],
            "statuses": ImprovementAction.Status.choices,
        },
    )


def _assessment_step(request, step, centre, year, record, can_assess, can_verify) -> None:
    post, user = request.POST, request.user
    if step == "baslat" and can_assess:
        assessment_services.assessment_start(centre=centre, year=year, by=user)
        messages.success(request, _("Öz değerlendirme başlatıldı."))
        return
    if record is None:
        raise PermissionDenied
    if step in ("kaydet", "gonder") and can_assess:
        answers = {
            a.item_id: (post.get(f"r-{a.item_id}", ""), post.get(f"n-{a.item_id}", ""))
            for a in record.answers.all()
            if f"r-{a.item_id}" in post
        }
        assessment_services.assessment_save(assessment=record, answers=answers, by=user)
        if step == "gonder":
            assessment_services.assessment_submit(assessment=record, by=user)
            messages.success(request, _("Öz değerlendirme doğrulama için gönderildi."))
        else:
            messages.success(request, _("Taslak kaydedildi."))
        return
    if step == "kanit" and (can_assess or can_verify):
        form = EvidenceForm(post, request.FILES)
        if not form.is_valid():
            messages.error(request, _("Kanıt dosyası seçilmedi."))
            return
        upload = form.cleaned_data["file"]
        item = StandardItem.objects.filter(pk=form.cleaned_data.get("item") or 0).first()
        assessment_services.assessment_evidence_attach(
            assessment=record,
            item=item,
            name=upload.name,
            content=upload.read(EVIDENCE_MAX_BYTES + 1),
            by=user,
        )
        messages.success(request, _("Kanıt eklendi."))
        return
    if step == "dogrula" and can_verify:
        changes = {
            a.item_id: (post.get(f"v-{a.item_id}", ""), post.get(f"g-{a.item_id}", ""))
            for a in record.answers.all()
        }
        actions = assessment_services.assessment_verify(assessment=record, changes=changes, by=user)
        messages.success(
            request,
            ngettext(
                "Doğrulandı; iyileştirme planına %(n)s eylem eklendi.",
                "Doğrulandı; iyileştirme planına %(n)s eylem eklendi.",
                len(actions),
            )
            % {"n": len(actions)},
        )
        return
    if step == "geri" and can_verify:
        assessment_services.assessment_return(
            assessment=record, by=user, reason=post.get("gerekce", "")
        )
        messages.success(request, _("Değerlendirme merkeze geri gönderildi."))
        return
    if step == "eylem" and (can_assess or can_verify):
        action = get_object_or_404(ImprovementAction, pk=post.get("eylem"), assessment=record)
        form = ActionForm(post)
        if not form.is_valid():
            messages.error(
                request, _("%(code)s: eksik ya da geçersiz alan") % {"code": action.item.code}
            )
            return
        assessment_services.improvement_action_update(
            action=action,
            by=user,
            **{
                "text": form.cleaned_data["action"],
                "owner": form.cleaned_data["owner"],
                "deadline": form.cleaned_data["deadline"],
                "status": form.cleaned_data["status"],
            },
        )
        messages.success(request, _("%(code)s: eylem güncellendi.") % {"code": action.item.code})
        return
    raise PermissionDenied


@never_cache
def evidence_download(request, code, year, evidence_id):
    centre = _centre(code)
    _require(request, "centres.view_centre", centre)
    record = get_object_or_404(Assessment, centre=centre, year=year)
    evidence = get_object_or_404(record.evidence, pk=evidence_id)
    return FileResponse(
        evidence.file.open("rb"),
        as_attachment=True,
        filename=evidence.original_name,
        content_type=evidence.content_type,
    )


@never_cache
def verification_queue(request):
    _require(request, "centres.verify")
    return render(request, "centres/queue.html", {"queue": selectors.verification_queue()})


# --- The standards catalogue --------------------------------------------------------------------


@never_cache
def standards(request):
    _require(request, "centres.view_directory")
    number = request.GET.get("surum")
    versions = list(StandardsVersion.objects.all())
    shown = next((v for v in versions if str(v.number) == number), None) or (
        selectors.version_in_force() or (versions[0] if versions else None)
    )
    return render(
        request,
        "centres/standards.html",
        {
            "versions": versions,
            "version": shown,
            "sections": selectors.catalogue(shown) if shown else [],
            "can_manage": may(request.user, "centres.manage_standards"),
        },
    )


@never_cache
def standards_draft(request):
    _require(request, "centres.manage_standards")
    if request.method != "POST":
        raise PermissionDenied
    try:
        draft = services.standards_draft_create(by=request.user)
    except InputRejected as exc:
        refusal_messages(request, exc)
        return redirect("centres:standards")
    messages.success(
        request,
        _("Sürüm %(n)s taslağı hazır; maddeleri düzenleyebilirsiniz.") % {"n": draft.number},
    )
    return redirect(f"{reverse('centres:standards')}?surum={draft.number}")


@never_cache
def standards_item(request, item_id):
    _require(request, "centres.manage_standards")
    item = get_object_or_404(StandardItem.objects.select_related("section__version"), pk=item_id)
    version = item.section.version
    if request.method == "POST":
        try:
            if request.POST.get("sil"):
                services.standards_item_delete(item=item)
                messages.success(request, _("%(code)s taslaktan çıkarıldı.") % {"code": item.code})
            else:
                services.standards_item_save(
                    version=version,
                    section=item.section,
                    item=item,
                    **{
                        k: request.POST.get(k, "")
                        for k in ("code", "text", "description", "evidence", "source")
                    },
                )
                messages.success(
                    request, _("%(code)s kaydedildi.") % {"code": request.POST.get("code")}
                )
            return redirect(f"{reverse('centres:standards')}?surum={version.number}")
        except InputRejected as exc:
            refusal_messages(request, exc)
    return render(request, "centres/standards_item.html", {"item": item, "version": version})


@never_cache
def standards_publish(request, number):
    _require(request, "centres.manage_standards")
    version = get_object_or_404(StandardsVersion, number=number)
    if request.method == "POST":
        try:
            services.standards_publish(version=version, by=request.user)
            messages.success(
                request,
                _("Sürüm %(n)s yürürlüğe girdi; önceki değerlendirmeler kendi sürümlerinde kalır.")
                % {"n": version.number},
            )
        except InputRejected as exc:
            refusal_messages(request, exc)
    return redirect(f"{reverse('centres:standards')}?surum={version.number}")


# --- The needs analysis and the network's events ------------------------------------------------


@never_cache
def needs_analysis(request):
    _require(request, "centres.view_network")
    return HttpResponse(needs.html(needs.build()))


@never_cache
def needs_analysis_pdf(request):
    _require(request, "centres.view_network")
    response = HttpResponse(needs.pdf(needs.build()), content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="kdm-ihtiyac-analizi-{timezone.localdate():%Y-%m-%d}.pdf"'
    )
    return response


@never_cache
def events(request):
    _require(request, "centres.view_network")
    plan = Plan.objects.filter(slug=PLAN).first()
    participating = [c for c in selectors.centres() if c.kind != Centre.Kind.PARTNER]
    form = EventForm(request.POST or None)
    if request.method == "POST":
        _require(request, "centres.record_event")
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
