from django.urls import path

from . import exchange_views, plan_views, review_views, views

app_name = "monitoring"
urlpatterns = [
    path("", views.tasks, name="tasks"),
    path("donem/<int:period_id>/birim/<slug:org>/", views.submission_entry, name="entry"),
    path("gonderim/<int:pk>/kanit/", views.evidence_upload, name="evidence"),
    path(
        "gonderim/<int:pk>/kanit/<int:evidence_id>/", views.evidence_download, name="evidence_file"
    ),
    path("gonderim/<int:pk>/inceleme/", review_views.submission_review, name="review"),
    path("plan/<slug:slug>/inceleme/", review_views.review_queue_view, name="queue"),
    path("plan/<slug:slug>/donemler/", plan_views.periods, name="periods"),
    path("plan/<slug:slug>/ilerleme/", plan_views.progress, name="progress"),
    path("plan/<slug:slug>/gostergeler/", plan_views.definitions, name="definitions"),
    path("plan/<slug:slug>/gostergeler/<str:code>/", plan_views.definition_edit, name="definition"),
    path("plan/<slug:slug>/degerler/", exchange_views.values_exchange, name="values"),
    path(
        "plan/<slug:slug>/degerler/aktarim/<int:pk>/",
        exchange_views.values_batch,
        name="values_batch",
    ),
    path(
        "plan/<slug:slug>/degerler/disa-aktar/<str:fmt>/",
        exchange_views.values_export,
        name="values_export",
    ),
    path("plan/<slug:slug>/tanimlayicilar/", exchange_views.external_ids, name="external_ids"),
]
