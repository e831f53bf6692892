"""Settings and paths (platformdirs). No Qt here."""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, field
from pathlib import Path

import platformdirs

from fieldkit.fileio import atomic_write

APP_NAME = "FieldKit"
ENV_DATA_DIR = "FIELDKIT_DATA_DIR"
RESOURCES = Path(__file__).resolve().parent.parent / "resources"
if not RESOURCES.exists():  # installed as a wheel: resources shipped inside the package
    RESOURCES = Path(__file__).resolve().parent / "resources"


#: the PNG sizes rendered from resources/icons/fieldkit.svg (the hicolor theme's usual sizes)
ICON_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


def icons_dir() -> Path:
    return RESOURCES / "icons"


def data_dir(override: str | os.PathLike[str] | None = None) -> Path:
    """The user's data folder: --data-dir, then $FIELDKIT_DATA_DIR, then platformdirs."""
    if override:
        p = Path(override)
    elif os.environ.get(ENV_DATA_DIR):
        p = Path(os.environ[ENV_DATA_DIR])
    else:
        p = Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))
    p.mkdir(parents=True, exist_ok=True)
    return p


def db_path(folder: Path) -> Path:
    return folder / "fieldkit.sqlite3"


def log_file(folder: Path) -> Path:
    """The application's log (crash reports among it): ``logs/fieldkit.log`` in the data folder."""
    return folder / "logs" / "fieldkit.log"


def attachments_dir(folder: Path) -> Path:
    p = folder / "attachments"
    p.mkdir(parents=True, exist_ok=True)
    return p


def font_path() -> Path:
    """The CJK font shipped with FieldKit (WenQuanYi Zen Hei, GPL-2 with font embedding exception)."""
    return RESOURCES / "fonts" / "wqy-zenhei.ttc"


@dataclass
class Settings:
    """Per-data-folder settings kept in settings.json beside the database."""

    language: str = "zh_CN"
    server_url: str = ""
    current_login: str = ""
    #: minutes without input before the window locks (fieldkit.ui.idle_lock)
    idle_lock_minutes: int = 10
    extra: dict[str, str] = field(default_factory=dict)

    @classmethod
    def load(cls, folder: Path) -> Settings:
        f = folder / "settings.json"
        if f.exists():
            try:
                raw = json.loads(f.read_text(encoding="utf-8"))
                known = {k: v for k, v in raw.items() if k in cls.__dataclass_fields__}
                return cls(**known)
            except (ValueError, TypeError):
                pass
        return cls()

    def save(self, folder: Path) -> None:
        atomic_write(
            folder / "settings.json",
            json.dumps(asdict(self), ensure_ascii=False, indent=2),
            make_parents=True,
        )


#: the folder of ``location.json`` (which data folder the window opens), for tests and portable use
ENV_CONFIG_DIR = "FIELDKIT_CONFIG_DIR"


def location_file() -> Path:
    base = os.environ.get(ENV_CONFIG_DIR) or platformdirs.user_config_dir(APP_NAME, appauthor=False)
    return Path(base) / "location.json"


def read_saved_data_dir() -> str | None:
    f = location_file()
    try:
        value = json.loads(f.read_text(encoding="utf-8")).get("data_dir")
    except (OSError, ValueError, AttributeError):
        return None
    return value or None
