"""An administrator adds a newer year of context figures from a CSV file."""

from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile

from esitkent.monitoring.models import ContextValue

URL = "/panolar/baglam/yukle/"


def upload(client, text: str):
    return client.post(URL, {"dosya": SimpleUploadedFile("b.csv", text.encode("utf-8"))})


def test_a_new_year_appears_with_its_gap(client, admin_user):
    client.force_login(admin_user)
    response = upload(
        client,
        "seri,donem,cinsiyet,kirilim,deger,kaynak,not\n"
        'isgucune-katilim-orani,2023,K,,"36,1",TÜİK İşgücü 2023,\n'
        "isgucune-katilim-orani,2023,E,,70.2,TÜİK İşgücü 2023,\n",
    )
    assert response.status_code == 200
    assert "2 yeni değer, 0 düzeltilen değer" in response.content.decode()
    women = ContextValue.objects.get(
        series__code="isgucune-katilim-orani", period="2023", breakdown_key="sex=F"
    )
    assert str(women.value) == "36.1000" and women.provenance == "import"
    html = client.get("/panolar/baglam/").content.decode()
    assert "TÜİK İşgücü 2023" in html
    section = html.split("İşgücüne katılma oranı", 1)[1].split("</section>")[0]
    assert "2023: kadın − erkek farkı <strong>-34,1</strong>" in section


def test_a_bad_file_is_refused_whole_naming_row_and_field(client, admin_user):
    client.force_login(admin_user)
    before = ContextValue.objects.count()
    response = upload(
        client,
        "seri,donem,cinsiyet,deger,kaynak\n"
        "isgucune-katilim-orani,2023,K,36.1,TÜİK\n"
        "yok-boyle-seri,2023,,5,TÜİK\n"
        "isgucune-katilim-orani,20x3,E,70,TÜİK\n"
        "isgucune-katilim-orani,2024,X,on,\n",
    )
    html = response.content.decode()
    assert response.status_code == 400 and ContextValue.objects.count() == before
    for expected in (
        "satır 3: seri: bilinmeyen seri kodu “yok-boyle-seri”",
        "satır 4: donem: dönem anlaşılamadı “20x3”",
        "satır 5: cinsiyet: K (kadın), E (erkek) ya da boş olmalı",
        "satır 5: deger: sayı değil: &#x27;on&#x27;",
        "satır 5: kaynak: her değerin kaynağı yazılmalı",
    ):
        assert expected in html


def test_a_printed_figure_cannot_be_overwritten(client, admin_user):
    client.force_login(admin_user)
    response = upload(
        client, "seri,donem,cinsiyet,deger,kaynak\nisgucune-katilim-orani,2020,K,40,başka\n"
    )
    assert response.status_code == 400
    assert "kaynak belgeden gelen değer değiştirilemez" in response.content.decode()
    assert ContextValue.objects.get(
        series__code="isgucune-katilim-orani", period="2020", breakdown_key="sex=F"
    ).value == Decimal("34.7")


def test_the_template_lists_every_series(client, admin_user):
    client.force_login(admin_user)
    lines = client.get(URL, {"sablon": 1}).content.decode("utf-8-sig").splitlines()
    assert lines[0] == "seri,donem,cinsiyet,kirilim,deger,kaynak,not"
    assert "isgucune-katilim-orani,,K,,,," in lines


def test_only_an_administrator_may_upload(coordinator_client):
    assert coordinator_client.get(URL).status_code == 403
    assert upload(coordinator_client, "seri,donem,deger,kaynak\n").status_code == 403
