"""The PostgreSQL schema: the tables of `oas_program.model.tables`, with PostgreSQL types.

The same relational layout as the SQLite export (`oas_program.model.tables` says which tables and
columns there are, `oas_program.builtin.relational` how rows refer to each other); here:
- types: `text`, `bigint`, `boolean`; positions are `integer`;
- `NOT NULL` for required columns, `CHECK (... IN (...))` for codelist columns;
- primary keys: `id` for entity tables, owner key + `position` for child tables; entity
  tables also hold their `position` in the program (unique), which keeps the program's
  order (a table has no order of its own);
- foreign keys: a child row's owner key (`ON DELETE CASCADE`), enforced; references between
  entities (`activities_assignments.actor` → `actors.id`) are added `NOT VALID` after the
  program is loaded: the model admits an id that is not recorded (validate reports it),
  so the rows written are not checked, while rows merged later are;
- an index on every reference column; the views of the SQLite export, in PostgreSQL SQL;
- `meta`: `format_version` (of the data), `layout` (a fingerprint of the tables and
  columns, to tell a database written by another version) and `written_by`.
"""

from __future__ import annotations

import functools
import hashlib
import re

from oas_program.builtin import relational
from oas_program.model.tables import Table, layout

META = "meta"
POSITION = "position"
"""Entity tables: the entity's 1-based place in its collection."""

_IDENTIFIER = re.compile(r"^[a-z_][a-z0-9_]*$")
_TYPES = {"string": "text", "integer": "bigint", "boolean": "boolean"}
MAX_NAME = 63


def quote(identifier: str) -> str:
    """*identifier* double-quoted, after checking it is a plain lowercase name."""
    if not _IDENTIFIER.match(identifier) or len(identifier) > MAX_NAME:
        raise ValueError(f"refusing SQL identifier {identifier!r}")
    return f'"{identifier}"'


def qualified(schema: str, name: str) -> str:
    return f"{quote(schema)}.{quote(name)}"


def names(columns: tuple[str, ...] | list[str]) -> str:
    return ", ".join(quote(c) for c in columns)


