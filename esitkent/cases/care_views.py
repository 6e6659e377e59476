"""Pages that add to what a record holds: incidents, risk, services, 6284 measures,
follow-ups. Each is the owner's small form (views.record_form_page)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from . import care_services, forms
from .views import case_page, record_form_page


@case_page
def incident_new(request, code):
    return record_form_page(
        request,
        code,
        forms.IncidentForm,
        _("Olay kaydı"),
        lambda case, data, form: care_services.incident_record(
            case=case,
            by=request.user,
            occurred_on=data["occurred_on"],
            forms=data["forms"],
            answers=form.answers(),
            relationship=data["relationship"],
            perpetrator_count=data["perpetrator_count"],
            narrative=data["narrative"],
        ),
    )


@case_page
def risk_new(request, code):
    return record_form_page(
        request,
        code,
        forms.RiskForm,
        _("Risk değerlendirmesi ve güvenlik planı"),
        lambda case, data, form: care_services.risk_assess(case=case, by=request.user, **data),
    )


@case_page
def service_edit(request, code):
    return record_form_page(
        request,
        code,
        forms.ServiceForm,
        _("Hizmet"),
        lambda case, data, form: care_services.service_set(case=case, by=request.user, **data),
    )


@case_page
def measure_new(request, code):
    return record_form_page(
        request,
        code,
        forms.MeasureForm,
        _("6284 tedbiri"),
        lambda case, data, form: care_services.measure_record(case=case, by=request.user, **data),
    )


@case_page
def follow_up_new(request, code):
    return record_form_page(
        request,
        code,
        forms.FollowUpForm,
        _("İzlem"),
        lambda case, data, form: care_services.follow_up_record(case=case, by=request.user, **data),
    )
