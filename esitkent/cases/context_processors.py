from . import policies


def case_menu(request):
    """The menu's case links, only for the people who may follow them."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "works_on_cases": policies.works_on_cases(user),
        "sees_case_statistics": policies.sees_network_statistics(user),
        "reviews_access": policies.may_review_access(user),
    }
