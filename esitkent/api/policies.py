"""Tokens belong to their owner; administrators may see and revoke anyone's
(api.selectors.tokens_listed_for reads exactly those, so a token outside it is not found)."""

import rules

from esitkent.accounts.policies import holds_a_role, is_admin

rules.add_perm("api.see_all_tokens", is_admin)
# A token acts with its owner's roles: an account without any has nothing to make one for.
rules.add_perm("api.hold_tokens", holds_a_role)
