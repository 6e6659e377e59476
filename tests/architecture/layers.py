"""The apps' layers and the imports allowed across them, as `docs/architecture.md` explains.

Apps import downward only: each app may import the apps listed before it. Across apps, an app
uses another's front door — its selectors, services, policies, forms and hooks — not its insides
(`models`, `domain`, or any other module), except where a rule below says why. Core is the
toolbox at the bottom: all of it is for everyone.
"""

from __future__ import annotations

# Lowest first. A new app takes its place here, or the import-graph test refuses it.
LAYERS = (
    "core",
    "orgs",
    "accounts",
    "plans",
    "monitoring",
    "analytics",
    "reports",
    "centres",
    "cases",
    "portal",
    "api",
    "start",
    "seeding",
)

# The shared vocabulary: every table points at an organisation or at the plan's tree, and core
# holds the provenance and audit rows everyone writes. Wrapping each join on them in a selector
# would only rename Django's query API, so any app may read these models.
VOCABULARY_MODELS = {"core.models", "orgs.models", "plans.models"}

# An app's front door: modules named so (value_selectors, import_services, …) are for others.
FRONT_DOOR = ("selectors", "services", "policies", "forms", "hooks")

# Modules outside the front door that other apps may use, and why.
PUBLIC_MODULES = {
    "analytics.charts": "the one builder of Vega-Lite chart specs; centres, portal and reports "
    "draw their charts with it rather than writing specs of their own",
    "reports.render": "the annual report's renderer: the portal serves published reports in "
    "the same HTML, PDF and XLSX the office sees",
    "portal.caching": "the publication stamp and cache keys: the API's anonymous reads are "
    "cached and invalidated with the portal's pages",
}

# Named exceptions: (importing app, imported module) -> why.
EXCEPTIONS = {
    ("cases", "centres.models"): (
        "A case record's walls are its centre: the cases app filters every read by the Centre "
        "and its staff in the same query that reads the case, so that no second query can be "
        "skipped."
    ),
}


def import_allowed(importer: str, target: str) -> str | None:
    """Why `importer` (a path inside esitkent/, e.g. 'cases/views.py') may import `target`
    (e.g. 'centres.models'); None when it may not. Only called across apps."""
    app = importer.split("/", 1)[0]
    target_app, _, module = target.partition(".")
    if target_app == "core":
        return "core is the toolbox"
    if module.endswith(FRONT_DOOR):
        return "an app's front door"
    if target in PUBLIC_MODULES:
        return PUBLIC_MODULES[target]
    if target in VOCABULARY_MODELS:
        return "shared vocabulary"
    if module == "models" and (importer.endswith("/models.py") or "/models/" in importer):
        return "a model's foreign key to a lower app's table"
    if target == "accounts.models" and importer.endswith("/policies.py"):
        return "permission rules read memberships and roles"
    return EXCEPTIONS.get((app, target))
