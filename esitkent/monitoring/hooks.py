"""The one hook monitoring offers the apps above it: approved values changed.

Every path that changes which values are approved, or how they combine, runs through
monitoring's services: a coordinator's approval (page or API), the demo's replayed cycles, an
unapproval, a change of an indicator's aggregation, the purge of sample periods. Each calls
`approved_values_changed` with the (indicator, period) groups it touched, synchronously and
inside its own transaction, so that whatever a listener writes commits or rolls back with
the change itself. Monitoring does not know who listens: analytics registers its summary
refresh in `AnalyticsConfig.ready()`, and monitoring never imports analytics.

Not a Django signal: one list, filled by explicit registration, called explicitly.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

Listener = Callable[..., object]

_listeners: list[Listener] = []


def on_approved_values_changed(listener: Listener) -> Listener:
    """Register `listener(*, groups)`; registering the same function again changes nothing."""
    if listener not in _listeners:
        _listeners.append(listener)
    return listener


def approved_values_changed(*, groups: Iterable[tuple[int, str]]) -> None:
    """Tell every listener which (indicator, period) groups' approved values changed."""
    groups = set(groups)
    for listener in _listeners:
        listener(groups=groups)
