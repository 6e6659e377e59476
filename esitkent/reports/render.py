"""The annual monitoring report as HTML, PDF (WeasyPrint) and XLSX, in Turkish or English."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import mark_safe
from openpyxl import Workbook

from esitkent.analytics import charts
from esitkent.analytics.map_selectors import map_data, map_sources
from esitkent.core.pdf import FONT_DIR, html_to_pdf
from esitkent.core.period_codes import parse_period
from esitkent.core.progress_rating import RAG_LABELS
from esitkent.core.xlsx import header, put, put_rows, workbook_bytes

from .selectors import AnnualReport

FORMATS = ("html", "pdf", "xlsx")


def report_filename(
    plan_slug: str, year: int, language: str, fmt: str = "pdf", *, sample: bool = False
) -> str:
    """The file name of a year's report: the same for a download made now and for the copy
    published on the portal. A report holding sample figures says so in its name too, which
    is what a saved copy is known by."""
    return f"{plan_slug}-izleme-raporu-{year}-{language}{'-ornek' if sample else ''}.{fmt}"


def _marked(text: str, sample: bool) -> str:
    """A title with the sample mark: a chart or sheet travels alone (a slide, a screenshot)."""
    return f"{text} ({translation.gettext('ÖRNEK')})" if sample else text


def _figures(report: AnnualReport) -> dict:
    """Charts as inline SVG, from the same Vega-Lite specs the browser draws."""
    rows = [{"label": a.title, "progress": a.progress, "rag": a.rag} for a in report.areas]
    figures = {
        "progress": mark_safe(
            charts.to_svg(
                charts.progress_by_area(
                    rows,
                    _marked(
                        str(translation.gettext("Alanlara göre ilerleme")), report.progress_sample
                    ),
                    axis_title=str(translation.gettext("İlerleme (%)")),
                )
            )
        )
    }  # noqa: S308 - our own SVG
    # The year's own map if there is one, else the latest before it: never a later year's.
    choices = [
        (source, _latest_by(source.periods, report.year)) for source in map_sources(report.plan)
    ]
    choices = [(s, p) for s, p in choices if p is not None]
    source, period = next(
        ((s, p) for s, p in choices if parse_period(p).end.year == report.year),
        choices[0] if choices else (None, None),
    )
    if source:
        data = map_data(source, period)
        # An indicator's map of a sample period shows sample figures; context series are
        # published sources, never sample.
        label = _marked(
            f"{source.label} — {period}",
            source.indicator_id is not None and period in report.plan_sample_codes,
        )
        spec = charts.district_map(
            data.features, label, legend_title=data.legend, breaks=data.breaks
        )
        figures["map"] = mark_safe(charts.to_svg(spec))  # noqa: S308 - our own SVG
        figures["map_label"] = label
    return figures


def _latest_by(periods: list[str], year: int) -> str | None:
    """The period ending last by the end of the year, of those a map source has."""
    ended = []
    for code in periods:
        try:
            period = parse_period(code)
        except ValueError:
            continue
        if period.end.year <= year:
            ended.append((period.end, period.start, code))
    return max(ended)[2] if ended else None


def html(report: AnnualReport, *, lang: str = "tr", for_pdf: bool = False) -> str:
    with translation.override(lang):
        return render_to_string(
            "reports/annual.html",
            {
                "r": report,
                "lang": lang,
                "figures": _figures(report),
                "for_pdf": for_pdf,
                "font_dir": FONT_DIR,
            },
        )


def pdf(report: AnnualReport, *, lang: str = "tr") -> bytes:
    return html_to_pdf(html(report, lang=lang, for_pdf=True))


def xlsx(report: AnnualReport, *, lang: str = "tr") -> bytes:
    with translation.override(lang):
        _ = translation.gettext
        wb = Workbook()
        wb.properties.title = _marked(
            f"{report.plan.title} — {_('İzleme raporu')} {report.year}", report.sample
        )
        if report.sample:
            wb.properties.keywords = _("ÖRNEK veri: %(periods)s") % {
                "periods": ", ".join(report.sample_periods)
            }
        _summary_sheet(wb.active, report)
        for area in report.areas:
            _area_sheet(wb.create_sheet(area.title[:31]), area, report.sample)
        quality = wb.create_sheet(_("Veri kalitesi")[:31])
        header(quality, [_("Bulgu"), _("Sayı")])
        put_rows(quality, report.lint_summary)
        return workbook_bytes(wb)


def _mark_column(sample: bool) -> list[str]:
    """A last column marks each row drawn from a sample period: it stays with the row when
    the sheet is filtered, sorted or copied elsewhere."""
    return [translation.gettext("ÖRNEK veri")] if sample else []


def _summary_sheet(ws, report: AnnualReport) -> None:
    _ = translation.gettext
    ws.title = _("Özet")[:31]
    header(ws, [_("Alan"), _("İlerleme (%)"), _("Durum"), *_mark_column(report.sample)])
    for r, area in enumerate(report.areas, start=2):
        put(ws, r, 1, area.title)
        put(ws, r, 2, None if area.progress is None else round(area.progress, 1))
        put(ws, r, 3, _(RAG_LABELS[area.rag]))
        if area.sample:
            put(ws, r, 4, _("ÖRNEK"))


def _area_sheet(ws, area, sample: bool) -> None:
    """An area's activities, a row for each of their indicators (one for an activity
    without)."""
    _ = translation.gettext
    header(
        ws,
        [
            _("Kod"),
            _("Faaliyet"),
            _("Vade"),
            _("Bitiş tarihi"),
            _("Durum"),
            _("İlerleme (%)"),
            _("Gösterge"),
            _("Değer"),
            _("Hedef"),
            _("Açıklama"),
            _("Düzeltici eylem"),
            *_mark_column(sample),
        ],
    )
    row = 2
    for activity in area.activities:
        for indicator in activity.indicators or [None]:
            for c, value in enumerate(_activity_row(activity, indicator), start=1):
                put(ws, row, c, value if value != "" else None)
            row += 1


def _activity_row(activity, indicator) -> list:
    values = [
        activity.code,
        activity.title,
        activity.term,
        activity.due.strftime("%d.%m.%Y") if activity.due else "",
        activity.status,
        activity.progress,
        indicator.name if indicator else "",
        None if not indicator or indicator.value is None else float(indicator.value),
        None if not indicator or indicator.target is None else float(indicator.target),
        activity.explanation,
        activity.corrective_action,
    ]
    if activity.sample or (indicator and indicator.sample):
        values.append(translation.gettext("ÖRNEK"))
    return values


def render(report: AnnualReport, fmt: str, lang: str) -> bytes:
    if fmt == "html":
        return html(report, lang=lang).encode()
    if fmt == "pdf":
        return pdf(report, lang=lang)
    if fmt == "xlsx":
        return xlsx(report, lang=lang)
    raise ValueError(fmt)
