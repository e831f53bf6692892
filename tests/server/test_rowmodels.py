"""The server validates rows with plain pydantic models derived from the fieldkit.models classes
(fieldkit/server/rowmodels.py): the same fields, defaults, constraints, values and refusals."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import ValidationError
from sqlmodel.main import FieldInfoMetadata

from fieldkit.models import SYNCED_TABLES, new_id
from fieldkit.server.rowmodels import row_model

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
