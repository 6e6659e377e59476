"""Pages of the value exchange: upload (run at once when small, as a background job when
large), the import's progress and result, export in DHIS2's shapes, and the identifier mapping."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import ngettext

from esitkent.core import value_breakdowns
from esitkent.core.downloads import attachment
from esitkent.core.errors import InputRejected, Problem
from esitkent.orgs.models import Organisation

from . import (
    exchange,
    export_selectors,
    id_selectors,
    import_batch_services,
    import_selectors,
    import_services,
    mapping_selectors,
    mapping_services,
    xlsx_exchange,
)
from .forms import ExternalIdsForm, ValuesImportForm
from .summary_selectors import assigned_organisations
from .views import managed_plan, view_monitoring


@view_monitoring
def values_exchange(request, slug):
    plan = managed_plan(request, slug)
    if int(request.META.get("CONTENT_LENGTH") or 0) > settings.VALUES_UPLOAD_MAX_BYTES + 64 * 1024:
        form, problems = ValuesImportForm(), [Problem("dosya", "dosya çok büyük")]
        return _page(request, plan, form, problems=problems, status=413)
    form = ValuesImportForm(request.POST or None, request.FILES or None)
    if request.method != "POST" or not form.is_valid():
        return _page(request, plan, form, status=400 if form.errors else 200)
    upload = form.cleaned_data["file"]
    options = {
        "id_scheme": form.cleaned_data["id_scheme"] or "code",
        "decimal": form.cleaned_data["decimal"] or "auto",
        "encoding": form.cleaned_data["encoding"] or "auto",
    }
    batch = import_batch_services.batch_create(
        plan=plan,
        by=request.user,
        source_name=upload.name,
        dry_run=form.cleaned_data["dry_run"],
        options=options,
        upload=upload,
    )
    if batch.size > settings.VALUES_IMPORT_INLINE_BYTES:
        from django_q.tasks import async_task

        transaction.on_commit(
            lambda: async_task("esitkent.monitoring.jobs.values_import_run", batch.pk, timeout=3600)
        )
        return redirect("monitoring:values_batch", slug=plan.slug, pk=batch.pk)
    problems = None
    try:
        import_services.batch_run(batch=batch, today=timezone.localdate())
    except InputRejected as exc:
        problems = exc.problems
    return _page(
        request, plan, form, batch=batch, problems=problems, status=400 if problems else 200
    )


def _page(request, plan, form, *, batch=None, problems=None, status=200):
    return render(
        request,
        "monitoring/values.html",
        {
            "plan": plan,
            "form": form,
            "batch": batch,
            "problems": problems,
            "organisations": assigned_organisations(plan),
            "periods": plan.reporting_periods.all(),
            "recent": import_selectors.recent_batches(plan),
            "formats": exchange.FORMATS,
        },
        status=status,
    )


@view_monitoring
def values_batch(request, slug, pk):
    plan = managed_plan(request, slug)
    batch = get_object_or_404(import_selectors.plan_batches(plan), pk=pk)
    return render(request, "monitoring/values_batch.html", {"plan": plan, "batch": batch})


@view_monitoring
def values_export(request, slug, fmt):
    plan = managed_plan(request, slug)
    scheme = request.GET.get("sema", "code")
    if fmt == "sablon":
        organisation = get_object_or_404(Organisation, code=request.GET.get("birim", ""))
        period = request.GET.get("donem", "")
        if not plan.reporting_periods.filter(code=period).exists():
            raise Http404
        safe = period.replace("/", "-")
        rows = export_selectors.template_rows(organisation=organisation, period=period, plan=plan)
        data = xlsx_exchange.to_xlsx(rows, f"{organisation.code} {safe}")
        return attachment(data, f"{plan.slug}-{organisation.code}-{safe}-sablon.xlsx")
    if fmt not in exchange.FORMATS or scheme not in id_selectors.SCHEMES:
        raise Http404
    try:
        rows = export_selectors.export_rows(plan=plan, id_scheme=scheme)
    except InputRejected as exc:
        for problem in exc.problems[:10]:
            messages.error(request, str(problem))
        return redirect("monitoring:values", slug=plan.slug)
    data = exchange.dumps(rows, fmt)
    suffix = "" if scheme == "code" else f"-{scheme}"
    return attachment(data, f"{plan.slug}-degerler{suffix}.{fmt}")


@view_monitoring
def external_ids(request, slug):
    plan = managed_plan(request, slug)
    if request.GET.get("indir") == "csv":
        return attachment(mapping_selectors.external_ids_csv(plan), f"{plan.slug}-esleme.csv")
    form = ExternalIdsForm(request.POST or None, request.FILES or None)
    problems = None
    if request.method == "POST" and form.is_valid():
        try:
            text = form.cleaned_data["file"].read(5 * 1024 * 1024).decode("utf-8-sig")
            count = mapping_services.external_ids_load(
                plan=plan, text=text, by=request.user, replace=form.cleaned_data["replace"]
            )
            messages.success(
                request,
                ngettext("%(n)s eşleme kaydedildi.", "%(n)s eşleme kaydedildi.", count)
                % {"n": count},
            )
            return redirect("monitoring:external_ids", slug=plan.slug)
        except UnicodeDecodeError:
            problems = [Problem("dosya", "UTF-8 metin değil; dosyayı UTF-8 olarak kaydedin")]
        except InputRejected as exc:
            problems = exc.problems
    return render(
        request,
        "monitoring/external_ids.html",
        {
            "plan": plan,
            "form": form,
            "problems": problems,
            "rows": list(mapping_selectors.external_ids_rows(plan)),
            "breakdown_label": value_breakdowns.breakdown_label,
        },
        status=400 if problems else 200,
    )
