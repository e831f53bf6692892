"""Alembic environment: runs on the connection handed over by fieldkit.db.upgrade."""

from __future__ import annotations

from alembic import context
from sqlmodel import SQLModel

import fieldkit.models  # noqa: F401  (registers the tables)
from fieldkit.models.search_index import not_index_table

target_metadata = SQLModel.metadata
connection = context.config.attributes.get("connection")

if connection is None:  # alembic CLI use: fall back to the URL in the config
    from sqlalchemy import create_engine

    engine = create_engine(context.config.get_main_option("sqlalchemy.url") or "sqlite://")
    with engine.begin() as conn:
        context.configure(
            connection=conn,
            target_metadata=target_metadata,
            render_as_batch=True,
            include_name=not_index_table,
        )
        with context.begin_transaction():
            context.run_migrations()
else:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=True,
        include_name=not_index_table,
        # fieldkit.db's progress report: told after each step (the window's dialog, the CLI's stderr)
        on_version_apply=context.config.attributes.get("on_version_apply"),
    )
    with context.begin_transaction():
        context.run_migrations()
