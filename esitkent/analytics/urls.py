from django.urls import path

from . import views

app_name = "analytics"
urlpatterns = [
    path("", views.dashboard_home, name="home"),
    path("baglam/", views.context, name="context"),
    path("baglam/yukle/", views.context_upload, name="context_upload"),
    path("<slug:slug>/", views.dashboard, name="dashboard"),
    path("<slug:slug>/harita/", views.district_map, name="map"),
    path("<slug:slug>/tablo/", views.pivot_explorer, name="pivot"),
    path("<slug:slug>/birimler/", views.unit_cards, name="cards"),
    path("<slug:slug>/birimler/<slug:org>/", views.unit_card_page, name="card"),
    path("<slug:slug>/birimler/<slug:org>/pdf/", views.unit_card_download, name="card_pdf"),
]
