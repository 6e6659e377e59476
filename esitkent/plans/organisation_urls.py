from django.urls import path

from . import views

app_name = "orgs"
urlpatterns = [
    path("", views.organisation_list, name="list"),
    path("ilceler/", views.district_list, name="districts"),
    path("<slug:code>/", views.organisation_detail, name="detail"),
]
