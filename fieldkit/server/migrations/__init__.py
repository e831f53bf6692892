"""The server's own Alembic environment (version table ``server_alembic_version``, never the
desktop store's ``alembic_version``), run by :func:`fieldkit.server.db.create_schema`."""
