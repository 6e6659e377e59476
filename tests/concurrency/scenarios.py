"""Concurrency scenarios, each run in its own process against the scratch database
(tests/concurrency/conftest.py): `python -m tests.concurrency.scenarios NAME [ARGS]` prints one
JSON line with what happened. Threads each hold their own database connection, as the web
workers and the job worker do."""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
import tempfile
import threading
import time
import traceback
from html.parser import HTMLParser
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "parola-uzun-123"


def setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def plan():
    from esitkent.plans.models import Plan

    return Plan.objects.get(slug="izmir-yeep-2022-2024")


def open_period(code: str):
    from esitkent.monitoring.models import ReportingPeriod
    from esitkent.monitoring.period_services import reporting_period_create

    found = ReportingPeriod.objects.filter(plan=plan(), code=code).first()
    return found or reporting_period_create(
        plan=plan(), code=code, deadline=dt.date.today() + dt.timedelta(days=30)
    )


def person(username: str, role: str, unit: str):
    from django.contrib.auth import get_user_model

    from esitkent.accounts.services import membership_grant
    from esitkent.orgs.models import Organisation

    user = get_user_model().objects.filter(username=username).first()
    if user is None:
        user = get_user_model().objects.create_user(username=username, password=PASSWORD)
        membership_grant(user=user, organisation=Organisation.objects.get(code=unit), role=role)
    return user


def form_fields(html: str) -> dict[str, str]:
    """Every field of the entry form with the value it was loaded with."""
    fields: dict[str, str] = {}

    class Reader(HTMLParser):
        textarea = select = None

        def handle_starttag(self, tag, attrs):
            attrs = dict(attrs)
            name = attrs.get("name")
            if tag == "input" and name and attrs.get("type") not in {"submit", "file", "checkbox"}:
                fields[name] = attrs.get("value") or ""
            elif tag == "textarea" and name:
                self.textarea, fields[name] = name, ""
            elif tag == "select" and name:
                self.select = name
            elif tag == "option" and "selected" in attrs and self.select:
                fields[self.select] = attrs.get("value") or ""

        def handle_data(self, data):
            if self.textarea:
                fields[self.textarea] += data

        def handle_endtag(self, tag):
            if tag == "textarea":
                self.textarea = None
            if tag == "select":
                self.select = None

    Reader().feed(html)
    fields.pop("csrfmiddlewaretoken", None)
    return fields


def in_thread(target, *args):
    """Run in a thread with a connection of its own, closed at the end."""
    from django.db import connection

    result: dict = {}

    def run():
        try:
            result["value"] = target(*args)
        except Exception as exc:  # noqa: BLE001 - reported to the test as what happened
            result["error"] = f"{type(exc).__name__}: {exc}"
            result["trace"] = traceback.format_exc()[-2000:]
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    return thread, result


# --- Two reporters of one unit -----------------------------------------------------------------


