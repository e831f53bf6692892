"""Display labels of the enum codes: defined in :mod:`fieldkit.domain.labels` (the server's
reasons use them too); re-exported here."""

from __future__ import annotations

from fieldkit.domain.labels import CTX as CTX
from fieldkit.domain.labels import LABELS as LABELS
from fieldkit.domain.labels import choices as choices
from fieldkit.domain.labels import label as label
