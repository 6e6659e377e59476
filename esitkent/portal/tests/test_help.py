"""The public help page: neutral, never stored, no cookie, no shelter, nothing off-site."""

import datetime as dt
import re
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest
import yaml
from django.conf import settings
from django.urls import reverse

from esitkent.centres.models import Centre, ShelterAddress
from esitkent.centres.services import centre_profile_update, shelter_address_set
from esitkent.portal.help import quick_exit_url
from esitkent.portal.help_selectors import tel_href

URL = "/acik/bilgi/"
KDM = "kdm-karsiyaka"  # a seed KDM; the seeds print no phone, so each test gives it one
SHELTER = "izbb-siginmaevi"


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links: list[str] = []
        self.title = ""
        self._in_title = False

    def handle_starttag(self, tag, attrs):
        self._in_title = tag == "title"
        self.links += [v for k, v in attrs if k in ("src", "href", "action", "srcset") and v]

    def handle_endtag(self, tag):
        self._in_title = False

    def handle_data(self, data):
        if self._in_title:
            self.title += data


def _parse(response) -> _Links:
    parsed = _Links()
    parsed.feed(response.content.decode())
    return parsed


def _give_phone(code: str, phone: str, address: str = "") -> Centre:
    centre = Centre.objects.get(code=code)
    centre_profile_update(
        centre=centre,
        address=address,
        phone=phone,
        email="",
        opening_hours="",
        services=[],
        conditions={},
        staff={},
        shelter_places=None,
        by=None,
    )
    return Centre.objects.get(pk=centre.pk)


@pytest.mark.django_db
def test_the_page_is_public_and_its_title_is_neutral(client):
    assert reverse("portal:help") == URL
    response = client.get(URL)
    assert response.status_code == 200
    title = _parse(response).title.strip()
    assert title == "Bilgi"  # says nothing of violence, help, women or the system
    html = response.content.decode()
    assert '<meta name="referrer" content="no-referrer">' in html
    assert "favicon.svg" in html
    # The portal's header, which names the system, is not on this page.
    assert "EşitKent" not in html and "site-header" not in html


@pytest.mark.django_db
def test_the_page_is_never_stored_and_sets_no_cookie(client):
    response = client.get(URL)
    assert "no-store" in response["Cache-Control"]
    assert "public" not in response["Cache-Control"]
    assert response["Referrer-Policy"] == "no-referrer"
    assert not response.cookies
    assert "csrfmiddlewaretoken" not in response.content.decode()
    # Nothing a browser or a proxy could revalidate and keep.
    assert "ETag" not in response and "Last-Modified" not in response


@pytest.mark.django_db
def test_only_reading_is_allowed(client):
    assert client.post(URL).status_code == 405


@pytest.mark.django_db
def test_a_counselling_centre_is_listed_with_its_phone_as_a_tel_link(client):
    kdm = _give_phone(KDM, "0 (232) 555 12 34")
    html = client.get(URL).content.decode()
    assert kdm.name in html
    assert '<a class="help-line-phone" href="tel:02325551234">0 (232) 555 12 34</a>' in html
    assert ">Karşıyaka</h3>" in html
    # Emergency numbers come first.
    assert html.index('href="tel:155"') < html.index("tel:02325551234")
    for number in ("155", "156", "112", "183"):
        assert f'href="tel:{number}"' in html
    assert "ŞÖNİM" in html and "KADES" in html


@pytest.mark.django_db
def test_a_centre_without_a_phone_says_so(client):
    urla = Centre.objects.get(code="kdm-urla")
    assert urla.phone == ""
    html = client.get(URL).content.decode()
    block = html[html.index(urla.name) :]
    assert block[: block.index("</li>")].count("telefon bilgisi yok") == 1


@pytest.mark.django_db
def test_a_sample_phone_is_never_published(client):
    Centre.objects.filter(code=KDM).update(
        phone="0 (232) 000 42 42 (ÖRNEK)", profile_is_sample=True
    )
    html = client.get(URL).content.decode()
    assert "000 42 42" not in html and "ÖRNEK" not in html


@pytest.mark.django_db
def test_a_partner_line_is_listed_only_with_a_phone(client):
    Centre.objects.filter(code="kdm-urla").update(kind=Centre.Kind.PARTNER)
    partner = Centre.objects.get(code="kdm-urla")
    assert partner.name not in client.get(URL).content.decode()
    _give_phone("kdm-urla", "0 232 444 00 00")
    assert 'href="tel:02324440000"' in client.get(URL).content.decode()


