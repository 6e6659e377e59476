from hypothesis import given
from hypothesis import strategies as st

from esitkent.core.turkish import (
    ALPHABET,
    fold,
    name_key,
    tr_lower,
    tr_sort_key,
    tr_title,
    tr_upper,
)

turkish_words = st.text(
    alphabet=ALPHABET + ALPHABET.upper().replace("I", "").replace("İ", "") + "İI ", max_size=30
)


def test_dotted_and_dotless_i_are_cased_the_turkish_way():
    assert tr_lower("IŞIK İZMİR") == "ışık izmir"
    assert tr_upper("ışık izmir") == "IŞIK İZMİR"
    assert tr_title("İSTİHDAM") == "İstihdam"
    assert tr_title("ışık") == "Işık"


@given(turkish_words)
def test_upper_then_lower_returns_the_lower_form(word):
    assert tr_lower(tr_upper(word)) == tr_lower(word)


@given(turkish_words)
def test_casing_never_changes_length(word):
    assert len(tr_upper(word)) == len(word) == len(tr_lower(word))


def test_sorting_follows_the_turkish_alphabet():
    names = [
        "Ödemiş",
        "Urla",
        "Çiğli",
        "Ceyhan",
        "İzmir",
        "Işıklar",
        "Şile",
        "Sarıyer",
        "Üsküdar",
        "Bornova",
    ]
    assert sorted(names, key=tr_sort_key) == [
        "Bornova",
        "Ceyhan",
        "Çiğli",
        "Işıklar",
        "İzmir",
        "Ödemiş",
        "Sarıyer",
        "Şile",
        "Urla",
        "Üsküdar",
    ]


@given(st.lists(turkish_words, min_size=2, max_size=8))
def test_sorting_ignores_case(words):
    assert sorted(words, key=tr_sort_key) == sorted(words, key=lambda w: tr_sort_key(tr_upper(w)))


def test_search_folding_matches_what_people_type():
    assert fold("Eğitim") == fold("egitim") == fold("EĞİTİM")
    assert fold("ISIK") == fold("ışık") == fold("Işık")
    assert fold("  Kadına   Yönelik ") == "kadina yonelik"
    assert fold("Eğitim") != fold("Egıtım x")


def test_name_key_ignores_spacing_around_punctuation_and_apostrophe_style():
    assert name_key("İZBB Sosyal Projeler Dairesi Başkanlığı , Engelli") == name_key(
        "izbb sosyal projeler dairesi başkanlığı,engelli"
    )
    assert name_key("İzelman Anaokulları’ndan") == name_key("İzelman Anaokulları'ndan")
    assert name_key("İzelman A.Ş") != name_key("İzelman A.Ş Anaokulları")
