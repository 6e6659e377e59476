from esitkent.orgs.models import District, DistrictPopulation, Organisation, OrganisationGroup
from esitkent.orgs.selectors import name_resolver
from esitkent.plans.selectors import responsibility_matrix


def test_thirty_districts_with_codes_boundaries_and_a_municipality_each(db):
    districts = District.objects.all()
    assert districts.count() == 30
    assert all(d.boundary and d.boundary["type"] in {"Polygon", "MultiPolygon"} for d in districts)
    assert sorted(d.pcode for d in districts) == [f"TUR035{n:03d}" for n in range(1, 31)]
    municipalities = Organisation.objects.filter(kind="district_municipality")
    assert municipalities.count() == 30
    assert {m.district_id for m in municipalities} == {d.id for d in districts}
    assert Organisation.objects.get(code="ilce-cigli").name == "Çiğli Belediyesi"


def test_population_sums_match_the_published_totals(db):
    totals = {
        year: sum(DistrictPopulation.objects.filter(year=year).values_list("total", flat=True))
        for year in (2021, 2023, 2025)
    }
    assert totals == {2021: 4_425_789, 2023: 4_479_525, 2025: 4_504_185}
    women = sum(DistrictPopulation.objects.filter(year=2021).values_list("female", flat=True))
    men = sum(DistrictPopulation.objects.filter(year=2021).values_list("male", flat=True))
    assert (women, men) == (2_226_502, 2_199_287)
    assert all(p.source for p in DistrictPopulation.objects.all())


def test_districts_are_in_turkish_alphabetical_order(db):
    names = list(District.objects.values_list("name", flat=True))
    assert names[:4] == ["Aliağa", "Balçova", "Bayındır", "Bayraklı"]
    assert names.index("Çeşme") == names.index("Buca") + 1
    assert names.index("Ödemiş") == names.index("Narlıdere") + 1


def test_registry_has_kinds_parents_and_groups(db):
    sosyal = Organisation.objects.get(code="sosyal-projeler-db")
    assert sosyal.kind == "department" and sosyal.parent.code == "izbb"
    assert Organisation.objects.get(code="meslek-fabrikasi-sm").kind == "branch"
    ilce = OrganisationGroup.objects.get(code="ilce-belediyeler")
    assert ilce.members.count() == 30
    assert (
        Organisation.objects.get(code="kadin-calismalari-sm").parent.code
        == "kadin-aile-hizmetleri-db"
    )


def test_printed_variants_resolve_and_ambiguity_is_refused(db):
    resolver = name_resolver()
    assert (
        resolver.resolve("İZBB Basın Yayın ve Halkla İlişkiler Diresi Başkanlığı").code
        == "basin-yayin-halkla-iliskiler-db"
    )
    assert resolver.resolve("izmir akademi").code == resolver.resolve("İZMİR AKADEMİ").code
    assert resolver.resolve("ilçe belediyeleri").code == "ilce-belediyeler"
    assert resolver.resolve("Hiç Olmayan Kurum") is None
    Organisation.objects.create(code="ikiz", name="İzmir Akademi", kind="other")
    resolver = name_resolver()
    assert resolver.resolve("İzmir Akademi") is None and resolver.is_ambiguous("İzmir Akademi")


def test_organisation_page_shows_the_responsibility_matrix(viewer_client):
    html = viewer_client.get("/kurumlar/ilce-cigli/").content.decode()
    assert "Sorumlu: 0 faaliyet · İş birliği: 35 faaliyet" in html
    assert html.count("“İlçe Belediyeler” grubu üzerinden") == 35
    html = viewer_client.get("/kurumlar/sosyal-projeler-db/").content.decode()
    expected = sum(
        r.role == "responsible"
        for r in responsibility_matrix(Organisation.objects.get(code="sosyal-projeler-db"))
    )
    assert expected > 40 and f"Sorumlu: {expected} faaliyet" in html and "Adıyla" in html
    assert viewer_client.get("/kurumlar/ilceler/").status_code == 200
    assert viewer_client.get("/kurumlar/?tur=university").status_code == 200


def test_what_the_seeds_leave_open_is_said_on_the_organisation_page(viewer_client):
    html = viewer_client.get("/kurumlar/sosyal-projeler-db/").content.decode()
    assert "Kayıt notu" in html and "Kadın ve Aile Hizmetleri" in html
