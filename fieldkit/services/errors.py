"""Errors carrying a translatable message: defined in :mod:`fieldkit.domain.errors` (the domain
rules and the server raise them too); re-exported here."""

from __future__ import annotations

from fieldkit.domain.errors import FieldKitError as FieldKitError
from fieldkit.domain.errors import ImmutableError as ImmutableError
from fieldkit.domain.errors import NotFoundError as NotFoundError
from fieldkit.domain.errors import TransitionError as TransitionError
from fieldkit.domain.errors import ValidationError as ValidationError
from fieldkit.domain.errors import ValidationErrors as ValidationErrors
