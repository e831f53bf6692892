"""qtbot fixtures for the desktop tests (offscreen). Reuse them in any ``tests/ui`` test module.

Fixtures
--------
``qt_env`` (autouse)
    The QApplication (pytest-qt's ``qapp``) with the shipped CJK font, the style sheet and a
    :class:`~fieldkit.ui.language.LanguageManager` in Chinese; service messages are translated
    through Qt. Restores Chinese after each test. ``$FIELDKIT_CONFIG_DIR`` points at a temporary
    folder so that no test writes the user's real config.
``language``
    That LanguageManager (``language.apply("en")`` switches live).
``fixture_world``
    A fresh store in ``tmp_path`` with a small, fixed dataset written through the services (so
    every row has its audit and outbox entries). :class:`FixtureWorld` says what is in it, and the
    expected Today counts for the assistant 张伟 (login ``zhangwei``, password ``secret123``):
    1 plan today, 1 overdue plan, 2 demands due soon or overdue (1 overdue), 3 of 5 operating
    assigned enterprises not visited this quarter, 2 policy windows closing within 14 days,
    2 proxy services waiting. 华为技术有限公司 is one of his enterprises (``hwjs`` finds it).
``ctx`` / ``supervisor_ctx``
    :class:`~fieldkit.services.context.ServiceContext` for the assistant / the supervisor 王主管.
``runner``
    A :class:`~fieldkit.ui.workers.TaskRunner`; at teardown :func:`drain` waits until it is idle
    and no debounce timer is left to start a job; runners live for the whole session.
``demo_world``
    A 120-enterprise demo store from :func:`fieldkit.services.demo.generate` (skipped when the
    demo module is missing), with ``.engine``, ``.folder`` and ``.demo_login``.
``wait_idle(runner)``
    Helper: ``qtbot.waitUntil(lambda: not runner.busy)``.
``sync_server`` / ``laptops``
    From :mod:`tests.ui.sync_fixtures`: a real ``fieldkit server`` process on 127.0.0.1 (own data dir,
    free port; zone 高新区, assistant ``zhang`` / ``pw-123456``, three assigned enterprises), and a
    factory of real client stores connected to it (``laptops("a").connect(server)``, ``.sync()``).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.engine import Engine

from fieldkit.config import db_path
from fieldkit.db import open_store, session_factory, transaction
from fieldkit.models import Staff, Zone, utcnow
from fieldkit.services import store
from fieldkit.services.auth import set_password
from fieldkit.services.context import ServiceContext
from fieldkit.services.timeutil import local_today
from fieldkit.services.validation import uscc_check_char
from fieldkit.ui.workers import DEBOUNCE, TaskRunner

PASSWORD = "secret123"


def make_credit_code(n: int) -> str:
    """A valid 统一社会信用代码 (GB 32100 check digit) numbered ``n``."""
    first17 = f"91510600MA{n:07d}"
    return first17 + uscc_check_char(first17)


@dataclass
class FixtureWorld:
    engine: Engine
    folder: Path
    zone_id: str = ""
    assistant: Staff | None = None  # 张伟, zhangwei
    assistant2: Staff | None = None  # 李娜, lina
    supervisor: Staff | None = None  # 王主管, wangzg
    enterprises: dict[str, str] = field(default_factory=dict)  # key -> id
    expected: dict[str, int] = field(default_factory=dict)

    def session(self) -> Any:
        return session_factory(self.engine)()

    def context(self, staff: Staff, language: str = "zh_CN") -> ServiceContext:
        return ServiceContext(self.engine, self.folder, staff, device_id="test-device", language=language)


ENTERPRISES = [
    # key, name, industry, scale, stage, status, tags, owner
    (
        "huawei",
        "华为技术有限公司",
        "I",
        "large",
        "operation",
        "operating",
        ["高新技术企业", "科技创新"],
        "a1",
    ),
    (
        "dongfang",
        "德阳东方电机有限公司",
        "C",
        "large",
        "operation",
        "operating",
        ["规上企业", "高端制造"],
        "a1",
    ),
    ("lvyuan", "四川绿源食品有限公司", "C", "small", "startup", "operating", ["初创期"], "a1"),
    (
        "yunqi",
        "成都云启软件有限公司",
        "I",
        "micro",
        "upgrading",
        "operating",
        ["科技型中小企业", "科技创新"],
        "a1",
    ),
    ("xincai", "旌阳新材料科技有限公司", "C", "medium", "construction", "operating", ["专精特新"], "a1"),
    ("anda", "德阳安达物流有限公司", "G", "small", "operation", "hibernating", [], "a1"),
    ("yinghua", "蓥华机械制造有限公司", "C", "medium", "operation", "operating", ["技术改造"], "a2"),
    ("tianfu", "天府建设工程有限公司", "E", "large", "construction", "operating", [], "a2"),
]


def build_fixture_world(folder: Path) -> FixtureWorld:
    folder.mkdir(parents=True, exist_ok=True)
    engine = open_store(db_path(folder))
    w = FixtureWorld(engine, folder)
    actor = store.SYSTEM
    today = local_today()
    with transaction(session_factory(engine)) as s:
        z = store.insert(s, Zone(name="旌阳产业功能区", code="JY"), actor)
        w.zone_id = z.id
        w.assistant = store.insert(
            s,
            Staff(
                name="张伟",
                login="zhangwei",
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
                name="李娜", login="lina", role="assistant", zone_id=z.id, specialist_type="support_official"
            ),
            actor,
        )
        w.supervisor = store.insert(
            s,
            Staff(
                name="王主管",
                login="wangzg",
                role="supervisor",
                zone_id=z.id,
                specialist_type="industrial_assistant",
            ),
            actor,
        )
        set_password(s, "zhangwei", w.assistant.id, PASSWORD)
        set_password(s, "wangzg", w.supervisor.id, PASSWORD)
    a1, a2 = w.assistant, w.assistant2
    assert a1 is not None and a2 is not None and w.supervisor is not None
    svc = _setup_services(w.context(a1))  # writes as 张伟 (audit actor), with setup rights
    with transaction(session_factory(engine)) as s:
        for i, (key, name, ind, scale, stage, status, tags, owner) in enumerate(ENTERPRISES, start=1):
            e = svc.enterprises.create(
                s,
                name=name,
                credit_code=make_credit_code(i),
                industry=ind,
                scale=scale,
                stage=stage,
                status=status,
                tags=tags,
                zone_id=z.id,
                legal_representative=f"法人{i}",
                contact_person=f"联系人{i}",
                contact_phone=f"1390000000{i}",
                address=f"旌阳区工业大道{i}号",
            )
            w.enterprises[key] = e.id
            staff = a1 if owner == "a1" else a2
            svc.assignments.assign(s, staff.id, e.id, today - timedelta(days=400))
        E = w.enterprises
        # plans: one today, one overdue (before this week), one cancelled today; one for 李娜 today
        svc.plans.create(
            s,
            staff_id=a1.id,
            enterprise_id=E["huawei"],
            planned_date=today,
            theme="季度走访：了解生产经营情况",
        )
        svc.plans.create(
            s,
            staff_id=a1.id,
            enterprise_id=E["xincai"],
            planned_date=today - timedelta(days=10),
            theme="项目建设进度",
        )
        cancelled = svc.plans.create(
            s,
            staff_id=a1.id,
            enterprise_id=E["lvyuan"],
            planned_date=today,
            theme="开办政策调查",
            kind="survey",
        )
        svc.plans.cancel(s, cancelled)
        svc.plans.create(
            s, staff_id=a2.id, enterprise_id=E["yinghua"], planned_date=today, theme="李娜的计划"
        )
        # records: on-site visits this quarter for 东方电机 and 云启 (so 3 of 5 operating are missing)
        for key in ("dongfang", "yunqi"):
            rec = svc.records.create_draft(
                s,
                enterprise_id=E[key],
                staff_id=a1.id,
                visit_at=utcnow() - timedelta(minutes=5),
                place="企业会议室",
                content="了解企业生产经营情况",
                enterprise_participants="王总、刘经理",
                stage="operation",
            )
            svc.records.submit(s, rec)
        old = svc.records.create_draft(
            s,
            enterprise_id=E["huawei"],
            staff_id=a1.id,
            visit_at=utcnow() - timedelta(days=200),
            place="华为园区",
            content="上季度走访",
            enterprise_participants="赵主任",
        )
        svc.records.submit(s, old)
        # demands: overdue, due soon, no deadline, closed; and one of 李娜's (not shown to 张伟)
        d1 = svc.demands.raise_demand(
            s, enterprise_id=E["huawei"], staff_id=a1.id, description="用电增容审批进度慢"
        )
        svc.demands.transition(
            s,
            d1,
            "assign",
            department="区供电局",
            responsible_person="陈科长",
            deadline=today - timedelta(days=2),
            today=today - timedelta(days=6),
        )
        d2 = svc.demands.raise_demand(
            s, enterprise_id=E["lvyuan"], staff_id=a1.id, description="食品经营许可咨询"
        )
        svc.demands.transition(
            s,
            d2,
            "assign",
            department="市场监管局",
            responsible_person="周科员",
            deadline=today + timedelta(days=1),
        )
        svc.demands.transition(s, d2, "accept")
        svc.demands.raise_demand(s, enterprise_id=E["yunqi"], staff_id=a1.id, description="人才公寓申请")
        d4 = svc.demands.raise_demand(
            s, enterprise_id=E["dongfang"], staff_id=a1.id, description="停车位不足"
        )
        svc.demands.transition(s, d4, "solve_on_spot", note="协调园区停车场")
        d5 = svc.demands.raise_demand(s, enterprise_id=E["yinghua"], staff_id=a2.id, description="李娜的诉求")
        svc.demands.transition(
            s, d5, "assign", department="经信局", responsible_person="吴", deadline=today, today=today
        )
        # policies: two closing within 14 days, one later, one closed
        svc.policies.create(
            s,
            title="软件企业研发费用补助",
            issuer="旌阳区科技局",
            level="district",
            category="funding",
            industries=["I"],
            tags=["科技创新"],
            window_start=today - timedelta(days=20),
            window_end=today + timedelta(days=5),
            summary="软件和信息技术服务业研发补助",
        )
        svc.policies.create(
            s,
            title="大型企业稳岗奖励",
            issuer="德阳市人社局",
            level="city",
            category="funding",
            scales=["large"],
            window_start=today - timedelta(days=30),
            window_end=today + timedelta(days=10),
        )
        svc.policies.create(
            s,
            title="专精特新培育计划",
            issuer="四川省经信厅",
            level="provincial",
            category="cultivation",
            tags=["专精特新"],
            window_start=today - timedelta(days=5),
            window_end=today + timedelta(days=40),
        )
        svc.policies.create(
            s,
            title="已截止的技改贴息",
            issuer="四川省经信厅",
            level="provincial",
            category="project",
            window_start=today - timedelta(days=90),
            window_end=today - timedelta(days=3),
        )
        # proxy services: accepted and in progress (waiting), completed (not waiting)
        svc.proxies.create(
            s,
            enterprise_id=E["lvyuan"],
            staff_id=a1.id,
            item="食品经营许可证",
            stage="startup",
            milestones=["材料预审", "提交申请"],
        )
        p2 = svc.proxies.create(
            s,
            enterprise_id=E["xincai"],
            staff_id=a1.id,
            item="施工许可证",
            stage="construction",
            mode="full",
            milestones=["材料准备"],
        )
        svc.proxies.start(s, p2)
        p3 = svc.proxies.create(
            s, enterprise_id=E["dongfang"], staff_id=a1.id, item="环评批复", stage="operation"
        )
        svc.proxies.start(s, p3)
        svc.proxies.complete(s, p3)
    w.expected = {
        "plans_today": 1,
        "overdue_plans": 1,
        "demands": 2,
        "demands_overdue": 1,
        "not_visited": 3,
        "assigned_operating": 5,
        "policies": 2,
        "proxies": 2,
    }
    return w


@pytest.fixture(autouse=True)
def qt_env(
    qapp: Any, tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Any]:
    from fieldkit.ui.language import LanguageManager
    from fieldkit.ui.style import apply_font, apply_style

    monkeypatch.setenv("FIELDKIT_CONFIG_DIR", str(tmp_path_factory.mktemp("fieldkit-config")))
    if not hasattr(qapp, "_fk_language"):
        from fieldkit.ui.gc_thread import GuiThreadCollector

        apply_font(qapp)
        apply_style(qapp)
        qapp._fk_language = LanguageManager(qapp)
        # as the program does: cycles (and the Qt objects in them) freed on this thread, never on a worker
        qapp._fk_collector = GuiThreadCollector(qapp)
    lang = qapp._fk_language
    lang.apply("zh_CN")
    yield lang
    lang.apply("zh_CN")


@pytest.fixture
def language(qt_env: Any) -> Any:
    return qt_env


def _setup_services(ctx: ServiceContext) -> Any:
    """The services of ``ctx`` for building the fixture world: the audit names its staff member,
    but the writes (enterprises assigned to several people) need an admin's scope. The tests
    themselves act through real contexts (role and zone from the staff row)."""
    from dataclasses import replace
    from types import SimpleNamespace

    from fieldkit.services.assignments import AssignmentService
    from fieldkit.services.demands import DemandService
    from fieldkit.services.enterprises import EnterpriseService
    from fieldkit.services.planning import PlanService
    from fieldkit.services.policies import PolicyService
    from fieldkit.services.proxy import ProxyServiceService
    from fieldkit.services.records import RecordService

    a = replace(ctx.actor, role="admin")
    return SimpleNamespace(
        enterprises=EnterpriseService(a),
        assignments=AssignmentService(a),
        plans=PlanService(a),
        records=RecordService(a),
        demands=DemandService(a),
        policies=PolicyService(a),
        proxies=ProxyServiceService(a),
    )


@pytest.fixture
def fixture_world(tmp_path: Path) -> Iterator[FixtureWorld]:
    w = build_fixture_world(tmp_path / "data")
    yield w
    w.engine.dispose()


@pytest.fixture
def ctx(fixture_world: FixtureWorld) -> ServiceContext:
    assert fixture_world.assistant is not None
    return fixture_world.context(fixture_world.assistant)


@pytest.fixture
def supervisor_ctx(fixture_world: FixtureWorld) -> ServiceContext:
    assert fixture_world.supervisor is not None
    return fixture_world.context(fixture_world.supervisor)


#: runners are kept for the whole session: destroying one while a late job (say, from a debounce
#: timer that fired during teardown) still runs would delete the bridge it reports through
_RUNNERS: list[TaskRunner] = []


def debouncing() -> bool:
    """Whether a view's debounce timer (a search, the editor's autosave) is still to fire and start
    a job (the timers named :data:`fieldkit.ui.workers.DEBOUNCE`)."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    return any(t.isActive() for w in QApplication.topLevelWidgets() for t in w.findChildren(QTimer, DEBOUNCE))


