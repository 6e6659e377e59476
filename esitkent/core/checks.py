"""System checks: Django runs them before runserver, migrate, qcluster and most commands, so a
worker does not start on keys that cannot open the data it would process (config/wsgi.py runs
the same refusal for gunicorn, which runs no system checks)."""

from django.core import checks
from django.core.exceptions import ImproperlyConfigured


@checks.register()
def keys_open_the_data(app_configs=None, **kwargs):
    from esitkent.core.keys import refuse_wrong_keys

    try:
        refuse_wrong_keys()
    except ImproperlyConfigured as refusal:
        return [checks.Error(str(refusal), id="esitkent.E001")]
    return []
