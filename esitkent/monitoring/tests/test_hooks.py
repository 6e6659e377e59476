"""The one hook monitoring offers the apps above it (`monitoring.hooks`).

That an approval really refreshes the summaries, and that a forgotten refresh is caught, is
shown in analytics/tests/test_summaries_property.py (the incremental summaries equal a full
rebuild after every operation; with no listener registered they do not)."""

import pytest

from esitkent.analytics.services import summaries_refresh
from esitkent.monitoring import definition_services, hooks
from esitkent.monitoring.models import IndicatorDefinition


def test_analytics_listens_from_the_start():
    """Registered by AnalyticsConfig.ready(), once, before any request or command runs."""
    assert hooks._listeners.count(summaries_refresh) == 1


def test_a_registered_listener_hears_the_groups(monkeypatch):
    monkeypatch.setattr(hooks, "_listeners", [])
    heard = []
    hooks.on_approved_values_changed(lambda *, groups: heard.append(groups))
    hooks.approved_values_changed(groups=[(7, "2024"), (7, "2024"), (8, "2024Q1")])
    assert heard == [{(7, "2024"), (8, "2024Q1")}]


def test_registering_twice_calls_once(monkeypatch):
    monkeypatch.setattr(hooks, "_listeners", [])
    heard = []

    def listener(*, groups):
        heard.append(groups)

    hooks.on_approved_values_changed(listener)
    hooks.on_approved_values_changed(listener)
    hooks.approved_values_changed(groups=[(1, "2024")])
    assert heard == [{(1, "2024")}]


@pytest.mark.django_db
def test_a_failing_listener_undoes_the_change_it_heard_of(izmir_plan, monkeypatch):
    """Listeners run inside the service's transaction: what they write commits or rolls back
    with the change itself."""
    definition = IndicatorDefinition.objects.filter(
        indicator__plan=izmir_plan, aggregation="sum", is_reported=True
    ).first()
    units = [a.organisation for a in definition.indicator.assignments.all()]

    def fail(*, groups):
        raise RuntimeError("the listener failed")

    monkeypatch.setattr(hooks, "_listeners", [fail])
    with pytest.raises(RuntimeError):
        definition_services.definition_update(
            definition=definition,
            fields={"aggregation": "average"},
            targets={},
            organisations=units,
        )
    definition.refresh_from_db()
    assert definition.aggregation == "sum"
