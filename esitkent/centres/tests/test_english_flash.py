"""A centre's flash messages follow the reader's language, counts included."""

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.conf import settings
from django.contrib.messages import get_messages

pytestmark = pytest.mark.django_db


def test_a_manager_reading_english_is_told_in_english(client, manager, kdm):
    TOTP.activate(manager, generate_totp_secret())
    client.force_login(manager)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    response = client.post(
        f"/merkezler/{kdm.code}/duzenle/",
        {"address": "Cumhuriyet Cad. 1", "phone": "0 232 111 22 33", "email": "k@example.org"},
    )

    said = [str(m) for m in get_messages(response.wsgi_request)]
    assert said == ["Centre profile saved."]


def test_the_verification_message_counts_its_actions():
    from django.utils import translation
    from django.utils.translation import ngettext

    message = "Doğrulandı; iyileştirme planına %(n)s eylem eklendi."
    with translation.override("en"):
        one, two = (ngettext(message, message, n) % {"n": n} for n in (1, 2))
    assert one == "Verified; 1 action added to the improvement plan."
    assert two == "Verified; 2 actions added to the improvement plan."
