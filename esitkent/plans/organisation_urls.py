from django.urls import path

from . import organisation_views as views

# The registry keeps its own URL namespace, "orgs", wherever its views live.
app_name = "orgs"
urlpatterns = [
    path("", views.organisation_list, name="list"),
    path("ilceler/", views.district_list, name="districts"),
    path("<slug:code>/", views.organisation_detail, name="detail"),
]
