"""FieldKit: offline-first field-service desktop tool for industrial-zone enterprise-service staff."""

__version__ = "0.1.0"
#: schema version the client speaks on the wire (sync protocol); bump with each migration
SCHEMA_VERSION = 3
