"""Reads of the centre network. What a person may see of a shelter is decided here, once:
every page, export and API answer about centres is built from these functions."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import F, Prefetch

from esitkent.core.crypto import Confidential
from esitkent.core.maps import district_feature
from esitkent.core.models import Provenance
from esitkent.core.policies import may
from esitkent.orgs.models import District
from esitkent.plans.models import Activity, Indicator, Plan

from . import domain
from .models import (
    Assessment,
    AssessmentAnswer,
    Centre,
    EventParticipation,
    ImprovementAction,
    NetworkEvent,
    ShelterAddress,
    StandardItem,
    StandardsVersion,
)
from .policies import sees_shelter_address

# What counts as a counselling centre for coverage and the map: the integrated centre
# (Anahtar) counsels too.
COUNSELLING_KINDS = (Centre.Kind.COUNSELLING, Centre.Kind.INTEGRATED)

# --- The directory --------------------------------------------------------------------------------


@dataclass
class DirectoryRow:
    centre: Centre
    district_name: str  # "" where unknown or hidden
    phone: str
    opening_hours: str
    latest_score: Decimal | None = None
    can_open: bool = False  # may open the profile behind the row


def centres() -> list[Centre]:
    return list(Centre.objects.select_related("organisation", "operator", "district"))


def directory(user, *, kind: str = "", district: str = "") -> list[DirectoryRow]:
    """Every centre with what this person may see of it. A shelter's district and contact
    are shown only to those who may see its address (its staff, the network coordinator)."""
    rows = []
    scores = latest_scores()
    for centre in centres():
        if kind and centre.kind != kind:
            continue
        open_to_user = not centre.is_shelter or sees_shelter_address(user, centre)
        shown_district = centre.district if open_to_user else None
        if district and (shown_district is None or shown_district.code != district):
            continue
        rows.append(
            DirectoryRow(
                centre=centre,
                district_name=shown_district.name if shown_district else "",
                phone=centre.phone if open_to_user else "",
                opening_hours=centre.opening_hours if open_to_user else "",
                latest_score=scores.get(centre.pk),
                can_open=may(user, "centres.view_centre", centre),
            )
        )
    return rows


def latest_verified(*, with_details: bool = False) -> dict[int, Assessment]:
    """Each centre's latest verified assessment, scored. with_details loads the answers (with
    items and sections) and the improvement actions too, in a fixed number of queries."""
    verified = Assessment.objects.filter(status=Assessment.Status.VERIFIED).select_related(
        "version"
    )
    if with_details:
        verified = verified.prefetch_related(
            Prefetch("answers", queryset=AssessmentAnswer.objects.select_related("item__section")),
            Prefetch("actions", queryset=ImprovementAction.objects.select_related("item")),
        )
    latest: dict[int, Assessment] = {}
    for assessment in verified.order_by("centre_id", "-year"):
        latest.setdefault(assessment.centre_id, assessment)
    with_scores(latest.values())
    return latest


def latest_scores() -> dict[int, Decimal | None]:
    """Each centre's latest verified score."""
    return {centre_id: a.final_score for centre_id, a in latest_verified().items()}


def counselling_map() -> tuple[list[dict], list[dict]]:
    """Counselling centres (KDM and integrated) per district, as map features and table rows.
    Shelters are never counted here, so the map is the same for everyone."""
    counts = Counter(
        Centre.objects.filter(kind__in=COUNSELLING_KINDS)
        .exclude(district=None)
        .values_list("district_id", flat=True)
    )
    districts = list(District.objects.all())
    features = [district_feature(d.name, d.boundary, counts.get(d.pk, 0)) for d in districts]
    rows = [{"district": d.name, "value": counts.get(d.pk, 0)} for d in districts]
    return features, rows


def shelter_address(user, centre: Centre) -> str | None:
    """The confidential address, or None for anyone who may not see it (and for non-shelters)."""
    if not sees_shelter_address(user, centre):
        return None
    row = ShelterAddress.objects.filter(centre=centre).first()
    return Confidential(row.address) if row else ""


def staffing(centre: Centre) -> dict[str, tuple[int, str]]:
    return {p.role: (p.count, p.qualifications) for p in centre.staff.all()}


# --- Standards and assessments ---------------------------------------------------------------------


def version_in_force() -> StandardsVersion | None:
    return StandardsVersion.objects.filter(status=StandardsVersion.Status.PUBLISHED).first()


def catalogue(version: StandardsVersion):
    return version.sections.prefetch_related("items")


@dataclass
class SectionView:
    code: str
    title: str
    answers: list = field(default_factory=list)
    self_score: Decimal | None = None
    final_score: Decimal | None = None


@dataclass(frozen=True)
class Scores:
    own: Decimal | None  # the centre's self-assessment
    final: Decimal | None  # with the coordinator's changes


def _scores(pairs: list[tuple[str, str]]) -> Scores:
    """(self rating, verified rating) of each item → both percentages (derived, never stored)."""
    return Scores(
        domain.score(own or None for own, _ in pairs),
        domain.score(domain.final_rating(own, verified) or None for own, verified in pairs),
    )


def scores(assessment: Assessment) -> Scores:
    return _scores(list(assessment.answers.values_list("self_rating", "verified_rating")))


def with_scores(assessments: Iterable[Assessment]) -> list[Assessment]:
    """Set `self_score` and `final_score` on each assessment, from one query over the answers."""
    assessments = list(assessments)
    pairs: dict[int, list[tuple[str, str]]] = defaultdict(list)
    for assessment_id, own, verified in AssessmentAnswer.objects.filter(
        assessment__in=assessments
    ).values_list("assessment_id", "self_rating", "verified_rating"):
        pairs[assessment_id].append((own, verified))
    for assessment in assessments:
        result = _scores(pairs.get(assessment.pk, []))
        assessment.self_score, assessment.final_score = result.own, result.final
    return assessments


