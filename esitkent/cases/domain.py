"""Pure rules of the case records: the catalogues an intake is written in (GBVIMS, Law 6284,
TÜİK 2024's forms of violence), the GBVIMS ordered classifier, derived case context, time
and age bands, the risk level and the 6284 measure expiry. No Django here.

Sources: /work/shared/reference/research/gbv.md sections 1 and 2.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping

from esitkent.core.reasons import gettext_noop

# --- Intake -----------------------------------------------------------------------------------

CHANNELS: dict[str, str] = {
    "walk_in": gettext_noop("Kendisi başvurdu (merkeze geldi)"),
    "support_line": gettext_noop("Destek hattı"),
    "sonim": gettext_noop("ŞÖNİM yönlendirmesi"),
    "police": gettext_noop("Kolluk (polis, jandarma)"),
    "health": gettext_noop("Sağlık kuruluşu"),
    "kades": gettext_noop("KADES"),
    "hotline_183_155": gettext_noop("ALO 183 / 155"),
    "other_centre": gettext_noop("Başka bir merkez"),
    "outreach": gettext_noop("Saha çalışması"),
}

# Age as a band only: GBVIMS keeps no date of birth in anything that leaves the record, and
# the bands are the plan's own (monitoring's AGE_BANDS), so they feed its indicators as they are.
AGE_BANDS: dict[str, str] = {
    "0-14": "0–14",
    "15-17": "15–17",
    "18-29": "18–29",
    "30-44": "30–44",
    "45-64": "45–64",
    "65+": gettext_noop("65 ve üzeri"),
    "unknown": gettext_noop("Bilinmiyor"),
}
EDUCATION: dict[str, str] = {
    "none": gettext_noop("Okuryazar değil / okul bitirmedi"),
    "primary": gettext_noop("İlkokul / ortaokul"),
    "secondary": gettext_noop("Lise"),
    "higher": gettext_noop("Yükseköğretim"),
    "unknown": gettext_noop("Bilinmiyor"),
}
EMPLOYMENT: dict[str, str] = {
    "employed": gettext_noop("Çalışıyor"),
    "unemployed": gettext_noop("İş arıyor"),
    "not_in_labour_force": gettext_noop("Çalışmıyor (ev işleri, öğrenci, emekli)"),
    "unknown": gettext_noop("Bilinmiyor"),
}
MARITAL_STATUS: dict[str, str] = {
    "single": gettext_noop("Bekâr"),
    "married": gettext_noop("Evli"),
    "religious_only": gettext_noop("Yalnız dini nikâhlı"),
    "separated": gettext_noop("Ayrı yaşıyor / boşanma sürecinde"),
    "divorced": gettext_noop("Boşanmış"),
    "widowed": gettext_noop("Eşi vefat etmiş"),
    "unknown": gettext_noop("Bilinmiyor"),
}
CHILDREN: dict[str, str] = {
    "0": gettext_noop("Çocuğu yok"),
    "1": "1",
    "2": "2",
    "3+": gettext_noop("3 ve üzeri"),
    "unknown": gettext_noop("Bilinmiyor"),
}
DISABILITY: dict[str, str] = {
    "yes": gettext_noop("Engelli"),
    "no": gettext_noop("Engelli değil"),
    "unknown": gettext_noop("Bilinmiyor"),
}
NATIONALITY: dict[str, str] = {
    "citizen": gettext_noop("T.C. vatandaşı"),
    "temporary_protection": gettext_noop("Geçici koruma altında"),
    "international_protection": gettext_noop("Uluslararası koruma başvurusu / statüsü"),
    "residence_permit": gettext_noop("İkamet izinli yabancı"),
    "other": gettext_noop("Diğer / belgesiz"),
    "unknown": gettext_noop("Bilinmiyor"),
}


def national_id_check_digits(first_nine: str) -> str:
    """The two check digits of a T.C. identity number from its first nine."""
    d = [int(c) for c in first_nine]
    tenth = ((d[0] + d[2] + d[4] + d[6] + d[8]) * 7 - (d[1] + d[3] + d[5] + d[7])) % 10
    return f"{tenth}{(sum(d) + tenth) % 10}"


def national_id_valid(number: str) -> bool:
    """11 digits, not starting with 0, with the right check digits."""
    if len(number) != 11 or not number.isdigit() or number[0] == "0":
        return False
    return national_id_check_digits(number[:9]) == number[9:]


# What identifies her, kept encrypted and shown only to her own centre.
IDENTITY_FIELDS = ("name", "national_id", "phone", "address", "safe_contact")


def national_id_normalised(text: str) -> str:
    return "".join(ch for ch in text if ch.isdigit())


# A survivor's code, the only name a record goes by outside its centre.
CODE_ALPHABET = "ACDEFHJKLMNPRTUVWXY3479"  # no look-alikes (0/O, 1/I, 5/S, 8/B)


def survivor_code(pick: Callable[[str], str]) -> str:
    """A code in the form V-XXXX-XXXX, each letter drawn by `pick` (random or secrets)."""
    body = "".join(pick(CODE_ALPHABET) for _ in range(8))
    return f"V-{body[:4]}-{body[4:]}"


# --- Incidents --------------------------------------------------------------------------------

# The Turkish forms (Law 6284 art. 2, TÜİK 2024): several per incident.
VIOLENCE_FORMS: dict[str, str] = {
    "physical": gettext_noop("Fiziksel"),
    "psychological": gettext_noop("Psikolojik"),
    "economic": gettext_noop("Ekonomik"),
    "sexual": gettext_noop("Cinsel"),
    "digital": gettext_noop("Dijital"),
    "stalking": gettext_noop("Israrlı takip"),
    "verbal": gettext_noop("Sözel"),
}

# GBVIMS core types: exactly one per incident, assigned by the questions below in order.
CORE_TYPES: dict[str, str] = {
    "rape": gettext_noop("Tecavüz"),
    "sexual_assault": gettext_noop("Cinsel saldırı"),
    "physical_assault": gettext_noop("Fiziksel saldırı"),
    "forced_marriage": gettext_noop("Zorla evlendirme"),
    "denial_of_resources": gettext_noop("Kaynak, fırsat ve hizmetlerden yoksun bırakma"),
    "psychological_abuse": gettext_noop("Psikolojik / duygusal istismar"),
}
# The GBVIMS Classification Tool's questions, in the order they are asked; the first "yes"
# decides. Each asks about the act only, never about who did it or where.
CLASSIFIER_QUESTIONS: tuple[tuple[str, str, str], ...] = (
    ("penetration", gettext_noop("Olayda rızaya dayanmayan penetrasyon var mı?"), "rape"),
    (
        "sexual_contact",
        gettext_noop("Penetrasyon dışında istenmeyen cinsel temas var mı (girişim dahil)?"),
        "sexual_assault",
    ),
    ("physical", gettext_noop("Fiziksel saldırı var mı?"), "physical_assault"),
    ("forced_marriage", gettext_noop("Zorla ya da erken evlendirme var mı?"), "forced_marriage"),
    (
        "denial",
        gettext_noop("Kaynak, fırsat ya da hizmetlerden yoksun bırakma var mı?"),
        "denial_of_resources",
    ),
)
CLASSIFIER_KEYS = tuple(key for key, _, _ in CLASSIFIER_QUESTIONS)


def core_type(answers: Mapping[str, bool]) -> str:
    """GBVIMS: the first "yes" wins; with none, psychological/emotional abuse. For data only:
    it must never decide which services a woman gets."""
    for key, _question, kind in CLASSIFIER_QUESTIONS:
        if answers.get(key):
            return kind
    return "psychological_abuse"


PERPETRATOR_RELATIONSHIPS: dict[str, str] = {
    "partner": gettext_noop("Eşi / birlikte yaşadığı partneri"),
    "former_partner": gettext_noop("Eski eşi / eski partneri"),
    "boyfriend": gettext_noop("Sevgilisi / nişanlısı"),
    "family": gettext_noop("Aile üyesi (baba, kardeş, çocuk vb.)"),
    "in_laws": gettext_noop("Eşinin ailesi"),
    "acquaintance": gettext_noop("Tanıdık, komşu, arkadaş"),
    "work": gettext_noop("İş ortamından biri"),
    "stranger": gettext_noop("Tanımadığı biri"),
    "unknown": gettext_noop("Bilinmiyor / belirtmek istemedi"),
}
INTIMATE_PARTNERS = frozenset({"partner", "former_partner", "boyfriend"})

# GBVIMS / Primero's time-to-report buckets: "rape reported within 72 hours" drives the
# health-referral indicator.
TIME_TO_APPLICATION: dict[str, str] = {
    "0-3d": gettext_noop("0–3 gün"),
    "4-5d": gettext_noop("4–5 gün"),
    "6-14d": gettext_noop("6–14 gün"),
    "15d-1m": gettext_noop("15 gün – 1 ay"),
    "1m+": gettext_noop("1 aydan fazla"),
    "unknown": gettext_noop("Bilinmiyor"),
}


def time_to_application(occurred_on: dt.date | None, applied_on: dt.date) -> str:
    if occurred_on is None or occurred_on > applied_on:
        return "unknown"
    days = (applied_on - occurred_on).days
    if days <= 3:
        return "0-3d"
    if days <= 5:
        return "4-5d"
    if days <= 14:
        return "6-14d"
    if days <= 31:
        return "15d-1m"
    return "1m+"


CONTEXTS: dict[str, str] = {
    "ipv": gettext_noop("Yakın partner şiddeti"),
    "child_sexual_abuse": gettext_noop("Çocuğun cinsel istismarı"),
    "early_marriage": gettext_noop("Erken yaşta evlendirme"),
}


def case_context(kind: str, relationship: str, age_band: str) -> list[str]:
    """Derived as Primero does: a context is never a type, and is not asked for."""
    context = []
    if relationship in INTIMATE_PARTNERS:
        context.append("ipv")
    minor = age_band in {"0-14", "15-17"}
    if minor and kind in {"rape", "sexual_assault"}:
        context.append("child_sexual_abuse")
    if minor and kind == "forced_marriage":
        context.append("early_marriage")
    return context


# --- Risk and safety ----------------------------------------------------------------------------

# Questions of the structured risk assessment, each with its weight. Drawn from the lethality
# factors the danger-assessment instruments share (Campbell's Danger Assessment, the Turkish
# KSGM risk form): escalation, a weapon, strangulation, threats to kill, separation.
RISK_QUESTIONS: dict[str, tuple[str, int]] = {
    "escalation": (gettext_noop("Şiddet son dönemde sıklaştı ya da ağırlaştı mı?"), 2),
    "weapon": (gettext_noop("Şiddet uygulayanın silahı var mı ya da silahla tehdit etti mi?"), 3),
    "strangulation": (gettext_noop("Boğazını sıktı ya da nefessiz bıraktı mı?"), 3),
    "threat_to_kill": (gettext_noop("Öldürmekle tehdit etti mi?"), 3),
    "separation": (gettext_noop("Ayrılmak üzere mi ya da yakın zamanda ayrıldı mı?"), 2),
    "pregnancy": (gettext_noop("Hamile mi ya da yakın zamanda doğum yaptı mı?"), 1),
    "children_harmed": (gettext_noop("Çocuklar da şiddete uğradı mı?"), 1),
    "stalking": (gettext_noop("Israrla takip ediliyor mu?"), 1),
    "substance": (gettext_noop("Şiddet uygulayan alkol ya da madde kullanıyor mu?"), 1),
    "fear": (gettext_noop("Kendisi öldürülebileceğinden korkuyor mu?"), 2),
}
RISK_LEVELS: dict[str, str] = {
    "low": gettext_noop("Düşük"),
    "medium": gettext_noop("Orta"),
    "high": gettext_noop("Yüksek"),
    "severe": gettext_noop("Çok yüksek"),
}
# Days until the next review, by level: the higher the risk, the sooner someone looks again.
REVIEW_AFTER_DAYS = {"low": 90, "medium": 30, "high": 7, "severe": 2}
# Any of these alone makes the risk at least "high", whatever the sum says.
DECISIVE_FACTORS = frozenset({"weapon", "strangulation", "threat_to_kill"})


def risk_level(answers: Iterable[str]) -> str:
    chosen = {key for key in answers if key in RISK_QUESTIONS}
    score = sum(RISK_QUESTIONS[key][1] for key in chosen)
    decisive = len(chosen & DECISIVE_FACTORS)
    if decisive >= 2 or score >= 10:
        return "severe"
    if decisive or score >= 6:
        return "high"
    if score >= 3:
        return "medium"
    return "low"


def next_review(level: str, assessed_on: dt.date) -> dt.date:
    return assessed_on + dt.timedelta(days=REVIEW_AFTER_DAYS[level])


# --- Services -----------------------------------------------------------------------------------

SERVICES: dict[str, str] = {
    "legal": gettext_noop("Hukuki destek"),
    "psychological": gettext_noop("Psikolojik destek"),
    "social_work": gettext_noop("Sosyal çalışma"),
    "shelter": gettext_noop("Sığınmaevine yerleştirme"),
    "financial": gettext_noop("Ekonomik destek"),
    "employment": gettext_noop("İstihdam ve eğitim"),
    "childcare": gettext_noop("Çocuk bakımı"),
    "health": gettext_noop("Sağlık"),
}
SERVICE_STATUSES: dict[str, str] = {
    "needed": gettext_noop("İhtiyaç var"),
    "referred": gettext_noop("Yönlendirildi"),
    "provided": gettext_noop("Sağlandı"),
    "not_provided": gettext_noop("Sağlanamadı"),
}
# GBVIMS asks why a service was not given; the answer is one of these.
NOT_PROVIDED_REASONS: dict[str, str] = {
    "declined": gettext_noop("Kadın istemedi"),
    "not_available": gettext_noop("Hizmet yok ya da ulaşılamıyor"),
    "not_eligible": gettext_noop("Hizmetin koşullarını karşılamıyor"),
    "waiting_list": gettext_noop("Bekleme listesinde"),
    "already_receiving": gettext_noop("Başka yerden alıyor"),
    "other": gettext_noop("Diğer"),
}

# --- Law 6284 measures --------------------------------------------------------------------------

MEASURES: dict[str, str] = {
    # Protective measures for her (art. 3): the governor's, then the judge's.
    "p_shelter": gettext_noop("Koruyucu: barınma yeri sağlanması"),
    "p_financial": gettext_noop("Koruyucu: geçici maddi yardım"),
    "p_guidance": gettext_noop("Koruyucu: rehberlik ve danışmanlık"),
    "p_temporary_protection": gettext_noop("Koruyucu: geçici koruma"),
    "p_creche": gettext_noop("Koruyucu: kreş desteği"),
    "p_workplace": gettext_noop("Koruyucu: işyerinin değiştirilmesi"),
    "p_separate_residence": gettext_noop("Koruyucu: ayrı yerleşim yeri belirlenmesi"),
    "p_family_home_note": gettext_noop("Koruyucu: tapu kütüğüne aile konutu şerhi"),
    "p_identity_change": gettext_noop("Koruyucu: kimlik bilgilerinin değiştirilmesi"),
    # Preventive measures against the perpetrator (art. 5).
    "d_no_threats": gettext_noop("Önleyici: şiddet tehdidinde bulunmaması"),
    "d_leave_home": gettext_noop("Önleyici: ortak konuttan uzaklaştırma"),
    "d_no_approach": gettext_noop("Önleyici: konuta, okula, işyerine yaklaşmama"),
    "d_no_contact": gettext_noop("Önleyici: iletişim araçlarıyla rahatsız etmeme"),
    "d_surrender_weapon": gettext_noop("Önleyici: silahın kolluğa teslimi"),
    "d_treatment": gettext_noop("Önleyici: tedavi / bağımlılık programı"),
}
MEASURE_AUTHORITIES: dict[str, str] = {
    "judge": gettext_noop("Aile mahkemesi hâkimi"),
    "governor": gettext_noop("Mülki amir"),
    "police": gettext_noop("Kolluk amiri (acil hâl)"),
}
# Art. 8: a measure lasts at most six months at first; it may be extended.
MAX_FIRST_DURATION_DAYS = 183
EXPIRY_ALERT_DAYS = 15


def measure_ends_on(starts_on: dt.date, duration_days: int) -> dt.date:
    """The last day in force: a one-day measure ends the day it starts."""
    return starts_on + dt.timedelta(days=duration_days - 1)


def measure_alert(ends_on: dt.date, today: dt.date) -> str:
    """'expired', 'expiring' (within the alert window: time to ask ŞÖNİM about an extension)
    or ''."""
    if ends_on < today:
        return "expired"
    if (ends_on - today).days <= EXPIRY_ALERT_DAYS:
        return "expiring"
    return ""


# --- Referrals, follow-ups, closure, support line ----------------------------------------------

# The parts of a record a referral can share; the receiving centre sees only those granted.
SECTIONS: dict[str, str] = {
    "summary": gettext_noop("Özet (başvuru kodu, yaş grubu, ilçe, başvuru yolu)"),
    "contact": gettext_noop("Kimlik ve iletişim bilgileri"),
    "incidents": gettext_noop("Olaylar"),
    "risk": gettext_noop("Risk değerlendirmesi ve güvenlik planı"),
    "services": gettext_noop("Hizmetler"),
    "measures": gettext_noop("6284 tedbirleri"),
}
ALWAYS_SHARED = frozenset({"summary"})

FOLLOW_UP_KINDS: dict[str, str] = {
    "phone": gettext_noop("Telefon görüşmesi"),
    "meeting": gettext_noop("Yüz yüze görüşme"),
    "home_visit": gettext_noop("Ev ziyareti"),
    "accompaniment": gettext_noop("Kuruma refakat"),
}
CLOSURE_REASONS: dict[str, str] = {
    "goals_met": gettext_noop("Hedeflere ulaşıldı"),
    "her_choice": gettext_noop("Kadın sonlandırmak istedi"),
    "lost_contact": gettext_noop("İletişim kurulamıyor"),
    "transferred": gettext_noop("Başka kuruma devredildi"),
    "moved_away": gettext_noop("İl dışına taşındı"),
    "died": gettext_noop("Vefat"),
    "other": gettext_noop("Diğer"),
}
CALLER_TYPES: dict[str, str] = {
    "self": gettext_noop("Kendisi"),
    "relative": gettext_noop("Yakını"),
    "professional": gettext_noop("Bir meslek çalışanı"),
    "anonymous": gettext_noop("Kimliğini vermeyen biri"),
}
CALL_OUTCOMES: dict[str, str] = {
    "information": gettext_noop("Bilgi verildi"),
    "appointment": gettext_noop("Görüşme randevusu verildi"),
    "referred": gettext_noop("Başka kuruma yönlendirildi"),
    "emergency": gettext_noop("Acil yardım çağrıldı (155/112)"),
    "case_opened": gettext_noop("Vaka açıldı"),
}

# Consent text versions: a consent row records which text she agreed to.
CONSENT_VERSION = "2026-1"

# Retention: a closed case's record is destroyed this many years after closure (KVKK: no
# longer than the purpose needs; the municipality's records schedule sets the figure).
RETENTION_YEARS = 10


def retention_due(closed_on: dt.date, years: int = RETENTION_YEARS) -> dt.date:
    try:
        return closed_on.replace(year=closed_on.year + years)
    except ValueError:  # 29 February
        return closed_on.replace(year=closed_on.year + years, day=28)
