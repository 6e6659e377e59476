"""Derived keys stay true to the names they come from."""

from esitkent.core.turkish import tr_sort_string
from esitkent.orgs.models import Organisation


def test_a_rename_through_update_or_create_refreshes_the_derived_keys(db):
    Organisation.objects.update_or_create(
        code="sosyal-projeler-db", defaults={"name": "Çağdaş Projeler Dairesi Başkanlığı"}
    )
    renamed = Organisation.objects.get(code="sosyal-projeler-db")
    assert renamed.sort_key.startswith(tr_sort_string("Çağdaş"))
    assert "cagdas" in renamed.search_text
