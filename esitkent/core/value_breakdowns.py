"""A value's breakdown: the dimensions (sex, age band, disability, district), their options,
the canonical key and its label. The address every figure shares — entered, checked, summed,
charted, published — so it lives here, below every app that reads values. Pure, no Django."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping

from esitkent.core.reasons import Reason, gettext_noop

# --- Breakdowns -----------------------------------------------------------------------------
# A breakdown is explicit option codes per dimension ({"sex": "F", "age": "18-29"}); the empty
# breakdown is the total. Partial breakdowns are allowed: any subset of dimensions.

SEX = {"F": "Kadın", "M": "Erkek"}
AGE_BANDS = {
    "0-14": "0–14",
    "15-17": "15–17",
    "18-29": "18–29",
    "30-44": "30–44",
    "45-64": "45–64",
    "65+": "65 ve üzeri",
}
DISABILITY = {"yes": "Engelli", "no": "Engelli değil"}
DIMENSION_LABELS = {
    "sex": "Cinsiyet",
    "age": "Yaş grubu",
    "district": "İlçe",
    "disability": "Engellilik",
}
DIMENSION_ORDER = ("sex", "age", "disability", "district")


def dimension_options(dimension: str, districts: Iterable[str] = ()) -> dict[str, str]:
    if dimension == "sex":
        return SEX
    if dimension == "age":
        return AGE_BANDS
    if dimension == "disability":
        return DISABILITY
    if dimension == "district":
        return {d: d for d in districts}
    raise ValueError(f"Bilinmeyen boyut: {dimension}")


def breakdown_key(breakdown: Mapping[str, str]) -> str:
    """Canonical text form: 'age=18-29;sex=F'; '' for the total."""
    return ";".join(f"{k}={breakdown[k]}" for k in sorted(breakdown))


EXTRA_LABELS = {"education": "Eğitim durumu", "area": "Bölge"}
EXTRA_OPTIONS = {"turkiye": "Türkiye"}


def breakdown_label(
    breakdown: Mapping[str, str],
    *,
    translate: Callable[[str], str] | None = None,
    districts: Mapping[str, str] | None = None,
) -> str:
    """'Cinsiyet: Kadın · Yaş grubu: 18–29'; 'Toplam' for the total. Dimensions outside the
    monitoring set (context figures' education level, Türkiye comparisons) keep their text.
    translate (a gettext) puts the monitoring set's names and 'Toplam' in the reader's
    language; other text stays as it is. districts (code → name) names a district as people
    write it ("Karşıyaka", not "karsiyaka")."""
    tr = translate or (lambda text: text)
    if not breakdown:
        return tr("Toplam")
    known = {"sex": SEX, "age": AGE_BANDS, "disability": DISABILITY, "district": districts or {}}
    parts = []
    for dimension in [*DIMENSION_ORDER, *sorted(set(breakdown) - set(DIMENSION_ORDER))]:
        if dimension in breakdown:
            option = breakdown[dimension]
            names = known.get(dimension, {})
            label = tr(names[option]) if option in names else EXTRA_OPTIONS.get(option, option)
            name = (
                tr(DIMENSION_LABELS[dimension])
                if dimension in DIMENSION_LABELS
                else EXTRA_LABELS.get(dimension, dimension)
            )
            parts.append(f"{name}: {label}")
    return " · ".join(parts)


def parse_breakdown_key(key: str) -> dict[str, str]:
    if not key:
        return {}
    out = {}
    for part in key.split(";"):
        name, sep, value = part.partition("=")
        if not sep or not name or not value or name in out:
            raise ValueError(f"Kırılım anlaşılamadı: {key!r}")
        out[name] = value
    return out


def check_breakdown(
    breakdown: Mapping[str, str], allowed: Iterable[str], districts: Iterable[str] = ()
) -> Reason | None:
    """The problem with the breakdown for an indicator with these dimensions, or None."""
    allowed = set(allowed)
    districts = set(districts)
    for dimension, option in breakdown.items():
        if dimension not in allowed:
            return Reason(
                "breakdown",
                gettext_noop("bu gösterge '{dimension}' kırılımı almıyor"),
                dimension=DIMENSION_LABELS.get(dimension, dimension),
            )
        if option not in dimension_options(dimension, districts):
            return Reason(
                "breakdown_option",
                gettext_noop("'{dimension}' için bilinmeyen seçenek: {option}"),
                dimension=DIMENSION_LABELS[dimension],
                option=option,
            )
    return None
