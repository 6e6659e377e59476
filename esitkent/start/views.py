from django.contrib.auth.decorators import login_not_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from .selectors import start_page


@login_not_required
def front_door(request):
    """A visitor is sent to the public portal (the plans in force, and a "Giriş" link for
    staff); a signed-in person sees what waits for her, whatever her roles."""
    if not request.user.is_authenticated:
        # The language asked for ("/?dil=en") goes on with the visitor.
        english = request.GET.get("dil") == "en"
        return redirect(reverse("portal:home") + ("?dil=en" if english else ""))
    return render(
        request, "start/home.html", {"page": start_page(request.user, today=timezone.localdate())}
    )
