"""Settings for bench/portal_load.py only: the app's settings, plus one minimal view (the
benchmark's baseline) served by the same server, without touching the app's URLs."""

from config.settings import *  # noqa: F403

DEBUG = False
ROOT_URLCONF = "bench.portal_urls"
