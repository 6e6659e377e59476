from django.shortcuts import get_object_or_404, render

from esitkent.core.policies import require
from esitkent.plans.selectors import Matrix, responsibility_matrix

from .models import Organisation
from .selectors import districts_with_population
from .selectors import organisation_list as select_organisations

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