def _literal(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def _short(name: str) -> str:
    """A constraint or index name within PostgreSQL's 63 bytes, unique by a digest."""
    if len(name) <= MAX_NAME:
        return name
    return name[:54] + "_" + hashlib.sha256(name.encode()).hexdigest()[:8]


def is_entity(t: Table) -> bool:
    return t.parent is None and t.name != "program"


def columns(t: Table) -> tuple[str, ...]:
    """The table's columns in the database: the layout's, and `position` for entities."""
    return (POSITION, *t.column_names) if is_entity(t) else t.column_names


def _column_sql(name: str, kind: str, required: bool, enum: tuple[str, ...] | None) -> str:
    sql_type = "integer" if name == POSITION or name.endswith("_position") else _TYPES[kind]
    sql = f"{quote(name)} {sql_type}"
    if required:
        sql += " NOT NULL"
    if enum is not None:
        sql += f" CHECK ({quote(name)} IN ({', '.join(_literal(v) for v in enum)}))"
    return sql


def create_table(schema: str, t: Table) -> str:
    lines = []
    if is_entity(t):
        lines.append(f"{quote(POSITION)} integer NOT NULL UNIQUE CHECK ({quote(POSITION)} > 0)")
    lines += [_column_sql(name, relational.key_type(name), True, None) for name in t.key]
    lines += [_column_sql(c.name, c.type, c.required, c.enum) for c in t.columns]
    lines.append(f"PRIMARY KEY ({names(t.primary_key)})")
    for key in relational.foreign_keys(t):
        if not key.reference:
            lines.append(
                f"FOREIGN KEY ({names(key.columns)}) REFERENCES "
                f"{qualified(schema, key.target)} ({names(key.target_columns)}) ON DELETE CASCADE"
            )
    body = ",\n  ".join(lines)
    return f"CREATE TABLE {qualified(schema, t.name)} (\n  {body}\n)"


def references(schema: str, t: Table) -> list[str]:
    """The table's references to entities: `NOT VALID` foreign keys and their indexes."""
    statements = []
    for key in relational.foreign_keys(t):
        if key.reference:
            base = f"{t.name}__{'_'.join(key.columns)}"
            statements.append(
                f"ALTER TABLE {qualified(schema, t.name)} ADD CONSTRAINT "
                f"{quote(_short(base + '_fkey'))} FOREIGN KEY ({names(key.columns)}) "
                f"REFERENCES {qualified(schema, key.target)} ({names(key.target_columns)}) "
                "NOT VALID"
            )
            statements.append(
                f"CREATE INDEX {quote(_short(base))} ON {qualified(schema, t.name)} "
                f"({names(key.columns)})"
            )
    return statements


_NAME = 'COALESCE(r."name_en", r."name_es", r."name_fr", r."name_pt")'
_RECORDED = """(SELECT COUNT(*) FROM "activities" AS a
        WHERE a."addressee" IN (SELECT x."value" FROM "declarations_addressees" AS x
                                WHERE x."declaration_id" = d."id")
          AND NOT (COALESCE(d."original_only", false) AND COALESCE(a."added", false)))"""
# The views of the SQLite export (`oas_program.builtin.sqlite_format.VIEWS`), same names and
# columns, in PostgreSQL's SQL: entities are ordered by `position` (SQLite: rowid), booleans
# are booleans. A test compares their rows with the SQLite export's.
VIEWS: dict[str, str] = {
    "activities_by_actor": f"""
WITH RECURSIVE "under"("actor_id", "member_id") AS (
  SELECT r."id", r."id" FROM "actors" AS r
  UNION
  SELECT u."actor_id", c."id" FROM "under" AS u JOIN "actors" AS c ON c."parent" = u."member_id"
),
"concerns"("actor_id", "activity_id", "through", "role", "rank") AS (
  SELECT s."actor", s."activity_id", s."actor", s."role", s."position"
  FROM "activities_assignments" AS s
  UNION ALL
  SELECT u."actor_id", s."activity_id", s."actor", NULL::text, 100000 + s."position"
  FROM "under" AS u JOIN "activities_assignments" AS s ON s."actor" = u."member_id"
  WHERE u."member_id" <> u."actor_id"
  UNION ALL
  SELECT r."id", a."id", a."addressee", NULL::text, 200000
  FROM "actors" AS r JOIN "activities" AS a ON a."addressee" = CASE r."kind"
    WHEN 'member-state' THEN 'member-states' WHEN 'multilateral' THEN 'multilateral'
    WHEN 'civil-society' THEN 'civil-society' END
  WHERE NOT EXISTS (SELECT 1 FROM "activities_assignments" AS x WHERE x."activity_id" = a."id")
),
"best" AS (
  SELECT DISTINCT ON (c."actor_id", c."activity_id") c.*
  FROM "concerns" AS c
  ORDER BY c."actor_id", c."activity_id", c."rank"
)
SELECT b."actor_id" AS "actor_id", {_NAME} AS "actor_name", b."role" AS "role",
       b."through" AS "through", a."id" AS "activity_id", a."label_en" AS "activity_label",
       a."addressee" AS "addressee"
FROM "best" AS b
JOIN "activities" AS a ON a."id" = b."activity_id"
LEFT JOIN "actors" AS r ON r."id" = b."actor_id"
ORDER BY b."actor_id", a."position"
""",
    "activities_by_addressee": """
SELECT a."addressee" AS "addressee", COUNT(*) AS "activities",
       COUNT(*) FILTER (WHERE a."added") AS "added_later"
FROM "activities" AS a
GROUP BY a."addressee"
ORDER BY a."addressee"
""",
    "member_states": f"""
SELECT r."id" AS "actor_id", {_NAME} AS "name", r."iso3" AS "iso3",
       m."position" AS "period", m."status" AS "status", m."start" AS "start", m."end" AS "end",
       p."status" AS "participation",
       p."start" AS "participation_since"
FROM "actors" AS r
LEFT JOIN "actors_participation" AS p ON p."actor_id" = r."id" AND p."end" IS NULL
     AND p."position" = (SELECT MAX(q."position") FROM "actors_participation" AS q
                         WHERE q."actor_id" = r."id" AND q."end" IS NULL)
LEFT JOIN "actors_memberships" AS m ON m."actor_id" = r."id"
WHERE r."kind" = 'member-state'
ORDER BY r."position", m."position"
""",
    "completeness": f"""
SELECT d."id" AS "declaration_id", d."quantifier" AS "quantifier", d."count" AS "declared",
       {_RECORDED} AS "recorded",
       CASE WHEN d."quantifier" = 'exactly'
            THEN GREATEST(d."count" - {_RECORDED}, 0)
       END AS "missing"
FROM "declarations" AS d
ORDER BY d."position"
""",
}


def create_views(schema: str) -> list[str]:
    # Unqualified names in a view resolve when it is created: the caller sets search_path.
    return [f"CREATE VIEW {qualified(schema, n)} AS{q.rstrip()}" for n, q in VIEWS.items()]


def create_meta(schema: str) -> str:
    return f'CREATE TABLE {qualified(schema, META)} ("key" text PRIMARY KEY, "value" text NOT NULL)'


@functools.cache
def tables_sql(schema: str) -> tuple[str, ...]:
    """The statements creating every table with its keys (parents before children)."""
    return tuple(create_table(schema, t) for t in layout())


@functools.cache
def fingerprint() -> str:
    """Identifies the layout: changes when the model gains, loses or changes a column."""
    text = "\n".join((create_meta("s"), *tables_sql("s"), *create_views("s")))
    text += "\n".join(s for t in layout() for s in references("s", t))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def expected_columns() -> dict[str, tuple[str, ...]]:
    """Every table of the layout (and `meta`) with its columns, as the database holds them."""
    found = {t.name: columns(t) for t in layout()}
    found[META] = ("key", "value")
    return found
