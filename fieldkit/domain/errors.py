"""Errors carrying a translatable message (Chinese source + context) and the field they concern.

Shared by the domain rules, the services and the server (``fieldkit.services.errors`` re-exports
them), so that one ``except`` catches a problem wherever it was found."""

from __future__ import annotations

from .i18n import translate


class FieldKitError(Exception):
    context = "Errors"

    def __init__(self, message: str, field: str | None = None, **params: object) -> None:
        super().__init__(message)
        self.message = message
        self.field = field
        self.params = params

    def text(self) -> str:
        """The message in the user's language (a ``label`` parameter, itself a marked field
        name such as 企业名称, is translated in the same context)."""
        params = dict(self.params)
        label = params.get("label")
        if isinstance(label, str):
            params["label"] = translate(self.context, label)
        return translate(self.context, self.message, **params)

    def __str__(self) -> str:
        return self.text()


class ValidationError(FieldKitError):
    context = "Validation"


class ValidationErrors(FieldKitError):
    """Several field errors at once, so a form can mark every bad field."""

    context = "Validation"

    def __init__(self, errors: list[ValidationError]) -> None:
        super().__init__(
            errors[0].message if errors else "",
            errors[0].field if errors else None,
            **(errors[0].params if errors else {}),
        )
        self.errors = errors

    def text(self) -> str:
        return "\n".join(e.text() for e in self.errors)


class TransitionError(FieldKitError):
    """An illegal lifecycle transition, refused with a reason."""

    context = "Lifecycle"


class ImmutableError(FieldKitError):
    context = "Lifecycle"


class NotFoundError(FieldKitError):
    context = "Errors"
