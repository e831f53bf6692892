"""fieldkit.domain imports no database, no Qt and nothing else from fieldkit (the server and the
sync engine will import it without the client)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def test_importing_the_domain_loads_no_database_qt_or_services() -> None:
    code = (
        "import json, sys\n"
        "import fieldkit.domain.applications, fieldkit.domain.demands, fieldkit.domain.i18n\n"
        "import fieldkit.domain.identifiers, fieldkit.domain.proxies, fieldkit.domain.records\n"
        "import fieldkit.domain.errors, fieldkit.domain.validation, fieldkit.domain.enterprise_fields\n"
        "import fieldkit.domain.import_files, fieldkit.domain.import_policies\n"
        "print(json.dumps(sorted(sys.modules)))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    loaded = json.loads(out.stdout)
    assert "fieldkit.domain.demands" in loaded
    assert not [m for m in loaded if m.split(".")[0] in ("sqlalchemy", "sqlmodel", "PySide6", "pydantic")]
    assert not [m for m in loaded if m.startswith("fieldkit.") and not m.startswith("fieldkit.domain")]
