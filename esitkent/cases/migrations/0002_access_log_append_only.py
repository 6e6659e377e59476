"""The access log is append-only in the database too: UPDATE and DELETE on its table fail
whoever runs them (the application, an administrator's SQL session, a compromised view)."""

from django.db import migrations

TABLE = "cases_accesslogentry"

SQLITE = [
    f"""CREATE TRIGGER {TABLE}_no_update BEFORE UPDATE ON {TABLE}
        BEGIN SELECT RAISE(ABORT, 'access log is append-only'); END;""",
    f"""CREATE TRIGGER {TABLE}_no_delete BEFORE DELETE ON {TABLE}
        BEGIN SELECT RAISE(ABORT, 'access log is append-only'); END;""",
]
SQLITE_REVERSE = [f"DROP TRIGGER {TABLE}_no_update;", f"DROP TRIGGER {TABLE}_no_delete;"]

POSTGRES = [
    """CREATE OR REPLACE FUNCTION esitkent_append_only() RETURNS trigger AS $$
        BEGIN RAISE EXCEPTION 'access log is append-only'; END; $$ LANGUAGE plpgsql;""",
    f"""CREATE TRIGGER {TABLE}_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON {TABLE}
        FOR EACH STATEMENT EXECUTE FUNCTION esitkent_append_only();""",
]
POSTGRES_REVERSE = [
    f"DROP TRIGGER {TABLE}_append_only ON {TABLE};",
    "DROP FUNCTION esitkent_append_only();",
]


def forwards(apps, schema_editor):
    statements = {"sqlite": SQLITE, "postgresql": POSTGRES}.get(schema_editor.connection.vendor, [])
    for statement in statements:
        schema_editor.execute(statement)


def backwards(apps, schema_editor):
    statements = {"sqlite": SQLITE_REVERSE, "postgresql": POSTGRES_REVERSE}.get(
        schema_editor.connection.vendor, []
    )
    for statement in statements:
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("cases", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards)]
