import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
application = get_wsgi_application()

# Refuse to serve when encrypted rows exist and the keys do not open them (a restore into an
# empty var/ generates new keys): gunicorn stops here instead of serving unreadable records.
from esitkent.core.keys import refuse_wrong_keys_at_start  # noqa: E402

refuse_wrong_keys_at_start()
