"""Fixtures of the centre network.

The session database is built by `load_izmir` (root conftest), which already loads the 22 seed
centres of data/izmir/centres.yaml and version 1 of the standards catalogue. The fixtures here
only read the shipped documents and pick rows out; a test that needs the demo network builds it
with `sample_network`, inside its own transaction.
"""

import copy
import datetime as dt
from functools import cache
from pathlib import Path

import pytest
import yaml
from django.conf import settings

DATA = Path(settings.DATA_DIR)


@cache
def _document(*parts: str) -> dict:
    return yaml.safe_load(DATA.joinpath(*parts).read_text(encoding="utf-8"))


@pytest.fixture
def centres_doc():
    """data/izmir/centres.yaml, a private copy each test may change."""
    return copy.deepcopy(_document("izmir", "centres.yaml"))


@pytest.fixture
def standards_doc():
    return copy.deepcopy(_document("izmir", "centre_standards.yaml"))


@pytest.fixture
def sample_doc():
    return copy.deepcopy(_document("sample", "centre_network.yaml"))


@pytest.fixture
def version1(db):
    from esitkent.centres.models import StandardsVersion

    return StandardsVersion.objects.get(number=1)


@pytest.fixture
def kdm(db):
    """A district municipality's counselling centre of the seed registry."""
    from esitkent.centres.models import Centre

    return Centre.objects.get(code="kdm-karsiyaka")


@pytest.fixture
def shelter(db):
    """İZBB's shelter: the one shelter the seeds name."""
    from esitkent.centres.models import Centre

    return Centre.objects.get(code="izbb-siginmaevi")


@pytest.fixture
def manager(make_user, kdm):
    return make_user("merkez-sorumlusu", "centre_manager", kdm.organisation.code)


@pytest.fixture
def coordinator(make_user):
    return make_user("ag-koordinatoru", "network_coordinator")


@pytest.fixture
def sample_network(db, sample_doc):
    """The demo network on top of the seed registry, as `create_demo_centres` builds it."""
    from esitkent.centres.sample_services import sample_network_create

    return sample_network_create(document=sample_doc, today=dt.date(2025, 6, 1))