def drain(qtbot: Any, runner: TaskRunner, timeout: int = 20_000) -> None:
    """Wait until the runner is idle with every result delivered (``busy`` drops only when a result
    reached the GUI thread, and a callback that starts another job raises it again) and no debounce
    timer is left to start a job."""
    qtbot.waitUntil(lambda: not runner.busy and not debouncing(), timeout=timeout)


@pytest.fixture
def runner(qtbot: Any) -> Iterator[TaskRunner]:
    r = TaskRunner()
    _RUNNERS.append(r)
    yield r
    drain(qtbot, r)


@dataclass
class DemoWorld:
    engine: Engine
    folder: Path
    demo_login: str


@pytest.fixture(scope="session")
def _demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    demo = pytest.importorskip("fieldkit.services.demo")
    folder = tmp_path_factory.mktemp("demo-template")
    engine = open_store(db_path(folder))
    demo.generate(engine, enterprises=120, seed=3)
    engine.dispose()
    return folder


@pytest.fixture
def demo_world(_demo_template: Path, tmp_path: Path) -> Iterator[DemoWorld]:
    """A private copy of a session-wide 120-enterprise demo store."""
    import shutil

    from fieldkit.services.overview import store_info

    folder = tmp_path / "demo"
    shutil.copytree(_demo_template, folder)
    engine = open_store(db_path(folder))
    with session_factory(engine)() as s:
        info = store_info(s)
    yield DemoWorld(engine, folder, info.demo_login or "")
    engine.dispose()


def wait_idle(qtbot: Any, runner: TaskRunner, timeout: int = 20_000) -> None:
    qtbot.waitUntil(lambda: not runner.busy, timeout=timeout)


# the sync tests' real server and client stores (tests/ui/sync_fixtures.py)
from .sync_fixtures import laptops, sync_server  # noqa: E402, F401
