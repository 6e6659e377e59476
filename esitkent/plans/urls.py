from django.urls import path

from . import views

app_name = "plans"
urlpatterns = [
    path("planlar/", views.plan_list, name="list"),
    path("planlar/ice-aktar/", views.plan_import_view, name="import"),
    path("planlar/<slug:slug>/", views.plan_overview, name="overview"),
    path("planlar/<slug:slug>/alan/<slug:area>/", views.area_detail, name="area"),
    path("planlar/<slug:slug>/faaliyet/<int:row>/", views.activity_detail, name="activity"),
    path("planlar/<slug:slug>/ara/", views.activity_search, name="search"),
    path("planlar/<slug:slug>/denetim/", views.plan_lint_view, name="lint"),
    path("planlar/<slug:slug>/disa-aktar/<str:fmt>/", views.plan_export, name="export"),
]
