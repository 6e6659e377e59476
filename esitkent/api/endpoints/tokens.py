"""A person's own tokens (an administrator's: everyone's). Tokens are made in the web pages,
after a full login, never through the API."""

from django.shortcuts import get_object_or_404
from ninja import Router, Status

from .. import selectors, services
from ..auth import read, write
from ..errors import declared
from ..schemas import TokenOut

router = Router(tags=["tokens"])


def _out(token) -> TokenOut:
    return TokenOut(
        id=token.pk,
        name=token.name,
        prefix=token.prefix,
        scope=token.scope,
        owner=token.user.get_username(),
        created_at=token.created_at,
        expires_at=token.expires_at,
        last_used_at=token.last_used_at,
        revoked_at=token.revoked_at,
    )


@router.get(
    "/tokens",
    auth=read,
    response={200: list[TokenOut], **declared(401, 403, 422)},
    summary="Anahtarlar",
)
def tokens(request):
    return [_out(t) for t in selectors.tokens_listed_for(request.user)]


@router.delete(
    "/tokens/{token_id}",
    auth=write,
    response={204: None, **declared(401, 403, 404, 422)},
    summary="Bir anahtarı iptal et",
)
def token_revoke(request, token_id: int):
    token = get_object_or_404(selectors.tokens_listed_for(request.user), pk=token_id)
    services.token_revoke(token=token, by=request.user)
    return Status(204, None)
