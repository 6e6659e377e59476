from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.i18n import set_language

from esitkent.api.api import urlpatterns as api_urls

# The admin signs in through allauth, so its lockout and two-factor rules apply there too.
admin.site.login = secure_admin_login(admin.site.login)
admin.site.site_header = "EşitKent yönetimi"

urlpatterns = [
    path("", include("esitkent.start.urls")),
    path("", include("esitkent.plans.urls")),
    path("kurumlar/", include("esitkent.plans.organisation_urls")),
    path("izleme/", include("esitkent.monitoring.urls")),
    path("panolar/", include("esitkent.analytics.urls")),
    path("raporlar/", include("esitkent.reports.urls")),
    path("acik/", include("esitkent.portal.urls")),
    path("merkezler/", include("esitkent.centres.urls")),
    path("vakalar/", include("esitkent.cases.urls")),
    path("api/v1/", api_urls()),
    path("api-anahtarlari/", include("esitkent.api.urls")),
    path("hesap/", include("esitkent.accounts.urls")),  # ahead of allauth: shadows email/
    path("hesap/", include("allauth.urls")),
    path("dil/", login_not_required(set_language), name="set_language"),
    path("yonetim/", admin.site.urls),
]
