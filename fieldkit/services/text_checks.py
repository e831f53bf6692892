"""Every text a service writes is checked before it is stored (:mod:`fieldkit.domain.text_rules`
against the model's own limits, :mod:`fieldkit.models.limits`): called by the one write path
(:mod:`fieldkit.services.store`) for every inserted row and every changed field, so no service
can store an over-long name, a control character or a lone surrogate, whatever screen, command or
import it came from. The message names the field as the user knows it."""

from __future__ import annotations

from collections.abc import Mapping

from sqlmodel import SQLModel

from fieldkit.domain.text_rules import check_record
from fieldkit.models import table_name
from fieldkit.models.limits import free_text_fields, text_limits


def check_row(model: type[SQLModel], values: Mapping[str, object]) -> None:
    """Refuse (``ValidationErrors``, every bad field) texts of ``model`` it may not store."""
    check_record(table_name(model), values, text_limits(model), free_text_fields(model))


def limit(model: type[SQLModel], field: str) -> int | None:
    """The longest text ``model.field`` holds (for an input's maxLength), None when free."""
    return text_limits(model).get(field)
