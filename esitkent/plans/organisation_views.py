"""The organisation registry's pages. They live in plans, above orgs, because a unit's page
shows its responsibilities in the plan; orgs itself stays the registry's data."""

from django.shortcuts import get_object_or_404, render

from esitkent.core.policies import require
from esitkent.orgs.models import Organisation
from esitkent.orgs.selectors import districts_with_population
from esitkent.orgs.selectors import organisation_list as select_organisations

from .selectors import Matrix, responsibility_matrix

view_organisation = require("orgs.view_organisation")


@view_organisation
def organisation_list(request):
    kind = request.GET.get("tur") or None
    if kind not in Organisation.Kind.values:
        kind = None
    return render(
        request,
        "orgs/organisation_list.html",
        {
            "organisations": select_organisations(kind=kind),
            "kinds": Organisation.Kind.choices,
            "kind": kind,
        },
    )


@view_organisation
def organisation_detail(request, code):
    organisation = get_object_or_404(
        Organisation.objects.select_related("parent", "district"), code=code
    )
    matrix = Matrix(rows=responsibility_matrix(organisation))
    return render(
        request,
        "orgs/organisation_detail.html",
        {
            "organisation": organisation,
            "matrix": matrix,
            "names": organisation.names.all(),
            "children": organisation.children.all(),
            "groups": organisation.groups.all(),
        },
    )


@view_organisation
def district_list(request):
    return render(request, "orgs/district_list.html", {"districts": districts_with_population()})