@pytest.mark.django_db
def test_no_shelter_and_no_address_is_ever_listed(client):
    shelter = Centre.objects.get(code=SHELTER)
    Centre.objects.filter(pk=shelter.pk).update(
        phone="0 (232) 999 88 77", district=Centre.objects.get(code=KDM).district
    )
    shelter_address_set(centre=shelter, address="Gizli Sığınak Sokağı No 7", by=None)
    _give_phone(KDM, "0 (232) 555 12 34", address="Açık Adres Caddesi No 3")
    html = client.get(URL).content.decode()
    assert shelter.name not in html
    assert "999 88 77" not in html and "02329998877" not in html
    assert "Gizli Sığınak" not in html
    assert "Açık Adres Caddesi" not in html
    # What the page says instead.
    assert "adresleri gizli tutulur" in html


@pytest.mark.django_db
def test_the_demo_network_shows_no_shelter_and_no_sample_number(client):
    """The demo's sample network: five more shelters with sample addresses and phones."""
    from esitkent.centres.sample_services import sample_network_create

    document = yaml.safe_load(
        (settings.DATA_DIR / "sample" / "centre_network.yaml").read_text(encoding="utf-8")
    )
    sample_network_create(document=document, today=dt.date(2025, 6, 1))
    shelters = Centre.objects.filter(kind=Centre.Kind.SHELTER)
    assert shelters.count() > 1 and ShelterAddress.objects.exists()
    html = client.get(URL).content.decode()
    for shelter in shelters:
        assert shelter.name not in html
    assert "ÖRNEK GİZLİ ADRES" not in html and "ÖRNEK ADRES" not in html
    assert "(ÖRNEK)" not in html and "tel:0232000" not in html


@pytest.mark.django_db
def test_every_link_and_resource_is_same_origin_a_phone_or_the_exit(client):
    _give_phone(KDM, "0 (232) 555 12 34")
    response = client.get(URL)
    links = _parse(response).links
    assert links
    base = "http://testserver" + URL
    foreign = [
        link
        for link in links
        if not link.startswith("tel:")
        and link != quick_exit_url()
        and urlsplit(urljoin(base, link)).netloc != "testserver"
    ]
    assert foreign == []
    html = response.content.decode()
    # The strict CSP allows no inline script or style.
    assert not re.search(r"<script(?![^>]*\bsrc=)", html)
    assert " style=" not in html and "<style" not in html


@pytest.mark.django_db
def test_the_quick_exit_is_a_plain_link_to_the_neutral_site(client, settings):
    html = client.get(URL).content.decode()
    assert (
        f'<a class="quick-exit" href="{quick_exit_url()}" rel="nofollow noreferrer" '
        f'data-quick-exit data-exit-url="{quick_exit_url()}">'
    ) in html
    assert '<span class="visually-hidden">Acil: </span>Sayfadan hemen çık</a>' in html
    assert "js/quick-exit.js" in html and "css/quick-exit.css" in html
    # First in the tab order after the skip link.
    assert html.index('class="skip-link"') < html.index('class="quick-exit"') < html.index("<main")
    assert re.findall(r"<a ", html[: html.index('<a class="quick-exit"')]) == ["<a "]

    settings.QUICK_EXIT_URL = "https://example.org/hava/"
    html = client.get(URL).content.decode()
    assert 'href="https://example.org/hava/"' in html
    assert 'data-exit-url="https://example.org/hava/"' in html


@pytest.mark.django_db
def test_english_is_chosen_by_the_address(client):
    response = client.get(URL + "?dil=en")
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]
    assert '<html lang="en">' in response.content.decode()


@pytest.mark.django_db
def test_the_portal_footer_links_the_page(client, izmir_plan):
    assert f'href="{URL}"' in client.get("/acik/").content.decode()


@pytest.mark.parametrize(
    ("phone", "tel"),
    [
        ("0 (232) 293 46 46", "02322934646"),
        ("+90 232 293 46 46", "+902322934646"),
        ("444 0 183", "4440183"),
        ("yok", ""),
        ("", ""),
    ],
)
def test_tel_links_keep_only_what_is_dialled(phone, tel):
    assert tel_href(phone) == tel