def answers_of(assessment: Assessment):
    return assessment.answers.select_related("item__section")


def assessment_sections(answers: Iterable[AssessmentAnswer]) -> list[SectionView]:
    """Answers (with their items and sections loaded) grouped by section, each scored."""
    sections: dict[str, SectionView] = {}
    for answer in answers:
        section = answer.item.section
        view = sections.setdefault(section.code, SectionView(section.code, section.title))
        view.answers.append(answer)
    for view in sections.values():
        view.self_score = domain.score(a.self_rating or None for a in view.answers)
        view.final_score = domain.score(a.rating or None for a in view.answers)
    return list(sections.values())


def assessments_of(centre: Centre) -> list[Assessment]:
    return with_scores(centre.assessments.select_related("version"))


def verification_queue() -> list[Assessment]:
    return with_scores(
        Assessment.objects.filter(status=Assessment.Status.SUBMITTED).select_related(
            "centre__organisation", "version"
        )
    )


def assessment_of(centre: Centre, year: int) -> Assessment | None:
    """A centre's assessment of the year with its scores; None until it is started."""
    record = Assessment.objects.filter(centre=centre, year=year).select_related("version").first()
    if record is not None:
        with_scores([record])
    return record


def standards_versions() -> list[StandardsVersion]:
    return list(StandardsVersion.objects.all())


def standard_item(item_id: int) -> StandardItem | None:
    return StandardItem.objects.filter(pk=item_id).first()


# --- Network activity into the plan -------------------------------------------------------------------


@dataclass
class ActivityCounts:
    activity_code: str
    indicators: dict[str, Indicator]
    events: list[tuple[dict[str, str], int]]
    participants: list[tuple[dict[str, str], int]]


def network_event_years() -> list[int]:
    return list(NetworkEvent.objects.order_by("-year").values_list("year", flat=True).distinct())


def network_events(year: int | None = None):
    events = NetworkEvent.objects.select_related("activity").prefetch_related(
        Prefetch(
            "participants",
            queryset=EventParticipation.objects.select_related(
                "centre__organisation", "centre__district"
            ),
        )
    )
    return events.filter(year=year) if year else events


def network_counts(*, plan: Plan, year: int) -> list[ActivityCounts]:
    """Per plan activity that network events serve: events held, and participants in total,
    by sex and by the centre's district (partial breakdowns, as the indicators take them)."""
    by_activity: dict[int, list[NetworkEvent]] = defaultdict(list)
    for event in network_events(year).filter(activity__subgoal__goal__area__plan=plan):
        by_activity[event.activity_id].append(event)
    results = []
    for events in by_activity.values():
        activity = events[0].activity
        indicators = {
            i.code.rsplit("-", 1)[-1]: i
            for i in Indicator.objects.filter(activity=activity).select_related("definition")
            if getattr(i, "definition", None) is not None
        }
        women = men = 0
        districts: Counter[str] = Counter()
        for event in events:
            for p in event.participants.all():
                women += p.women
                men += p.men
                if p.centre.district is not None:
                    districts[p.centre.district.code] += p.total
        participants: list[tuple[dict[str, str], int]] = [({}, women + men)]
        participants += [({"sex": "F"}, women), ({"sex": "M"}, men)]
        participants += [({"district": code}, n) for code, n in sorted(districts.items())]
        results.append(
            ActivityCounts(
                activity_code=activity.code,
                indicators=indicators,
                events=[({}, len(events))],
                participants=participants,
            )
        )
    return results


# Which plan activity each kind of network event serves (İzmir's plan, violence area).
NETWORK_ACTIVITY_CODES = {NetworkEvent.Kind.TRAINING: "1.1.2", NetworkEvent.Kind.SHARING: "1.1.4"}
VIOLENCE_AREA = "siddet"


def network_activities(plan_slug: str) -> dict[str, Activity]:
    """Event kind → the plan activity it is counted into; empty if the plan lacks them."""
    found = {
        a.code: a
        for a in Activity.objects.filter(
            subgoal__goal__area__plan__slug=plan_slug,
            subgoal__goal__area__code=VIOLENCE_AREA,
            code__in=NETWORK_ACTIVITY_CODES.values(),
        )
    }
    return {kind: found[code] for kind, code in NETWORK_ACTIVITY_CODES.items() if code in found}


# --- The public help page ---------------------------------------------------------------------

# Counselling centres are listed with or without a phone; partners (ŞÖNİM, bar association
# lines and the like) only where they have one.
HELP_LISTED_KINDS = (*COUNSELLING_KINDS, Centre.Kind.PARTNER)


def help_line_rows() -> list[tuple[str, str | None, str, str, bool]]:
    """(name, district, kind, phone, profile is sample) of the counselling centres and partner
    lines the public help page may list, districts in Turkish order and those without last.

    Shelters are never read (their district and contact are confidential), no address is
    loaded (the query names the only columns the page shows), and centres invented for the
    demo are left out."""
    return list(
        Centre.objects.filter(kind__in=HELP_LISTED_KINDS)
        .exclude(provenance=Provenance.SAMPLE)
        .order_by(F("district__sort_key").asc(nulls_last=True), "sort_key")
        .values_list("organisation__name", "district__name", "kind", "phone", "profile_is_sample")
    )
