"""Tokens belong to their owner; administrators may see and revoke anyone's."""

import rules

from esitkent.accounts.policies import is_admin


@rules.predicate
def owns_token(user, token) -> bool:
    return token is not None and user.is_authenticated and token.user_id == user.pk


rules.add_perm("api.manage_token", owns_token | is_admin)
rules.add_perm("api.see_all_tokens", is_admin)
