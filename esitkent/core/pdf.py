"""HTML → PDF for every printed document (the annual report, the needs analysis, the unit
report card): one font source and one WeasyPrint call, so they print alike."""

from __future__ import annotations

from django.conf import settings

# The bundled DejaVu fonts (Turkish glyphs); templates name them in their @font-face rules.
FONT_DIR = (settings.BASE_DIR / "static" / "fonts").as_uri()


def html_to_pdf(html: str, *, base_url: str | None = None) -> bytes:
    """`base_url` resolves the document's relative links: the project (default) for local
    files, or the site's address so that links in the PDF lead to the site."""
    from weasyprint import HTML  # heavy: loaded when a PDF is asked for, not at start-up

    return HTML(string=html, base_url=base_url or str(settings.BASE_DIR)).write_pdf()
