"""Password reset tells nobody which addresses have an account (issue 14, finding 8)."""


def ask_for_reset(client, email):
    return client.post("/hesap/password/reset/", {"email": email})


def test_an_unknown_address_gets_no_mail_and_the_same_answer(client, make_user, mailoutbox):
    user = make_user("kayitli", "coordinator")
    user.email = "kayitli@example.org"
    user.save()

    unknown = ask_for_reset(client, "yabanci@example.org")
    assert mailoutbox == []

    known = ask_for_reset(client, "kayitli@example.org")
    assert [m.to for m in mailoutbox] == [["kayitli@example.org"]]  # positive control
    assert (unknown.status_code, unknown["Location"]) == (known.status_code, known["Location"])
