"""Plain pydantic validators of the synced rows, derived once from the ``fieldkit.models`` classes.

Validating a row with its SQLModel table class builds an ORM-instrumented object per row (about
a quarter of a push's server time); these models carry the same field types, defaults and
constraints (lengths, ...) without the mapping, so the values and errors are the same at a
fraction of the cost. tests/server/test_rowmodels.py checks the two agree.
"""

from __future__ import annotations

from functools import cache
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, create_model
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
