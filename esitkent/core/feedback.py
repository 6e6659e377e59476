"""How a refusal (InputRejected) reaches the person on a page: one message per problem, each
naming where it is."""

from django.contrib import messages

from .errors import InputRejected


def refusal_messages(request, exc: InputRejected) -> None:
    for problem in exc.problems:
        messages.error(request, str(problem))


def refusal_on_form(form, exc: InputRejected) -> None:
    for problem in exc.problems:
        form.add_error(None, str(problem))
