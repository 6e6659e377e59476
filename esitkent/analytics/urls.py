from django.urls import path

from . import views

app_name = "analytics"
urlpatterns = [
    path("", views.dashboard_home, name="home"),
    path("baglam/", views.context, name="context"),
    path("<slug:slug>/", views.dashboard, name="dashboard"),
    path("<slug:slug>/harita/", views.district_map, name="map"),
]
