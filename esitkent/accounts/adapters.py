from allauth.account.adapter import DefaultAccountAdapter


class NoSignupAccountAdapter(DefaultAccountAdapter):
    """Accounts are issued by the municipality's administrator; nobody signs themselves up."""

    def is_open_for_signup(self, request):
        return False
