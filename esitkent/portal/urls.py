from django.urls import path

from . import views

app_name = "portal"
urlpatterns = [
    path("", views.home, name="home"),
    path("yontem/", views.methodology, name="methodology"),
    path("veri/", views.open_data, name="open_data"),
    path("veri/esitkent-acik-veri.<str:fmt>", views.open_data_file, name="open_data_file"),
    path("<slug:slug>/", views.plan, name="plan"),
    path("<slug:slug>/faaliyet/<int:row>/", views.activity, name="activity"),
]
