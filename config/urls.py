from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.i18n import set_language

urlpatterns = [
    path("", include("esitkent.plans.urls")),
    path("kurumlar/", include("esitkent.orgs.urls")),
    path("hesap/", include("allauth.urls")),
    path("dil/", login_not_required(set_language), name="set_language"),
    path("yonetim/", admin.site.urls),
]
