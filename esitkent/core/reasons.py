"""Refusals that pure rules raise: a stable code for programs, a Turkish message template that
is also the translation catalogue's msgid, and the values to fill in. Pure Python, so domain
modules can raise them; under Django, str() gives the active language."""

from __future__ import annotations


def gettext_noop(text: str) -> str:
    """Marks a template for makemessages without importing Django."""
    return text


class Reason(ValueError):
    def __init__(self, code: str, template: str, /, **params):
        super().__init__(template)
        self.code, self.template, self.params = code, template, params

    def __str__(self) -> str:
        """In the active language when Django runs (a page, the API), else as written."""
        return _translated(self.template).format(**self.params)


def _translated(template: str) -> str:
    try:
        from django.conf import settings
        from django.utils.translation import gettext
    except ImportError:
        return template
    return gettext(template) if settings.configured else template
