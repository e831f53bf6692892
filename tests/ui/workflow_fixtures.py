"""Fixtures for the workflow view tests: a fresh store in tmp_path with a small fixed dataset
(a zone, two assistants, a supervisor, four enterprises with assignments, plans and policies),
ServiceContexts for the assistant and the supervisor; the TaskRunner is conftest's ``runner``.

Import the fixtures into a test module with ``from tests.ui.workflow_fixtures import *``.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402
from PySide6.QtCore import Qt  # noqa: E402

from fieldkit.db import open_store, session_factory, transaction  # noqa: E402
from fieldkit.models import Staff, Zone  # noqa: E402
from fieldkit.services import store  # noqa: E402
from fieldkit.services.context import ServiceContext  # noqa: E402
from fieldkit.services.timeutil import local_today  # noqa: E402
from tests.ui.conftest import FixtureWorld, make_credit_code  # noqa: E402

__all__ = [
    "World",
    "ctx",
    "sup_ctx",
    "world",
    "click_ok",
    "credit_code",
    "show_view",
    "staff_context",
    "type_text",
]


def type_text(widget, text: str) -> None:  # type: ignore[no-untyped-def]
    """Type like a user: ASCII as key clicks, Chinese as an input method commit (what an IME sends).

    QTest.keyClicks only knows ASCII keys (it asserts on anything else)."""
    from PySide6.QtGui import QInputMethodEvent
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication, QComboBox

    if isinstance(widget, QComboBox):
        widget = widget.lineEdit()
    widget.setFocus()
    for ch in text:
        if ch.isascii():
            QTest.keyClick(widget, ch)
        else:
            ev = QInputMethodEvent("", [])
            ev.setCommitString(ch)
            QApplication.sendEvent(widget, ev)


def show_view(qtbot, view, width: int, height: int):  # type: ignore[no-untyped-def]
    """Show a workflow view at ``width`` × ``height`` (closed with the test); returns it once its
    first load arrived (its ``loaded`` signal)."""
    qtbot.add_widget(view)
    view.resize(width, height)
    with qtbot.waitSignal(view.loaded, timeout=10000):
        view.show()
    return view


def click_ok(qtbot, dlg, signal, timeout: int = 10000) -> None:  # type: ignore[no-untyped-def]
    """Click the OK button of ``dlg`` and wait for ``signal`` (say, the view's ``loaded``)."""
    with qtbot.waitSignal(signal, timeout=timeout):
        qtbot.mouseClick(dlg.ok_button, Qt.MouseButton.LeftButton)


credit_code = make_credit_code


@dataclass
class World(FixtureWorld):
    """conftest's FixtureWorld shape; ``enterprises`` by short key (e1…e4), plus plans and policies."""

    plans: dict[str, str] = field(default_factory=dict)
    policies: dict[str, str] = field(default_factory=dict)

    def context(self, staff: Staff, language: str = "zh_CN") -> ServiceContext:
        return ServiceContext(self.engine, self.folder, staff, device_id="test", language=language)


def build_world(folder: Path) -> World:
    engine = open_store(folder / "fieldkit.sqlite3")
    w = World(engine, folder)
    actor = store.SYSTEM
    # the builder writes in every role's place: an admin actor (the services check scope; roles merge)
    builder = Staff(id="system", name="system", login="system", role="admin")
    ctx0 = ServiceContext(engine, folder, builder, device_id="test")
    today = local_today()
    with transaction(session_factory(engine)) as s:
        z = store.insert(s, Zone(name="旌阳产业功能区", code="JY"), actor)
        w.zone_id = z.id
        w.assistant = store.insert(
            s,
            Staff(
                name="张明",
                login="zhangming",
                role="assistant",
                zone_id=z.id,
                phone="13800000001",
                department="产业服务中心",
            ),
            actor,
        )
        w.assistant2 = store.insert(
            s,
            Staff(
                name="李华", login="lihua", role="assistant", zone_id=z.id, specialist_type="support_official"
            ),
            actor,
        )
        w.supervisor = store.insert(
            s, Staff(name="王主管", login="wangzg", role="supervisor", zone_id=z.id), actor
        )
        ents = [
            ("e1", "德阳东方电机有限公司", "C", "large", "operation", ["高新技术企业", "技术改造"]),
            ("e2", "四川宏达建材有限公司", "C", "medium", "construction", ["民营企业"]),
            ("e3", "德阳绿源食品有限公司", "C", "small", "startup", ["初创期", "融资需求"]),
            ("e4", "旌阳智能装备科技有限公司", "C", "small", "upgrading", ["专精特新"]),
        ]
        for i, (key, name, ind, scale, stage, tags) in enumerate(ents, start=1):
            e = ctx0.enterprises.create(
                s,
                name=name,
                credit_code=credit_code(i),
                industry=ind,
                scale=scale,
                stage=stage,
                tags=tags,
                zone_id=z.id,
                contact_person=f"联系人{i}",
                contact_phone=f"1390000000{i}",
                address=f"旌阳区工业大道{i}号",
            )
            w.enterprises[key] = e.id
        start = today - timedelta(days=400)
        for key in ("e1", "e2", "e3"):
            ctx0.assignments.assign(s, w.assistant.id, w.enterprises[key], start)
        ctx0.assignments.assign(s, w.assistant2.id, w.enterprises["e4"], start)
        p1 = ctx0.plans.create(
            s,
            staff_id=w.assistant.id,
            enterprise_id=w.enterprises["e1"],
            planned_date=today,
            theme="季度走访：了解生产经营情况",
            kind="onsite",
        )
        p2 = ctx0.plans.create(
            s,
            staff_id=w.assistant.id,
            enterprise_id=w.enterprises["e2"],
            planned_date=today - timedelta(days=3),
            theme="项目建设进度",
            kind="onsite",
        )
        p3 = ctx0.plans.create(
            s,
            staff_id=w.assistant.id,
            enterprise_id=w.enterprises["e3"],
            planned_date=today + timedelta(days=5),
            theme="开办政策调查",
            kind="survey",
        )
        w.plans = {"today": p1.id, "overdue": p2.id, "later": p3.id}
        pol1 = ctx0.policies.create(
            s,
            title="高新技术企业认定奖励",
            doc_no="德府发〔2026〕3号",
            issuer="德阳市科技局",
            level="city",
            category="recognition",
            industries=["C"],
            tags=["高新技术企业", "科技创新"],
            window_start=today - timedelta(days=10),
            window_end=today + timedelta(days=20),
            summary="对新认定的高新技术企业给予奖励",
            materials="认定证书复印件",
        )
        pol2 = ctx0.policies.create(
            s,
            title="小微企业房租补贴",
            issuer="旌阳区经信局",
            level="district",
            category="funding",
            scales=["small", "micro"],
            window_start=today - timedelta(days=5),
            window_end=today + timedelta(days=60),
            summary="小微企业租用标准厂房的房租补贴",
        )
        pol3 = ctx0.policies.create(
            s,
            title="技术改造项目贴息",
            issuer="四川省经信厅",
            level="provincial",
            category="project",
            stages=["upgrading", "operation"],
            tags=["技术改造"],
            window_start=today - timedelta(days=90),
            window_end=today - timedelta(days=1),
            summary="技术改造项目贷款贴息",
        )
        w.policies = {"hitech": pol1.id, "rent": pol2.id, "closed": pol3.id}
    for s_ in (w.assistant, w.assistant2, w.supervisor):
        assert s_ is not None
    return w


@pytest.fixture
def world(tmp_path: Path) -> World:
    w = build_world(tmp_path)
    yield w
    w.engine.dispose()


def staff_context(world: World, who: str) -> ServiceContext:
    """The ServiceContext of ``world.<who>`` (``assistant``, ``assistant2`` or ``supervisor``)."""
    staff = getattr(world, who)
    assert staff is not None
    return world.context(staff)


@pytest.fixture
def ctx(world: World) -> ServiceContext:
    return staff_context(world, "assistant")


@pytest.fixture
def sup_ctx(world: World) -> ServiceContext:
    return staff_context(world, "supervisor")
