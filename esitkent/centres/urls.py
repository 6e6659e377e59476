from django.urls import path

from . import assessment_views, standards_views, team_views, views

app_name = "centres"

urlpatterns = [
    path("", views.directory, name="directory"),
    path("standartlar/", standards_views.standards, name="standards"),
    path("standartlar/taslak/", standards_views.standards_draft, name="standards_draft"),
    path("standartlar/madde/<int:item_id>/", standards_views.standards_item, name="standards_item"),
    path(
        "standartlar/yayimla/<int:number>/",
        standards_views.standards_publish,
        name="standards_publish",
    ),
    path("dogrulama/", assessment_views.verification_queue, name="queue"),
    path("ihtiyac-analizi/", views.needs_analysis, name="needs"),
    path("ihtiyac-analizi.pdf", views.needs_analysis_pdf, name="needs_pdf"),
    path("etkinlikler/", views.events, name="events"),
    path("yetki-onerileri/", team_views.proposals, name="proposals"),
    path("<slug:code>/", views.centre_detail, name="detail"),
    path("<slug:code>/duzenle/", views.centre_edit, name="edit"),
    path("<slug:code>/ekip/", team_views.team, name="team"),
    path("<slug:code>/degerlendirme/<int:year>/", assessment_views.assessment, name="assessment"),
    path(
        "<slug:code>/degerlendirme/<int:year>/kanit/<int:evidence_id>/",
        assessment_views.evidence_download,
        name="evidence",
    ),
]
