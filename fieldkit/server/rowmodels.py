"""Plain pydantic validators of the synced rows, derived once from the ``fieldkit.models`` classes.

Validating a row with its SQLModel table class builds an ORM-instrumented object per row (about
a quarter of a push's server time); these models carry the same field types, defaults and
constraints (lengths, ...) without the mapping, so the values and errors are the same at a
fraction of the cost. tests/server/test_rowmodels.py checks the two agree.
"""

from __future__ import annotations

from functools import cache
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, ValidationError, create_model
from pydantic_core import PydanticUndefined
from sqlmodel.main import FieldInfoMetadata

from fieldkit.models import SYNCED_TABLES


def _plain_field(info: Any) -> tuple[Any, Any]:
    """(annotation, FieldInfo) of one SQLModel field, without its SQL metadata."""
    constraints = [m for m in info.metadata if not isinstance(m, FieldInfoMetadata)]
    annotation = Annotated[info.annotation, *constraints] if constraints else info.annotation
    if info.default_factory is not None:
        return annotation, Field(default_factory=info.default_factory)
    if info.default is PydanticUndefined:
        return annotation, Field()
    return annotation, Field(default=info.default)


@cache
def row_model(table: str) -> type[BaseModel]:
    """The plain validator of a synced table's rows (KeyError for an unknown table)."""
    model = SYNCED_TABLES[table]
    fields = {name: _plain_field(info) for name, info in model.model_fields.items()}
    plain: type[BaseModel] = create_model(  # type: ignore[call-overload]
        f"{model.__name__}Values", __config__=ConfigDict(extra="ignore"), **fields
    )
    return plain


@cache
def _field_adapters(table: str) -> dict[str, TypeAdapter[Any]]:
    """One validator per field of a table's plain model (its type and constraints, no default)."""
    fields = row_model(table).model_fields
    return {
        name: TypeAdapter(Annotated[info.annotation, *info.metadata] if info.metadata else info.annotation)
        for name, info in fields.items()
    }


def validated_update(table: str, base: dict[str, Any], values: dict[str, Any]) -> dict[str, Any] | None:
    """``base`` (a stored row: validated, in JSON form) with ``values`` set, validated field by
    field: what validating the whole merged row gives (every field is checked on its own; a
    stored value validates to itself), for the cost of the fields set. None when it cannot say
    so — ``base`` lacks a field (stored before the field existed: its default is the whole row's
    to give) or a value is refused — and the whole row is to be validated instead (its refusal
    names every field at fault, as before)."""
    adapters = _field_adapters(table)
    if not adapters.keys() <= base.keys():
        return None
    out = {name: base[name] for name in adapters}  # (the model's order)
    for name, value in values.items():
        adapter = adapters.get(name)
        if adapter is None:
            continue  # not a field: the whole row's validation would ignore it too
        try:
            out[name] = adapter.dump_python(adapter.validate_python(value), mode="json")
        except ValidationError:
            return None
    return out
