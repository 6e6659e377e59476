"""Issue 20, finding 2: the survivor page gives a way to reach a centre, and never a number or
a centre that was made up for the demo (a woman must not dial a line nobody answers)."""

import datetime as dt

import pytest
import yaml
from django.conf import settings

from esitkent.centres.models import Centre
from esitkent.centres.sample_services import sample_network_create
from esitkent.centres.services import centre_profile_update

URL = "/acik/bilgi/"


def _profile(centre: Centre, phone: str) -> Centre:
    """A manager's save of the profile form, every other field as it was."""
    centre_profile_update(
        centre=centre,
        address=centre.address if not centre.is_shelter else "",
        phone=phone,
        email="",
        opening_hours=centre.opening_hours,
        services=centre.services,
        conditions=centre.conditions,
        staff={},
        shelter_places=centre.shelter_places,
        by=None,
    )
    return Centre.objects.get(pk=centre.pk)


def _line(html: str, name: str) -> str:
    """The list item of one centre on the page."""
    start = html.index(name)
    return html[start : html.index("</li>", start)]


@pytest.fixture
def demo_network(db):
    document = yaml.safe_load(
        (settings.DATA_DIR / "sample" / "centre_network.yaml").read_text(encoding="utf-8")
    )
    sample_network_create(document=document, today=dt.date(2025, 6, 1))


def test_a_centre_whose_profile_has_a_real_phone_shows_it(client, demo_network):
    # In the demo every profile is sample; a manager then enters the centre's real number.
    karsiyaka = _profile(Centre.objects.get(code="kdm-karsiyaka"), "0 (232) 368 11 22")
    line = _line(client.get(URL).content.decode(), karsiyaka.name)
    assert '<a class="help-line-phone" href="tel:02323681122">0 (232) 368 11 22</a>' in line
    assert "telefon bilgisi yok" not in line


def test_a_sample_number_kept_by_a_managers_save_is_never_published(client, demo_network):
    """The profile form is filled with the sample profile's invented number; a manager who
    saves it unchanged (to correct the hours, say) must not publish it as the centre's line."""
    centre = Centre.objects.get(code="kdm-urla")
    assert "(ÖRNEK)" in centre.phone
    centre = _profile(centre, centre.phone)
    assert not centre.profile_is_sample and "(ÖRNEK)" in centre.phone
    html = client.get(URL).content.decode()
    line = _line(html, centre.name)
    assert "tel:0232000" not in line and "ÖRNEK" not in line
    assert "telefon bilgisi yok" in line


def test_a_sample_centre_is_not_offered_to_the_public(client, demo_network):
    """The demo's invented centres ("Örnek … Kadın Danışma Merkezi") do not exist: listing
    them would send a woman to a door that is not there."""
    invented = Centre.objects.filter(
        kind=Centre.Kind.COUNSELLING, code__in=["kdm-ornek-bornova", "kdm-ornek-stk"]
    )
    assert invented.count() == 2 and all(c.is_sample for c in invented)
    html = client.get(URL).content.decode()
    for centre in invented:
        assert centre.name not in html
    # A real (seed) centre of the same district is still listed.
    assert Centre.objects.get(code="kdm-karsiyaka").name in html


def test_a_shelter_is_never_listed_even_with_a_real_phone(client, demo_network):
    shelter = Centre.objects.get(code="izbb-siginmaevi")
    _profile(shelter, "0 (232) 999 88 77")
    html = client.get(URL).content.decode()
    assert shelter.name not in html
    assert "999 88 77" not in html and "02329998877" not in html
