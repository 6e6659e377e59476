from django.conf import settings


def site(request):
    return {"SITE_NAME": "EşitKent", "DEBUG": settings.DEBUG}