def two_reporters(rounds: str = "10") -> dict:
    """Both load the form; in part one each changes a different field, in part two both change
    the same field at the same moment, ten times. Nothing may be lost silently."""
    from django.test import Client

    from esitkent.monitoring.entry_services import submission_open
    from esitkent.monitoring.models import DataValue, Submission
    from esitkent.orgs.models import Organisation
    from esitkent.plans.models import Indicator

    period = open_period("2024")
    unit = Organisation.objects.get(code="sosyal-projeler-db")
    submission_open(period=period, organisation=unit)
    Submission.objects.filter(period=period, organisation=unit).update(status="draft")
    indicator = Indicator.objects.get(plan=plan(), code="egitim-1.6.1-g2")
    DataValue.objects.filter(indicator=indicator, period="2024", organisation=unit).delete()
    clients = []
    for name in ("ayse_es", "fatma_es"):
        client = Client()
        client.force_login(person(name, "reporter", unit.code))
        clients.append(client)
    url = f"/izleme/donem/{period.id}/birim/{unit.code}/"
    total, women = f"v|{indicator.id}|", f"v|{indicator.id}|sex=F"

    def race(posts: list[dict]) -> list[tuple[int, str]]:
        barrier = threading.Barrier(len(posts))

        def post(client, data):
            barrier.wait()
            response = client.post(url, data)
            return response.status_code, response.content.decode()

        runs = [in_thread(post, c, d) for c, d in zip(clients, posts, strict=True)]
        out = []
        for thread, result in runs:
            thread.join()
            if "error" in result:
                raise RuntimeError(result["trace"])
            out.append(result["value"])
        return out

    def stored() -> dict:
        return {
            key: f"{value.normalize():f}"
            for key, value in DataValue.objects.filter(
                indicator=indicator, period="2024", organisation=unit
            ).values_list("breakdown_key", "value")
        }

    forms = [form_fields(c.get(url).content.decode()) for c in clients]
    answers = race([{**forms[0], total: "10", "save": "1"}, {**forms[1], women: "6", "save": "1"}])
    different = {"statuses": [s for s, _ in answers], "stored": stored()}
    same = []
    for n in range(int(rounds)):
        forms = [form_fields(c.get(url).content.decode()) for c in clients]
        mine, theirs = str(100 + n), str(200 + n)
        answers = race(
            [{**forms[0], total: mine, "save": "1"}, {**forms[1], total: theirs, "save": "1"}]
        )
        statuses = [s for s, _ in answers]
        value = stored().get("")
        loser = [body for s, body in answers if s == 409]
        same.append(
            {
                "statuses": statuses,
                "stored": value,
                "winner": mine if statuses[0] == 302 else theirs if statuses[1] == 302 else None,
                "conflict_names_winner": bool(loser) and value in loser[0],
            }
        )
    return {"different_fields": different, "same_field": same}


# --- An import and a submission at the same moment ------------------------------------------------


def import_waits_for_submit() -> dict:
    """A coordinator submits (holding the submission's row) while an import for the same unit
    runs: the import must see the submission as it is once the submit commits."""
    from django.db import transaction

    from esitkent.core.errors import InputRejected
    from esitkent.monitoring.entry_services import submission_open
    from esitkent.monitoring.import_services import values_import
    from esitkent.monitoring.models import DataValue, Submission
    from esitkent.orgs.models import Organisation

    period = open_period("2024")
    unit = Organisation.objects.get(code="sosyal-projeler-db")
    submission = submission_open(period=period, organisation=unit)
    Submission.objects.filter(pk=submission.pk).update(status="draft")
    DataValue.objects.filter(
        indicator__code="egitim-1.2.3-g1", period="2024", organisation=unit
    ).delete()
    holding = threading.Event()

    def submit():
        with transaction.atomic():
            Submission.objects.select_for_update().get(pk=submission.pk)
            holding.set()
            time.sleep(1.5)
            Submission.objects.filter(pk=submission.pk).update(status="submitted")
        return "submitted"

    def load():
        holding.wait()
        text = "dataelement,period,orgunit,value\negitim-1.2.3-g1,2024,sosyal-projeler-db,3\n"
        try:
            batch = values_import(plan=plan(), source=text.encode(), name="yarış.csv")
            return f"imported {batch.imported}"
        except InputRejected as exc:
            return f"refused: {exc}"

    runs = [in_thread(submit), in_thread(load)]
    for thread, _ in runs:
        thread.join()
    result = {
        "submit": runs[0][1].get("value") or runs[0][1].get("error"),
        "import": runs[1][1].get("value") or runs[1][1].get("error"),
        "value_written": DataValue.objects.filter(
            indicator__code="egitim-1.2.3-g1", period="2024", organisation=unit
        ).exists(),
    }
    Submission.objects.filter(pk=submission.pk).update(status="draft")
    return result


# --- A large import while the city works ------------------------------------------------------


