from django.urls import path

from . import help, views

app_name = "portal"
urlpatterns = [
    path("", views.home, name="home"),
    path("yontem/", views.methodology, name="methodology"),
    path("veri/", views.open_data, name="open_data"),
    path("veri/esitkent-acik-veri.<str:fmt>", views.open_data_file, name="open_data_file"),
    # A neutral address ("information"): it stays in her browser history. Before the plans'
    # catch-all, which would otherwise take it for a plan's slug.
    path("bilgi/", help.help_page, name="help"),
    path("<slug:slug>/", views.plan, name="plan"),
    path("<slug:slug>/faaliyet/<int:row>/", views.activity, name="activity"),
    # Indicator codes carry dots ("egitim-1.2.3-g1"), which are safe in a path segment; `str`
    # takes anything but a slash, and reverse() percent-encodes whatever else a code holds.
    path("<slug:slug>/gosterge/<str:code>/", views.indicator, name="indicator"),
    path("<slug:slug>/harita/", views.district_map, name="map"),
    path("<slug:slug>/raporlar/", views.reports, name="reports"),
    path(
        "<slug:slug>/raporlar/izleme-raporu-<int:year>-<slug:lang>.pdf",
        views.report_file,
        name="report_file",
    ),
]
