"""``fieldkit staff`` (issue 12 §15): a supervisor adds and edits an assistant and their specialist
type; bad input and an assistant's attempt are a message and exit 1, nothing written."""

from __future__ import annotations

import pytest

from fieldkit.cli import main
from fieldkit.services.demo import DEMO_PASSWORD


@pytest.fixture(autouse=True)
def _password(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FIELDKIT_PASSWORD", DEMO_PASSWORD)


def test_staff_command(tmp_path, capsys) -> None:
    folder = str(tmp_path / "d")
    assert main(["demo", "--data-dir", folder, "--enterprises", "12", "--quiet"]) == 0
    capsys.readouterr()
    boss = ["--data-dir", folder, "staff", "--login", "supervisor"]
    assert (
        main([*boss, "add", "lina", "--name", "李娜", "--specialist", "legal", "--phone", "13800138000"]) == 0
    )
    assert "已保存：lina 李娜" in capsys.readouterr().out
    assert main([*boss, "edit", "lina", "--specialist", "finance", "--department", "金融办"]) == 0
    capsys.readouterr()
    assert main([*boss, "list"]) == 0
    line = next(x for x in capsys.readouterr().out.splitlines() if x.startswith("lina "))
    assert "首席金融服务专员" in line and "金融办" in line
    assert main([*boss, "add", "lina", "--name", "重名"]) == 1
    out = capsys.readouterr().out
    assert "已被使用" in out and "未写入任何数据" in out
    assert main([*boss, "edit", "lina", "--role", "supervisor"]) == 1
    assert "主管只能" in capsys.readouterr().out
    helper = ["--data-dir", folder, "staff", "--login", "zhangwei"]
    assert main([*helper, "edit", "lina", "--specialist", "legal"]) == 1
    assert "只有主管或管理员" in capsys.readouterr().out
    assert main([*boss, "edit", "nobody", "--name", "某人"]) == 1
