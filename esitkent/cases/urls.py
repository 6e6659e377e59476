from django.urls import path

from . import attachment_views, care_views, centre_views, referral_views, review_views, views

app_name = "cases"

urlpatterns = [
    path("", views.case_list, name="list"),
    path("yeni/", views.case_new, name="new"),
    path("kimlik-ara/", views.national_id_search, name="search"),
    path("hat/", centre_views.calls, name="calls"),
    path("hat/<int:call_id>/vaka/", centre_views.call_convert, name="call_convert"),
    path("disa-aktar/", centre_views.export, name="export"),
    path("erisim-kaydi/", centre_views.access_log, name="access_log"),
    path("istatistik/", centre_views.statistics, name="statistics"),
    path("erisim-incelemesi/", review_views.access_review, name="access_review"),
    path(
        "yonlendirme/<int:referral_id>/", referral_views.referral_respond, name="referral_respond"
    ),
    path("<str:code>/", views.case_detail, name="detail"),
    path("<str:code>/iletisim/", views.case_reveal, name="reveal"),
    path("<str:code>/kimlik/", views.identity_edit, name="identity"),
    path("<str:code>/olay/", care_views.incident_new, name="incident"),
    path("<str:code>/risk/", care_views.risk_new, name="risk"),
    path("<str:code>/hizmet/", care_views.service_edit, name="service"),
    path("<str:code>/tedbir/", care_views.measure_new, name="measure"),
    path("<str:code>/onam/", views.consent_edit, name="consent"),
    path("<str:code>/izlem/", care_views.follow_up_new, name="follow_up"),
    path("<str:code>/kapat/", views.case_close, name="close"),
    path("<str:code>/yonlendir/", referral_views.referral_new, name="refer"),
    path("<str:code>/ek/", attachment_views.attachment_upload, name="attachment_upload"),
    path(
        "<str:code>/ek/<int:attachment_id>/",
        attachment_views.attachment_download,
        name="attachment",
    ),
]
