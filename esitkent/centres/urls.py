from django.urls import path

from . import team_views, views

app_name = "centres"

urlpatterns = [
    path("", views.directory, name="directory"),
    path("standartlar/", views.standards, name="standards"),
    path("standartlar/taslak/", views.standards_draft, name="standards_draft"),
    path("standartlar/madde/<int:item_id>/", views.standards_item, name="standards_item"),
    path("standartlar/yayimla/<int:number>/", views.standards_publish, name="standards_publish"),
    path("dogrulama/", views.verification_queue, name="queue"),
    path("ihtiyac-analizi/", views.needs_analysis, name="needs"),
    path("ihtiyac-analizi.pdf", views.needs_analysis_pdf, name="needs_pdf"),
    path("etkinlikler/", views.events, name="events"),
    path("yetki-onerileri/", team_views.proposals, name="proposals"),
    path("<slug:code>/", views.centre_detail, name="detail"),
    path("<slug:code>/duzenle/", views.centre_edit, name="edit"),
    path("<slug:code>/ekip/", team_views.team, name="team"),
    path("<slug:code>/degerlendirme/<int:year>/", views.assessment, name="assessment"),
    path(
        "<slug:code>/degerlendirme/<int:year>/kanit/<int:evidence_id>/",
        views.evidence_download,
        name="evidence",
    ),
]
