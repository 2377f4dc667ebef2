"""Reads compiled once per process (issue 9): the hot path's by-key reads without Django compiling
the same SQL on every request.

Compiling a queryset (joins, select lists, converters) costs far more CPU than running it: a
``select_related`` read of one case took 2–8 ms to compile and well under 0.1 ms in the database.
A :class:`PreparedRead` builds its queryset once per database alias with a sentinel in place of
each argument, keeps the SQL, its converters and populators, and on every call runs that SQL with the real
arguments and turns the rows into model instances with Django's own machinery (field converters,
``Model.from_db``, the ``select_related`` populators, annotations): the objects are the ones the
ORM would have built from the same query.

Only for queries whose shape does not depend on the arguments: exact filters by ids, foreign
keys or key strings (a token's hash). Every other value in the query is a constant compiled in
once (``status="active"``), so ``build`` must not read the clock or anything else that changes;
``prefetch_related`` is refused (it needs a second query per call: prefetch on the result).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from django.core.exceptions import EmptyResultSet
from django.db import connections, router
from django.db.models import Model, QuerySet
from django.db.models.query import get_related_populators

M = TypeVar("M", bound=Model)

# Stand-ins for the arguments while the SQL is compiled. The query is compiled with two sets: a
# parameter that differs between the two is an argument, one that does not is a constant. Django
# answers "no rows" without SQL for an integer out of a field's range, hence sets of several sizes.
_SENTINEL_SETS = (
    (-730_601_234_101, -730_601_234_102, -730_601_234_103, -730_601_234_104),
    (2_107_301_101, 2_107_301_102, 2_107_301_103, 2_107_301_104),
    (32_101, 32_102, 32_103, 32_104),
    (32_201, 32_202, 32_203, 32_204),
)
_MAX_ARITY = 4
_INT64_MIN, _INT64_MAX = -(2**63), 2**63 - 1


@dataclass(frozen=True)
class _Compiled:
    sql: str
    # for each SQL parameter: (True, index of the call's argument) or (False, a constant)
    parameters: tuple[tuple[bool, Any], ...]
    model: type[Model]
    converters: list  # (position, converters, expression): the field conversions of the SELECT
    init_list: list[str]
    model_slice: slice
    related_populators: list
    annotation_col_map: dict[str, int]


class PreparedRead(Generic[M]):
    """``PreparedRead(lambda pk: Case.objects.select_related("department").filter(pk=pk))``: call
    :meth:`all` or :meth:`first` with the arguments (ids, foreign keys, exact strings);
    ``arity=0`` for a read without arguments (``lambda: CalendarYear.objects.all()``)."""

    def __init__(self, build: Callable[..., QuerySet[M]], *, arity: int = 1) -> None:
        if not 0 <= arity <= _MAX_ARITY:
            raise ValueError(f"arity must be 0..{_MAX_ARITY}")
        self._build, self._arity = build, arity
        self._compiled: dict[str, _Compiled] = {}
        self._lock = threading.Lock()

    def _as_sql(self, alias: str, sentinels: tuple[int, ...]):
        queryset = self._build(*sentinels[: self._arity])
        if queryset._prefetch_related_lookups:
            raise ValueError("PreparedRead does not prefetch: prefetch on its result")
        compiler = queryset.query.get_compiler(using=alias)
        try:
            sql, params = compiler.as_sql()
        except EmptyResultSet:
            return None
        return compiler, sql, tuple(params)

    def _compile(self, alias: str) -> _Compiled:
        compiled = []
        for sentinels in _SENTINEL_SETS:
            result = self._as_sql(alias, sentinels)
            if result is not None:
                compiled.append((sentinels, *result))
            if len(compiled) == 2:
                break
        else:
            raise ValueError("the query cannot be compiled with stand-in arguments")
        (first, compiler, sql, params), (second, _, other_sql, other_params) = compiled
        if sql != other_sql or len(params) != len(other_params):
            raise ValueError("the query's SQL depends on its arguments")
        parameters: list[tuple[bool, Any]] = []
        for a, b in zip(params, other_params, strict=True):
            if a == b:
                parameters.append((False, a))
                continue
            # a stand-in comes back as it went in (integer fields) or as its text (character fields)
            slot = next((i for i in range(self._arity) if (a, b) in _as_given(first[i], second[i])), None)
            if slot is None:
                raise ValueError(f"an argument does not reach the SQL as it is (only exact lookups do): {params!r}")
            parameters.append((True, slot))
        if {i for is_argument, i in parameters if is_argument} != set(range(self._arity)):
            raise ValueError(f"an argument does not reach the SQL: {params!r}")
        select, klass_info = compiler.select, compiler.klass_info
        fields = [s[0] for s in select[0 : compiler.col_count]]
        start, end = klass_info["select_fields"][0], klass_info["select_fields"][-1] + 1
        return _Compiled(
            sql=sql,
            parameters=tuple(parameters),
            model=klass_info["model"],
            converters=[(pos, convs, expr) for pos, (convs, expr) in compiler.get_converters(fields).items()],
            init_list=[f[0].target.attname for f in select[start:end]],
            model_slice=slice(start, end),
            related_populators=get_related_populators(klass_info, select, alias),
            annotation_col_map=dict(compiler.annotation_col_map or {}),
        )

    def _compiled_for(self, alias: str) -> _Compiled:
        compiled = self._compiled.get(alias)
        if compiled is None:
            with self._lock:
                compiled = self._compiled.get(alias) or self._compile(alias)
                self._compiled[alias] = compiled
        return compiled

    def all(self, *args: int | str) -> list[M]:
        if len(args) != self._arity:
            raise TypeError(f"expected {self._arity} argument(s), got {len(args)}")
        if any(type(a) is int and not _INT64_MIN <= a <= _INT64_MAX for a in args):
            # no integer column holds it, and SQLite's driver raises OverflowError on it: no rows,
            # as Django answers such a lookup without asking the database
            return []
        alias = router.db_for_read(self._model())
        c = self._compiled_for(alias)
        connection = connections[alias]
        with connection.cursor() as cursor:
            cursor.execute(c.sql, [args[v] if is_argument else v for is_argument, v in c.parameters])
            rows = cursor.fetchall()
        objects = []
        for fetched in rows:
            row = list(fetched)
            for position, convs, expression in c.converters:  # as SQLCompiler.apply_converters
                value = row[position]
                for convert in convs:
                    value = convert(value, expression, connection)
                row[position] = value
            obj = c.model.from_db(alias, c.init_list, row[c.model_slice])
            for populator in c.related_populators:
                populator.populate(row, obj)
            for name, position in c.annotation_col_map.items():
                setattr(obj, name, row[position])
            objects.append(obj)
        return objects

    def first(self, *args: int | str) -> M | None:
        rows = self.all(*args)
        return rows[0] if rows else None

    def _model(self) -> type[M]:
        model = getattr(self, "_model_cls", None)
        if model is None:
            model = self._model_cls = self._build(*_SENTINEL_SETS[0][: self._arity]).model
        return model


#: :func:`first_in_window`'s answer when no row of the window passes and more rows may exist.
UNDECIDED: Any = object()


def first_in_window(rows: list[M], window: int, test: Callable[[M], bool]) -> M | None:
    """The first of ``rows`` that passes ``test``, where ``rows`` is an ordered read cut at
    ``window`` rows (``[:window]``, so a compiled read can leave a date or range out of its SQL
    and check it here): ``None`` when none passes and the read came back short (there are no
    more rows), :data:`UNDECIDED` when none passes and it came back full (the caller asks the
    database with the condition in the query)."""
    hit = next((row for row in rows if test(row)), None)
    if hit is None and len(rows) >= window:
        return UNDECIDED
    return hit


def _as_given(first: int, second: int) -> tuple[tuple[Any, Any], ...]:
    return ((first, second), (str(first), str(second)))


# ---- PostgreSQL's prepared statements ----------------------------------------------------------

#: How many prepared statements psycopg keeps per connection (its default is 100, the least
#: recently used one deallocated past that). One process running the case lifecycle, its
#: after-commit tasks and the demo's set-up ran 137 distinct statements (bench/case_profile.py,
#: 2026-12-03); with 100 kept, some of the hot path's were dropped and prepared again.
PREPARED_MAX = 256


def size_prepared_statements(sender, connection, **kwargs) -> None:
    """``connection_created`` receiver: keep :data:`PREPARED_MAX` prepared statements on a new
    PostgreSQL connection (statements are prepared only when ``ZWFW_DB_PREPARE_THRESHOLD`` is on)."""
    if connection.vendor == "postgresql" and hasattr(connection.connection, "prepared_max"):
        connection.connection.prepared_max = PREPARED_MAX


# ---- inserts ----------------------------------------------------------------------------------

_INSERTS: dict[tuple, tuple[str, list, bool, bool]] = {}


def insert_row(obj: M) -> M:
    """INSERT ``obj`` (a new instance) as ``obj.save()`` would, through SQL compiled once per model
    and database, and set its primary key.

    What ``save()`` does for a new row besides the INSERT does not happen: no ``pre_save`` /
    ``post_save`` signals, no ``save()`` override. So it refuses (``ValueError``, when it first
    compiles for the model) a model that overrides ``save()`` or has a ``pre_save``/``post_save``
    receiver: there the two would differ. ``test_prepared`` pins that it stores what ``save()``
    stores."""
    if obj.pk is not None:
        raise ValueError("insert_row inserts new rows: the primary key is the database's")
    model = type(obj)
    alias = router.db_for_write(model)
    connection = connections[alias]
    key = (model, alias)
    compiled = _INSERTS.get(key)
    if compiled is None:
        compiled = _INSERTS[key] = _insert_compile(model, alias, obj)
    sql, fields, returning, _by_column = compiled
    params = [f.get_db_prep_save(f.pre_save(obj, True), connection=connection) for f in fields]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        if returning:
            pk = cursor.fetchone()[0]
        else:  # pragma: no cover - every supported database returns the id from the INSERT
            pk = connection.ops.last_insert_id(cursor, model._meta.db_table, model._meta.pk.column)
    obj.pk = pk
    obj._state.adding, obj._state.db = False, alias
    return obj


def insert_rows(objs: list[M]) -> list[M]:
    """``bulk_create(objs)`` (new instances of one model) through SQL compiled once per model,
    database and number of rows: one multi-row ``INSERT … RETURNING`` id, the ids set on ``objs``.

    As ``bulk_create``: no ``save()``, no signals (and, like :func:`insert_row`, refused for a model
    that has them). Where the database cannot return the ids of a multi-row insert, or the rows
    would need more parameters than it takes, it is ``bulk_create`` itself."""
    if not objs:
        return objs
    model = type(objs[0])
    if any(type(obj) is not model or obj.pk is not None for obj in objs):
        raise ValueError("insert_rows inserts new rows of one model: the primary keys are the database's")
    alias = router.db_for_write(model)
    connection = connections[alias]
    limit = connection.features.max_query_params
    if not connection.features.can_return_rows_from_bulk_insert or (
        limit and len(objs) * len(_insert_fields(model)) > limit
    ):
        return model._default_manager.bulk_create(objs)
    key = (model, alias, len(objs))
    compiled = _INSERTS.get(key)
    if compiled is None:
        compiled = _INSERTS[key] = _insert_compile(model, alias, objs)
    sql, fields, _returning, by_column = compiled
    values = [[f.get_db_prep_save(f.pre_save(obj, True), connection=connection) for f in fields] for obj in objs]
    # PostgreSQL's multi-row form takes one array per column (INSERT … SELECT * FROM UNNEST(…))
    params = [list(column) for column in zip(*values, strict=True)] if by_column else [v for row in values for v in row]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        ids = [row[0] for row in cursor.fetchall()]
    if len(ids) != len(objs):  # pragma: no cover - the database answered one id per row
        raise RuntimeError(f"{model._meta.label}: {len(objs)} rows inserted, {len(ids)} ids returned")
    for obj, pk in zip(objs, ids, strict=True):
        obj.pk = pk
        obj._state.adding, obj._state.db = False, alias
    return objs


def _insert_fields(model: type[Model]) -> list:
    """The columns an INSERT writes: every concrete field but the auto primary key and generated ones."""
    opts = model._meta
    return [f for f in opts.local_concrete_fields if f is not opts.auto_field and not f.generated]


def _insert_compile(model: type[Model], alias: str, objs: Model | list[Model]) -> tuple[str, list, bool, bool]:
    from django.db.models.signals import post_save, pre_save
    from django.db.models.sql import InsertQuery

    opts = model._meta
    # a model whose save() only guards what an INSERT never does (the audit log refuses updates)
    # says so with ``insert_row_ok = True``
    overridden = model.save is not Model.save and not getattr(model, "insert_row_ok", False)
    if overridden or pre_save.has_listeners(model) or post_save.has_listeners(model):
        raise ValueError(f"{opts.label} has save() logic or save signals: insert_row would skip them; use save()")
    rows = objs if isinstance(objs, list) else [objs]
    fields = _insert_fields(model)
    query = InsertQuery(model)
    query.insert_values(fields, rows)
    compiler = query.get_compiler(using=alias)
    returning = connections[alias].features.can_return_columns_from_insert
    if returning:
        compiler.returning_fields = [opts.pk]
    [(sql, params)] = compiler.as_sql()
    if len(params) == len(fields) * len(rows):
        return sql, fields, returning, False
    if len(rows) > 1 and len(params) == len(fields) and all(isinstance(p, list | tuple) for p in params):
        return sql, fields, returning, True  # one array per column (PostgreSQL's UNNEST form)
    # a field compiled to SQL of its own, not one placeholder
    raise ValueError(f"{opts.label} cannot be inserted through one placeholder per field")


# ---- updates ----------------------------------------------------------------------------------

_UPDATES: dict[tuple, tuple[str, list, list]] = {}


def update_where(
    model: type[Model], *, where: dict[str, Any], values: dict[str, Any], increment: tuple[str, ...] = ()
) -> int:
    """``model.objects.filter(**where).update(**values, **{f: F(f) + 1 for f in increment})``
    through SQL written once per model, database and set of field names; returns the rows changed.

    ``where`` is exact matches on concrete fields (``pk`` for the primary key); ``values`` plain
    values (a model instance for a foreign key, as ``update()`` takes) — no expressions. As with
    ``update()``: no signals, no ``save()``, no ``auto_now``. ``test_prepared`` pins that it
    writes what ``update()`` writes."""
    alias = router.db_for_write(model)
    connection = connections[alias]
    key = (model, alias, tuple(values), tuple(where), increment)
    compiled = _UPDATES.get(key)
    if compiled is None:
        compiled = _UPDATES[key] = _update_compile(model, connection, tuple(values), tuple(where), increment)
    sql, set_fields, where_fields = compiled
    params = []
    for field, name in zip(set_fields, values, strict=True):
        value = values[name]
        if isinstance(value, Model):  # a foreign key given as its row, as update() takes it
            value = value.prepare_database_save(field)
        params.append(field.get_db_prep_save(value, connection=connection))
    for field, name in zip(where_fields, where, strict=True):
        value = where[name]
        if isinstance(value, Model):
            value = value.pk
        params.append(field.get_db_prep_value(value, connection, prepared=False))
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.rowcount


def _update_compile(model: type[Model], connection, set_names, where_names, increment) -> tuple[str, list, list]:
    opts, quote = model._meta, connection.ops.quote_name

    def field(name: str):
        found = opts.pk if name == "pk" else opts.get_field(name)
        if not getattr(found, "concrete", False) or found.many_to_many or found.one_to_many:
            raise ValueError(f"{opts.label}.{name} is not a column update_where can write or match")
        return found

    set_fields = [field(n) for n in set_names]
    where_fields = [field(n) for n in where_names]
    if not where_fields:
        raise ValueError("update_where needs a WHERE: it never updates a whole table")
    if not (set_fields or increment):
        raise ValueError("update_where needs something to set")
    assignments = [f"{quote(f.column)} = %s" for f in set_fields]
    assignments += [f"{quote(field(n).column)} = {quote(field(n).column)} + 1" for n in increment]
    conditions = [f"{quote(f.column)} = %s" for f in where_fields]
    sql = f"UPDATE {quote(opts.db_table)} SET {', '.join(assignments)} WHERE {' AND '.join(conditions)}"  # noqa: S608
    return sql, set_fields, where_fields
