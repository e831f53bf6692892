"""The zone's central server (FastAPI): accounts and devices, scope, push and pull.

Its tables live in their own SQLAlchemy ``MetaData`` (:mod:`.tables`), never in
``SQLModel.metadata``, which describes the client's store. It shares only ``fieldkit.models`` (to
validate rows), ``fieldkit.domain`` (the rules) and ``fieldkit.sync.protocol`` with the client.
"""
