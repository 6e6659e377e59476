"""Account pages of our own, served under hesap/ ahead of allauth's."""

from django.urls import path

from . import enrolment

urlpatterns = [
    path("dogrulama-ekle/", enrolment.enrolment, name="accounts_enrolment"),
    path("dogrulama-ekle/<str:token>/", enrolment.enrolment_open, name="accounts_enrolment_open"),
    # Shadows allauth's e-mail management page (same path, matched first).
    path("email/", enrolment.email_closed, name="accounts_email_closed"),
]
