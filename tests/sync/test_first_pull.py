"""A first pull writes several pages per local transaction, fetched ahead on a worker thread: a
crash, a cancel or a lost connection in the middle of a batch loses nothing, commits nothing
half, and the next sync re-applies cleanly (real server process, real store)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlmodel import select

from fieldkit.config import attachments_dir
from fieldkit.models import SYNCED_TABLES, DemandEvent, Enterprise, OutboxEntry
from fieldkit.services import store
from fieldkit.sync import account
from fieldkit.sync.engine import Progress, SyncEngine
from fieldkit.sync.errors import Cancelled, Offline

from .conftest import Laptop, World
from .crashclient import CRASHED


class Crash(Exception):
    pass


def _world(world: World, enterprises: int = 5) -> list[str]:
    world.zone.user("zhang")
    return [world.zone.enterprise(f"企业{i}", assign_to="zhang") for i in range(enterprises)]


def _held(lap: Laptop) -> set[tuple[str, str, int]]:
    """(table, id, version) of every row the store holds from the server."""
    out: set[tuple[str, str, int]] = set()
    with lap.session() as s:
        for name, model in SYNCED_TABLES.items():
            for row_id, version in s.exec(select(model.id, model.server_version)).all():
                if version:
                    out.add((name, row_id, int(version)))
    return out


def _cursor(lap: Laptop) -> int:
    with lap.session() as s:
        return account.cursor(s)


def _complete(lap: Laptop, reference: set[tuple[str, str, int]]) -> None:
    """The next sync finishes: the store holds exactly what a clean first sync gave, the checksum
    agrees (no full resync) and another sync brings nothing."""
    r = lap.sync()
    assert not r.full_resync
    assert _held(lap) == reference
    assert lap.sync().pulled == 0
    with lap.session() as s:
        assert s.exec(select(OutboxEntry)).first() is None


def _reference(world: World) -> set[tuple[str, str, int]]:
    clean = world.laptop("zhang")
    clean.sync(first_batch_rows=0, prefetch=0)  # page by page, as every other pull
    return _held(clean)


def test_a_crash_inside_a_batch_commits_none_of_it(world: World) -> None:
    _world(world)
    reference = _reference(world)
    lap = world.laptop("zhang")
    seen = 0

    def crash_on_third_page(point: str) -> None:
        nonlocal seen
        if point == "before_cursor_saved":
            seen += 1
            if seen == 3:
                raise Crash(point)

    with pytest.raises(Crash):  # one-row pages, all in one batch: three applied, none committed
        lap.sync(faults=crash_on_third_page, pull_page=1, first_batch_rows=4000)
    assert seen == 3
    assert _cursor(lap) == 0 and _held(lap) == set()
    _complete(lap, reference)


def test_batches_commit_with_their_cursor_and_a_crash_keeps_the_earlier_ones(world: World) -> None:
    _world(world)
    reference = _reference(world)
    lap = world.laptop("zhang")
    pages: list[int] = []  # rows pulled after each page
    crash_at = 0

    def progress(p: Progress) -> None:
        if p.phase == "pull":
            pages.append(p.done)

    def faults(point: str) -> None:
        if point == "before_cursor_saved" and len(pages) + 1 == crash_at:
            raise Crash(point)

    # first, where the batches of two rows end, from a sync that finishes
    probe = world.laptop("zhang")
    eng = probe.sync_engine(pull_page=1, first_batch_rows=2)
    eng.sync(progress=progress)
    eng.client.close()
    assert _held(probe) == reference and len(pages) >= 6
    sizes = [b - a for a, b in zip([0, *pages[:-1]], pages, strict=True)]
    ends, count = [], 0  # index of the last page of each batch
    for i, n in enumerate(sizes):
        count += n
        if count >= 2:
            ends.append(i)
            count = 0
    assert len(ends) >= 2 and any(b - a > 1 for a, b in zip([-1, *ends], ends, strict=False))
    crash_at = ends[1] + 1  # the last page of the second batch, before it commits
    pages.clear()
    eng = lap.sync_engine(faults, pull_page=1, first_batch_rows=2)
    with pytest.raises(Crash):
        eng.sync(progress=progress)
    eng.client.close()
    kept = _held(lap)
    assert len(kept) == pages[ends[0]]  # the first batch, and nothing of the second
    assert kept < reference and _cursor(lap) > 0
    _complete(lap, reference)


def test_a_first_sync_killed_inside_a_batch_completes_on_the_next_one(world: World) -> None:
    import subprocess
    import sys

    from fieldkit.config import db_path

    _world(world)
    reference = _reference(world)
    lap = world.laptop("zhang")
    lap.engine.dispose()
    args = [
        str(db_path(lap.folder)),
        str(attachments_dir(lap.folder)),
        "after_page_applied",
        "3",
        "1",
        "4000",
    ]
    r = subprocess.run(  # one-row pages, the whole first pull one batch: the process dies at its third
        [sys.executable, "-m", "tests.sync.crashclient", *args],
        cwd=Path(__file__).resolve().parents[2],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert r.returncode == CRASHED, r.stderr
    assert _cursor(lap) == 0 and _held(lap) == set()
    with lap.session() as s:
        assert s.connection().exec_driver_sql("PRAGMA integrity_check").scalar_one() == "ok"
    _complete(lap, reference)


def test_cancel_during_a_first_pull_keeps_the_batches_applied(world: World) -> None:
    import threading

    _world(world)
    reference = _reference(world)
    lap = world.laptop("zhang")
    cancel = threading.Event()
    pages = 0

    def stop_after_two_pages(point: str) -> None:
        nonlocal pages
        if point == "after_page_applied":
            pages += 1
            if pages == 2:
                cancel.set()

    eng = lap.sync_engine(stop_after_two_pages, pull_page=1, first_batch_rows=2)
    with pytest.raises(Cancelled):
        eng.sync(cancel=cancel)
    eng.client.close()
    assert 0 < len(_held(lap)) < len(reference) and _cursor(lap) > 0
    _complete(lap, reference)


def test_a_connection_lost_while_pages_are_fetched_ahead_keeps_the_pages_that_came(world: World) -> None:
    _world(world)
    reference = _reference(world)
    lap = world.laptop("zhang")
    client = lap.client()
    real_pull = client.pull
    calls = 0

    def pull(cursor: int, limit: int = 500) -> Any:
        nonlocal calls
        calls += 1
        if calls == 4:
            raise Offline(code="offline", detail="test")
        return real_pull(cursor, limit)

    client.pull = pull  # type: ignore[method-assign]
    eng = SyncEngine(lap.engine, client, attachments_dir(lap.folder), pull_page=1)
    with pytest.raises(Offline):
        eng.sync()
    client.close()
    kept = _held(lap)
    assert 0 < len(kept) < len(reference)  # the three pages that came were applied and committed
    assert _cursor(lap) > 0
    _complete(lap, reference)


def test_a_child_before_its_parent_across_batches(world: World) -> None:
    """The stream brings a demand's event before the demand (edited later): held back from one
    batch into the next, committed only with its parent."""
    eid = _world(world, 1)[0]
    a = world.laptop("zhang")
    a.sync()
    from fieldkit.models import Demand
    from fieldkit.services.demands import DemandService

    with a.session() as s:
        d = DemandService(a.actor).raise_demand(
            s, enterprise_id=eid, staff_id=a.actor.staff_id or "", description="缺电"
        )
        s.commit()
        did = d.id
    a.sync()
    with a.session() as s:
        row = s.get(Demand, did)
        assert row is not None
        store.update(s, row, a.actor, urgency="urgent")
        e = s.get(Enterprise, eid)
        assert e is not None
        store.update(s, e, a.actor, contact_person="赵六")
        s.commit()
    a.sync()
    reference = _reference(world)
    for batch in (1, 2, 3):
        fresh = world.laptop("zhang")
        r = fresh.sync(pull_page=1, first_batch_rows=batch)
        assert not r.full_resync and _held(fresh) == reference
        with fresh.session() as s:
            ev = s.exec(select(DemandEvent).where(DemandEvent.demand_id == did)).one()
            assert ev.enterprise_id == eid
