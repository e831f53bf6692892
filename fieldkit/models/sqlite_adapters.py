"""The sqlite3 date/datetime adapters (:mod:`fieldkit.sqlite_adapters`, which says why they live there)."""

from fieldkit.sqlite_adapters import adapt_date as adapt_date
from fieldkit.sqlite_adapters import adapt_datetime as adapt_datetime
from fieldkit.sqlite_adapters import register as register