def import_under_load(rows: str = "300000") -> dict:
    """A large value import runs; meanwhile people log in, a reporter saves a draft and a case
    worker's access is logged, over and over. None of them may fail."""
    sys.path.insert(0, str(ROOT))
    from django.test import Client

    from bench import values_data
    from esitkent.cases.access_services import access_record
    from esitkent.centres.models import Centre
    from esitkent.monitoring.import_services import values_import
    from esitkent.plans.models import Indicator

    limit = int(rows)
    values_data.prepare(limit)
    path = Path(tempfile.mkdtemp()) / "buyuk.csv"
    values_data.write_csv(path, limit)
    from esitkent.monitoring.models import Submission

    period = open_period("2024")
    Submission.objects.filter(period=period).update(status="draft")
    reporter = person("yuk_raportor", "reporter", "sosyal-projeler-db")
    person("yuk_giris", "viewer", "tce-komisyonu")
    centre = Centre.objects.order_by("code").first()
    indicator = Indicator.objects.get(plan=plan(), code="egitim-1.2.3-g1")
    url = f"/izleme/donem/{period.id}/birim/sosyal-projeler-db/"
    done = threading.Event()
    probes: list[dict] = []

    def work():
        try:
            started = time.perf_counter()
            batch = values_import(plan=plan(), source=path, name=path.name)
            return {
                "imported": batch.imported,
                "seconds": round(time.perf_counter() - started, 1),
            }
        finally:
            done.set()

    saver = Client()
    saver.force_login(reporter)

    def probe_round(n: int) -> list[dict]:
        out = []
        for name, action in (
            (
                "login",
                # Each login from an address of its own: the login rate limit (per address)
                # is not what this measures.
                lambda n=n: (
                    Client(REMOTE_ADDR=f"10.{n // 65536 % 256}.{n // 256 % 256}.{n % 256}")
                    .post("/hesap/login/", {"login": "yuk_giris", "password": PASSWORD})
                    .status_code
                ),
            ),
            (
                "draft",
                lambda n=n: (
                    saver.post(url, {f"v|{indicator.id}|": str(n), "save": "1"}).status_code
                ),
            ),
            ("case", lambda: access_record(user=reporter, action="view", centre=centre).pk and 200),
        ):
            started = time.perf_counter()
            try:
                status = action()
                failure = None if status in (200, 302) else f"HTTP {status}"
            except Exception as exc:  # noqa: BLE001 - what a person would have met
                failure = f"{type(exc).__name__}: {exc}"
            out.append(
                {"probe": name, "seconds": time.perf_counter() - started, "failure": failure}
            )
        return out

    baseline = [p for n in range(5) for p in probe_round(n)]

    def probe():
        n = 5
        while not done.is_set():
            n += 1
            probes.extend(probe_round(n))
            time.sleep(0.5)

    importing, outcome = in_thread(work)
    time.sleep(0.2)
    probing, probe_outcome = in_thread(probe)
    importing.join()
    probing.join()
    return {
        "import": outcome.get("value") or outcome.get("error"),
        "probes": len(probes),
        "failures": [p for p in probes + baseline if p["failure"]][:10],
        "probe_error": probe_outcome.get("error"),
        "latency": {
            name: {
                "before": _spread([p["seconds"] for p in baseline if p["probe"] == name]),
                "during": _spread([p["seconds"] for p in probes if p["probe"] == name]),
            }
            for name in ("login", "draft", "case")
        },
    }


def _spread(seconds: list[float]) -> dict:
    if not seconds:
        return {}
    ordered = sorted(seconds)
    return {
        "n": len(ordered),
        "p50": round(ordered[len(ordered) // 2], 4),
        "p95": round(ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))], 4),
        "max": round(ordered[-1], 4),
    }


if __name__ == "__main__":
    setup()
    name, *arguments = sys.argv[1:]
    print(json.dumps(globals()[name](*arguments), ensure_ascii=False))
