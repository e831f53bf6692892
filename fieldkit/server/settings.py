"""Server settings: environment (``FIELDKIT_SERVER_*``), a ``.env`` file, or arguments."""

from __future__ import annotations

from pathlib import Path

from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_DATA_DIR = Path("fieldkit-server-data")


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="FIELDKIT_SERVER_", env_file=".env", extra="ignore")

    #: where the embedded SQLite database lives when no database_url is given
    data_dir: Path = DEFAULT_DATA_DIR
    #: e.g. postgresql+psycopg://user:pw@host/fieldkit; empty: SQLite file under data_dir
    database_url: str = ""
    token_ttl_seconds: int = 14 * 24 * 3600
    #: pull pages are at most this long, whatever the client asks
    max_page: int = 2000
    #: lowest client schema version this server still accepts
    min_schema_version: int = 5
    #: argon2id cost of new password hashes (the library's defaults; tests use less)
    argon2_time_cost: int = 3
    argon2_memory_kib: int = 65536
    #: login throttling: this many failed logins for one login within the window lock it ...
    login_max_failures: int = 5
    #: ... and this many from one client address (an office behind one NAT shares an address)
    login_max_failures_per_address: int = 30
    login_window_seconds: int = 15 * 60
    #: how long a lock lasts
    login_lockout_seconds: int = 15 * 60
    #: the largest attachment the server accepts (bytes); larger uploads are answered 413
    max_attachment_bytes: int = 50 * 1024 * 1024

    #: the largest request body (bytes) accepted: a larger one is answered 413 before it is read
    max_body_bytes: int = 16 * 1024 * 1024
    #: the server is reached over TLS (itself or through a proxy): send Strict-Transport-Security
    behind_tls: bool = False
    hsts_max_age: int = 365 * 24 * 3600
    #: PostgreSQL: a pooled connection idle for longer than this is pinged before it is used (a
    #: dropped one is replaced); one in use moments ago is not (a ping is a round trip per
    #: request). 0 pings at every checkout.
    db_ping_idle_seconds: float = 2.0

    def resolved_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.data_dir / 'server.sqlite3').resolve()}"
