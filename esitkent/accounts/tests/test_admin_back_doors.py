"""Issue 14, finding 1 (in part): the admin runs no code and shows no secret.

An administrator added a django-q schedule with func `subprocess.getoutput` and read the field
key through its result; the admin showed every user's TOTP secret. Both pages are read-only
now, and the authenticator page never shows the secret."""

from allauth.mfa.models import Authenticator
from django_q.models import Schedule


def test_an_administrator_cannot_schedule_a_function(admin_client):
    page = admin_client.get("/yonetim/django_q/schedule/add/")
    assert page.status_code == 403
    posted = admin_client.post(
        "/yonetim/django_q/schedule/add/",
        {
            "name": "kabuk",
            "func": "subprocess.getoutput",
            "args": "'id; head -c 12 var/field_encryption_keys'",
            "schedule_type": "O",
            "repeats": "-1",
            "next_run_0": "2026-01-01",
            "next_run_1": "00:00:00",
        },
    )
    assert posted.status_code == 403
    assert not Schedule.objects.filter(func="subprocess.getoutput").exists()


def test_an_existing_schedule_is_listed_but_cannot_be_changed(admin_client):
    schedule = Schedule.objects.create(
        name="hatırlatmalar", func="esitkent.monitoring.jobs.send_reminders"
    )
    listed = admin_client.get("/yonetim/django_q/schedule/")
    assert listed.status_code == 200 and "hatırlatmalar" in listed.content.decode()
    changed = admin_client.post(
        f"/yonetim/django_q/schedule/{schedule.pk}/change/",
        {"name": "hatırlatmalar", "func": "subprocess.getoutput", "schedule_type": "O"},
    )
    assert changed.status_code == 403
    schedule.refresh_from_db()
    assert schedule.func == "esitkent.monitoring.jobs.send_reminders"
    for queue in ("ormq", "success", "failure"):
        assert admin_client.get(f"/yonetim/django_q/{queue}/add/").status_code == 403


def test_no_admin_page_shows_a_totp_secret(admin_client, admin_user):
    authenticator = Authenticator.objects.get(user=admin_user, type=Authenticator.Type.TOTP)
    secret = authenticator.data["secret"]
    assert len(secret) >= 16  # positive control: there is a secret to leak
    for url in (
        "/yonetim/mfa/authenticator/",
        f"/yonetim/mfa/authenticator/{authenticator.pk}/change/",
    ):
        page = admin_client.get(url)
        assert page.status_code == 200
        assert secret not in page.content.decode()
    assert admin_client.get("/yonetim/mfa/authenticator/add/").status_code == 403
