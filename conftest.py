"""Shared fixtures: the shipped İzmir data is loaded once per test database."""

import os
from io import StringIO

import pytest
from django.core.management import call_command
from hypothesis import settings

# Property tests explore the same examples on every run, so CI is reproducible; a developer
# can search further with HYPOTHESIS_PROFILE=explore.
settings.register_profile("ci", derandomize=True, max_examples=150, deadline=None)
settings.register_profile("explore", max_examples=2000, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        call_command("load_izmir", stdout=StringIO())


@pytest.fixture
def izmir_plan(db):
    from esitkent.plans.models import Plan

    return Plan.objects.get(slug="izmir-yeep-2022-2024")


@pytest.fixture
def twin_plan(izmir_plan):
    """A second plan of the same shape: every indicator code is also one of İzmir's."""
    from pathlib import Path

    import yaml
    from django.conf import settings

    from esitkent.monitoring import definition_services
    from esitkent.plans.models import Plan
    from esitkent.plans.selectors import plan_document
    from esitkent.plans.services import plan_import

    document = plan_document(izmir_plan)
    document["slug"], document["title"] = "ikiz-plan", "İkiz plan"
    plan_import(document=document)
    twin = Plan.objects.get(slug="ikiz-plan")
    definitions = Path(settings.DATA_DIR) / "izmir" / "indicator_definitions.yaml"
    definition_services.definitions_load(
        plan=twin, document=yaml.safe_load(definitions.read_text(encoding="utf-8"))
    )
    definition_services.assignments_default(plan=twin)
    return twin


@pytest.fixture
def make_user(db):
    from django.contrib.auth import get_user_model

    from esitkent.accounts.services import membership_grant
    from esitkent.orgs.models import Organisation

    def make(username: str, role: str | None, org_code: str = "kadin-calismalari-sm"):
        user = get_user_model().objects.create_user(username=username, password="parola-uzun-123")
        if role:
            membership_grant(
                user=user, organisation=Organisation.objects.get(code=org_code), role=role
            )
        return user

    return make


@pytest.fixture
def admin_user(db, django_user_model):
    """A superuser who has enrolled an authenticator app, as the two-factor rule requires."""
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    user = django_user_model.objects.create_superuser(
        "admin", "admin@example.org", "parola-uzun-123"
    )
    TOTP.activate(user, generate_totp_secret())
    return user


@pytest.fixture
def coordinator_client(client, make_user):
    client.force_login(make_user("koord", "coordinator"))
    return client


@pytest.fixture
def viewer_client(client, make_user):
    client.force_login(make_user("izleyen", "viewer", "tce-komisyonu"))
    return client


@pytest.fixture(autouse=True)
def _fresh_published_cache():
    """Each test starts with no rendered public pages kept from another test's data."""
    from django.core.cache import caches

    caches["published"].clear()
