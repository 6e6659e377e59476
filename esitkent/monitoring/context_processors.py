from .models import ReportingPeriod


def sample_periods(request):
    """The sample periods' codes, for the banner every staff page carries while they exist:
    their figures, statuses and explanations reach pages that cannot each say so."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    codes = (
        ReportingPeriod.objects.filter(is_sample=True)
        .order_by("code")
        .values_list("code", flat=True)
        .distinct()
    )
    return {"sample_periods": list(codes)}
