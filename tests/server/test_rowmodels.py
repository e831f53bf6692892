"""The server validates rows with plain pydantic models derived from the fieldkit.models classes
(fieldkit/server/rowmodels.py): the same fields, defaults, constraints, values and refusals."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import ValidationError
from sqlmodel.main import FieldInfoMetadata

from fieldkit.models import SYNCED_TABLES, new_id
from fieldkit.server.rowmodels import row_model, validated_update

from .conftest import credit_code, demand_values


@pytest.mark.parametrize("table", sorted(SYNCED_TABLES))
def test_every_synced_table_has_the_same_fields_and_constraints(table: str) -> None:
    model, plain = SYNCED_TABLES[table], row_model(table)
    assert set(plain.model_fields) == set(model.model_fields)
    for name, info in model.model_fields.items():
        mine = plain.model_fields[name]
        assert mine.is_required() == info.is_required(), name
        assert mine.annotation == info.annotation, name
        assert mine.default_factory is info.default_factory, name
        if not info.is_required() and info.default_factory is None:
            assert mine.default == info.default, name
        assert mine.metadata == [m for m in info.metadata if not isinstance(m, FieldInfoMetadata)], name


def _both(table: str, values: dict[str, Any]) -> tuple[Any, Any]:
    out = []
    for model in (SYNCED_TABLES[table], row_model(table)):
        try:
            out.append(model.model_validate(dict(values)).model_dump(mode="json"))
        except ValidationError as exc:
            out.append(sorted((e["loc"], e["type"]) for e in exc.errors()))
    return out[0], out[1]


SAMPLES: list[tuple[str, dict[str, Any]]] = [
    ("demand", {"id": new_id(), **demand_values(new_id(), new_id()), "deadline": "2026-11-30"}),
    ("demand", {"id": new_id(), **demand_values(new_id(), new_id()), "deadline": "not a date"}),
    ("demand", {"id": new_id(), "description": "缺电"}),  # enterprise and staff missing
    ("enterprise", {"id": new_id(), "name": "甲", "credit_code": credit_code(), "zone_id": new_id()}),
    ("enterprise", {"id": "x" * 40, "name": "甲", "credit_code": credit_code(), "zone_id": new_id()}),
    (
        "servicerecord",
        {
            "id": new_id(),
            "enterprise_id": new_id(),
            "staff_id": new_id(),
            "visit_at": "2026-11-21T02:00:00+00:00",
            "service_items": ["政策咨询"],
        },
    ),
    ("servicerecord", {"id": new_id(), "enterprise_id": new_id(), "staff_id": new_id(), "visit_at": 3.5j}),
]


@pytest.mark.parametrize(("table", "values"), SAMPLES)
def test_values_and_refusals_are_the_same(table: str, values: dict[str, Any]) -> None:
    values = {**values, "created_at": "2026-11-21T00:00:00+00:00", "updated_at": "2026-11-21T00:00:00+00:00"}
    table_class, plain = _both(table, values)
    assert plain == table_class


EDITS: list[tuple[str, dict[str, Any], dict[str, Any]]] = [
    (
        "enterprise",
        {"id": new_id(), "name": "甲", "credit_code": credit_code(), "zone_id": new_id()},
        {"notes": "第3次走访", "updated_at": "2026-11-21T02:00:00+00:00", "employees": "12"},
    ),
    (
        "demand",
        {"id": new_id(), **demand_values(new_id(), new_id())},
        {"state": "assigned", "deadline": None},
    ),
    (
        "demand",
        {"id": new_id(), **demand_values(new_id(), new_id())},
        {"deadline": "2026-12-01", "deleted": True},
    ),
    ("demand", {"id": new_id(), **demand_values(new_id(), new_id())}, {"deadline": "not a date"}),
    ("demand", {"id": new_id(), **demand_values(new_id(), new_id())}, {"description": None}),
    (
        "enterprise",
        {"id": new_id(), "name": "甲", "credit_code": credit_code(), "zone_id": new_id()},
        {"id": "x" * 40},
    ),
]


@pytest.mark.parametrize(("table", "stored", "edit"), EDITS)
def test_an_edit_validated_field_by_field_is_the_whole_row_validated(
    table: str, stored: dict[str, Any], edit: dict[str, Any]
) -> None:
    """Push validates only the fields an edit sets on a stored row (rowmodels.validated_update);
    the result is the whole merged row's, and a refused value leaves it to the whole row's
    validation (None), whose errors name every field at fault."""
    base = row_model(table).model_validate(stored).model_dump(mode="json")
    partial = validated_update(table, base, edit)
    try:
        whole: Any = row_model(table).model_validate({**base, **edit}).model_dump(mode="json")
    except ValidationError:
        whole = None
    assert partial == whole
    if whole is not None:
        assert list(partial or {}) == list(whole)  # the fields in the model's order
    gone = next(f for f in base if f not in edit)
    missing = {k: v for k, v in base.items() if k != gone}  # stored before that field existed
    assert validated_update(table, missing, edit) is None
