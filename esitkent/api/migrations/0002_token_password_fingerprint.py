from django.contrib.auth.base_user import AbstractBaseUser
from django.db import migrations, models

from esitkent.api.domain import password_fingerprint


def bind_live_tokens(apps, schema_editor):
    """Tokens made before this change are bound to their owner's present password, so they
    keep working until the next password change (the historical model has no methods, so the
    session hash is computed by Django's own function on the stored hash)."""
    ApiToken = apps.get_model("api", "ApiToken")
    for token in ApiToken.objects.select_related("user"):
        token.password_fingerprint = password_fingerprint(
            AbstractBaseUser._get_session_auth_hash(token.user)
        )
        token.save(update_fields=["password_fingerprint"])


class Migration(migrations.Migration):
    dependencies = [
        ("api", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="apitoken",
            name="password_fingerprint",
            field=models.CharField(default="", editable=False, max_length=64),
        ),
        migrations.RunPython(bind_live_tokens, migrations.RunPython.noop),
    ]
