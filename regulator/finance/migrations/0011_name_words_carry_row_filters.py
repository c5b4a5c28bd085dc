"""PostgreSQL: each entry of a name's words carries its record's value, date, status and
regulated entity.

A name asked with a span of values or dates, a status (donations' donor status, loans'
status) or an entity was counted by visiting each match's row in the wide table for them
("dunmore" between £100 and £100,000, 49,882 matches in a million donations: 263 ms).
Carried in the words table's key (``INCLUDE``), they are tested in the index alone
(25 ms): see ``finance.search.published_name_count``. Spending has no status; its
entries carry none.

The triggers of migration 0010 keep them in step: a row inserted brings its values, and
a row whose name, value, date, status or entity changes has its entries written again.
The refill after a bulk load reads them from the rows with the words.
"""

from importlib import import_module

from django.db import migrations

STATUS_COLUMNS = {
    "finance_donation": "donor_status",
    "finance_loan": "loan_status",
    "finance_spendingitem": None,
}


def _carried(table: str, rows: str) -> str:
    """The value, date, status and entity of ``rows`` (a table alias, or NEW), as a select
    list."""
    status = STATUS_COLUMNS[table]
    return (
        f"{rows}.value, {rows}.date, "
        + (f"{rows}.{status}" if status else "NULL")
        + f", {rows}.entity_id"
    )


def _statements(table: str) -> list[str]:
    word, vocab = f"{table}_word", f"{table}_vocab"
    status = STATUS_COLUMNS[table]
    watched = ", ".join(
        ["search_text", "value", "date", "entity_id", *([status] if status else [])]
    )
    changed = " OR ".join(
        f"OLD.{column} IS DISTINCT FROM NEW.{column}" for column in watched.split(", ")
    )
    columns = "word, record_id, value, date, status, entity_id"
    return [
        f"ALTER TABLE {word} ADD COLUMN value numeric, ADD COLUMN date date, "
        f"ADD COLUMN status text, ADD COLUMN entity_id bigint",
        f"""CREATE OR REPLACE FUNCTION {table}_words_refill() RETURNS void LANGUAGE plpgsql AS $$
        BEGIN
            TRUNCATE {word};
            ALTER TABLE {word} DROP CONSTRAINT {word}_pkey;
            INSERT INTO {word} ({columns})
                SELECT w.word, r.id, {_carried(table, "r")}
                FROM {table} r, unnest(tsvector_to_array(r.search_vector)) AS w(word);
            ALTER TABLE {word} ADD CONSTRAINT {word}_pkey
                PRIMARY KEY (word, record_id) INCLUDE (value, date, status, entity_id);
            INSERT INTO {vocab} (word) SELECT DISTINCT word FROM {word} ON CONFLICT DO NOTHING;
        END $$""",
        f"SELECT {table}_words_refill()",
        f"""CREATE OR REPLACE FUNCTION {table}_words_added() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            INSERT INTO {word} ({columns})
                SELECT w.word, r.id, {_carried(table, "r")}
                FROM added r, unnest(tsvector_to_array(r.search_vector)) AS w(word)
                ON CONFLICT DO NOTHING;
            INSERT INTO {vocab} (word)
                SELECT DISTINCT w.word FROM added r, unnest(tsvector_to_array(r.search_vector)) AS w(word)
                ON CONFLICT DO NOTHING;
            RETURN NULL;
        END $$""",
        # A record's entries are written again whole: a changed value is as rare as a
        # changed name (a correction), and one statement serves both.
        f"""CREATE OR REPLACE FUNCTION {table}_words_renamed() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            DELETE FROM {word} w
                WHERE w.record_id = OLD.id AND w.word = ANY(tsvector_to_array(OLD.search_vector));
            INSERT INTO {word} ({columns})
                SELECT w.word, NEW.id, {_carried(table, "NEW")}
                FROM unnest(tsvector_to_array(NEW.search_vector)) AS w(word)
                ON CONFLICT DO NOTHING;
            INSERT INTO {vocab} (word)
                SELECT w.word FROM unnest(tsvector_to_array(NEW.search_vector)) AS w(word)
                ON CONFLICT DO NOTHING;
            RETURN NULL;
        END $$""",
        f"DROP TRIGGER {table}_words_renamed ON {table}",
        f"CREATE TRIGGER {table}_words_renamed AFTER UPDATE OF {watched} ON {table} FOR EACH ROW "
        f"WHEN ({changed}) EXECUTE FUNCTION {table}_words_renamed()",
        f"ANALYZE {word}",
    ]


def carry(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    # Every entry is written again once, at deployment (a minute at a million records per
    # table): the request-sized timeout does not apply to it (this transaction only).
    schema_editor.execute("SET LOCAL statement_timeout = 0")
    for table in STATUS_COLUMNS:
        for statement in _statements(table):
            schema_editor.execute(statement)


def carry_undo(apps, schema_editor):
    """Back to migration 0010's words: its functions and trigger, the columns dropped."""
    if schema_editor.connection.vendor != "postgresql":
        return
    before = import_module("regulator.finance.migrations.0010_name_words")
    schema_editor.execute("SET LOCAL statement_timeout = 0")
    for table in STATUS_COLUMNS:
        word = f"{table}_word"
        schema_editor.execute(f"DROP TRIGGER {table}_words_renamed ON {table}")
        schema_editor.execute(f"ALTER TABLE {word} DROP CONSTRAINT {word}_pkey")
        schema_editor.execute(
            f"ALTER TABLE {word} DROP COLUMN value, DROP COLUMN date, DROP COLUMN status, "
            f"DROP COLUMN entity_id"
        )
        schema_editor.execute(f"ALTER TABLE {word} ADD PRIMARY KEY (word, record_id)")
        for statement in before._statements(table):
            if statement.startswith(
                (f"CREATE FUNCTION {table}_words_", f"CREATE TRIGGER {table}_words_renamed")
            ):
                schema_editor.execute(
                    statement.replace("CREATE FUNCTION", "CREATE OR REPLACE FUNCTION", 1)
                )


class Migration(migrations.Migration):
    dependencies = [("finance", "0010_name_words")]

    operations = [migrations.RunPython(carry, carry_undo)]
