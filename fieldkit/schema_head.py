"""The local store's newest schema revision, importable without SQLAlchemy (the start's first
view, :mod:`fieldkit.services.first_view`, reads a store only at this revision). A new migration
changes it here; :data:`fieldkit.db.HEAD` is the same value."""

SCHEMA_HEAD = "0014"
