"""PostgreSQL: every record's name words in a table of their own, kept in step by triggers.

``{table}_word`` holds one (word, record) pair per word of a record's ``search_vector``,
its primary key ordered by word, so that a name's matches are counted from the index
alone (an index-only scan of the word's entries) instead of visiting each match's row in
the wide table ("club", 56,741 matches in a million donations: 272 ms through the rows,
12 ms through the words). ``{table}_vocab`` holds every word once: near spellings are
found among it (``finance.search``), as SQLite finds them in its full-text vocabulary.

Triggers keep both in step with every writer, bulk ``COPY`` included: rows inserted
(per statement, from the new rows at once), a name changed (per row, only when
``search_text`` changed), rows deleted (per statement) and the table truncated. A name's
count is then its matches in the words less the hidden ones, which holds only if every
entry is a record. Words are never taken out of the vocabulary: a word no record has any
more finds nothing. SQLite keeps its full-text tables (migrations 0001 and 0008).

Names are no longer matched by trigram similarity on PostgreSQL (``finance.search``), so
the trigram index of ``search_text`` is dropped.
"""

from django.db import migrations

TABLES = ["finance_donation", "finance_loan", "finance_spendingitem"]


def _words_of(rows: str) -> str:
    return f"SELECT DISTINCT w.word, r.id FROM {rows} r, unnest(tsvector_to_array(r.search_vector)) AS w(word)"


def _statements(table: str) -> list[str]:
    word, vocab = f"{table}_word", f"{table}_vocab"
    return [
        f'CREATE TABLE {word} (word text COLLATE "C" NOT NULL, record_id bigint NOT NULL, '
        f"PRIMARY KEY (word, record_id))",
        f'CREATE TABLE {vocab} (word text COLLATE "C" PRIMARY KEY)',
        # Every record's words at once, the key built by one sort, not entry by entry
        # (a record's lexemes are distinct already): now, and after a bulk load into an
        # empty table, which pauses the insert trigger (``search.words_bulk_load_begin``).
        f"""CREATE FUNCTION {table}_words_refill() RETURNS void LANGUAGE plpgsql AS $$
        BEGIN
            TRUNCATE {word};
            ALTER TABLE {word} DROP CONSTRAINT {word}_pkey;
            INSERT INTO {word} (word, record_id)
                SELECT w.word, r.id FROM {table} r, unnest(tsvector_to_array(r.search_vector)) AS w(word);
            ALTER TABLE {word} ADD CONSTRAINT {word}_pkey PRIMARY KEY (word, record_id);
            INSERT INTO {vocab} (word) SELECT DISTINCT word FROM {word} ON CONFLICT DO NOTHING;
        END $$""",
        f"SELECT {table}_words_refill()",
        f"""CREATE FUNCTION {table}_words_added() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            INSERT INTO {word} (word, record_id) {_words_of("added")} ON CONFLICT DO NOTHING;
            INSERT INTO {vocab} (word)
                SELECT DISTINCT w.word FROM added r, unnest(tsvector_to_array(r.search_vector)) AS w(word)
                ON CONFLICT DO NOTHING;
            RETURN NULL;
        END $$""",
        f"""CREATE FUNCTION {table}_words_removed() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            DELETE FROM {word} w USING ({_words_of("removed")}) AS gone(word, id)
                WHERE w.word = gone.word AND w.record_id = gone.id;
            RETURN NULL;
        END $$""",
        f"""CREATE FUNCTION {table}_words_renamed() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            DELETE FROM {word} w
                WHERE w.record_id = OLD.id AND w.word = ANY(tsvector_to_array(OLD.search_vector));
            INSERT INTO {word} (word, record_id)
                SELECT DISTINCT w.word, NEW.id FROM unnest(tsvector_to_array(NEW.search_vector)) AS w(word)
                ON CONFLICT DO NOTHING;
            INSERT INTO {vocab} (word)
                SELECT DISTINCT w.word FROM unnest(tsvector_to_array(NEW.search_vector)) AS w(word)
                ON CONFLICT DO NOTHING;
            RETURN NULL;
        END $$""",
        f"""CREATE FUNCTION {table}_words_emptied() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            TRUNCATE {word};
            RETURN NULL;
        END $$""",
        f"CREATE TRIGGER {table}_words_added AFTER INSERT ON {table} REFERENCING NEW TABLE AS added "
        f"FOR EACH STATEMENT EXECUTE FUNCTION {table}_words_added()",
        f"CREATE TRIGGER {table}_words_removed AFTER DELETE ON {table} REFERENCING OLD TABLE AS removed "
        f"FOR EACH STATEMENT EXECUTE FUNCTION {table}_words_removed()",
        f"CREATE TRIGGER {table}_words_renamed AFTER UPDATE OF search_text ON {table} FOR EACH ROW "
        f"WHEN (OLD.search_text IS DISTINCT FROM NEW.search_text) "
        f"EXECUTE FUNCTION {table}_words_renamed()",
        f"CREATE TRIGGER {table}_words_emptied AFTER TRUNCATE ON {table} "
        f"FOR EACH STATEMENT EXECUTE FUNCTION {table}_words_emptied()",
        # Names are no longer matched by trigram similarity: its index (the costliest to
        # build of the table's, 1.7 s of 6.4 s at 200,000 rows) goes.
        f"DROP INDEX IF EXISTS {table}_search_trgm",
        f"ANALYZE {word}",
        f"ANALYZE {vocab}",
    ]


def name_words(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    # The copy of every name's words runs once, at deployment, for minutes at ten million
    # records: the request-sized timeout does not apply to it (this transaction only).
    schema_editor.execute("SET LOCAL statement_timeout = 0")
    for table in TABLES:
        for statement in _statements(table):
            schema_editor.execute(statement)


def name_words_drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in TABLES:
        for trigger in ("added", "removed", "renamed", "emptied"):
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_words_{trigger} ON {table}")
            schema_editor.execute(f"DROP FUNCTION IF EXISTS {table}_words_{trigger}()")
        schema_editor.execute(f"DROP FUNCTION IF EXISTS {table}_words_refill()")
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {table}_search_trgm ON {table} "
            "USING gin (search_text gin_trgm_ops)"
        )
        schema_editor.execute(f"DROP TABLE IF EXISTS {table}_word")
        schema_editor.execute(f"DROP TABLE IF EXISTS {table}_vocab")


class Migration(migrations.Migration):
    dependencies = [("finance", "0009_donation_by_public_funds_and_status")]

    operations = [migrations.RunPython(name_words, name_words_drop)]
