"""Issue 14, finding 8: a token outlived its owner's password change. A token is bound to the
password it was made under: whoever changes the password (she herself or an administrator)
ends every token made before."""

from esitkent.api.models import ApiToken


def test_a_token_stops_working_when_its_owner_changes_her_password(client, reporter, token_for):
    headers = token_for(reporter)
    assert client.get("/api/v1/submissions", **headers).status_code == 200

    reporter.set_password("baska-bir-parola-789")
    reporter.save()

    refused = client.get("/api/v1/submissions", **headers)
    assert refused.status_code == 401
    assert refused.json()["code"] == "bad_token"
    assert ApiToken.objects.get(user=reporter).revoked_at is not None


def test_a_token_made_after_the_change_works(client, reporter, token_for):
    reporter.set_password("baska-bir-parola-789")
    reporter.save()
    assert client.get("/api/v1/submissions", **token_for(reporter)).status_code == 200


def test_saving_the_user_without_a_new_password_keeps_the_token(client, reporter, token_for):
    headers = token_for(reporter)
    reporter.first_name = "Ayşe"
    reporter.save()
    assert client.get("/api/v1/submissions", **headers).status_code == 200
