"""Full-text search of records, demands and policies (issue 11): the index finds exactly what a
LIKE scan finds, for any term of two or more characters, and stays in step with every writer."""

from __future__ import annotations

import sqlite3
from datetime import timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import insert, text
from sqlmodel import select

from fieldkit.db import downgrade, upgrade
from fieldkit.models import Demand, OutboxEntry, Policy, ServiceRecord, fulltext, utcnow
from fieldkit.services import fulltext as search
from fieldkit.services import replica, store
from tests.unit.fixtures import ACTOR, DB, add_enterprise, add_staff, open_db

# --- the tokens: a phrase of pairs matches exactly when LIKE does ---------------------------------

ALPHABET = "机械加工融资用地环评批复aAbBzZ09 -%_（）.\\é"


def _fts_matches(values: list[str], term: str) -> bool:
    con = sqlite3.connect(":memory:")
    try:
        con.execute("CREATE VIRTUAL TABLE t USING fts5(title, body, tokenize='ascii')")
        con.execute("INSERT INTO t (rowid, title, body) VALUES (1, '', ?)", (fulltext.field_tokens(values),))
        return bool(
            con.execute("SELECT count(*) FROM t WHERE t MATCH ?", (fulltext.match_query(term),)).fetchone()[0]
        )
    finally:
        con.close()


def _like_matches(values: list[str], term: str) -> bool:
    con = sqlite3.connect(":memory:")
    try:
        pattern = fulltext.like_pattern(term)
        return any(con.execute("SELECT ? LIKE ? ESCAPE '\\'", (v, pattern)).fetchone()[0] for v in values)
    finally:
        con.close()


@settings(max_examples=300, deadline=None)
@given(
    values=st.lists(st.text(alphabet=ALPHABET, max_size=30), min_size=1, max_size=3),
    term=st.text(alphabet=ALPHABET, min_size=2, max_size=5),
)
def test_the_index_finds_a_term_exactly_when_like_does(values: list[str], term: str) -> None:
    assert (
        _fts_matches(values, term)
        == _like_matches(values, term)
        == any(fulltext.contains(v, term) for v in values)
    )


@settings(max_examples=100, deadline=None)
@given(
    values=st.lists(st.text(alphabet=ALPHABET, min_size=2, max_size=20), min_size=1, max_size=3),
    data=st.data(),
)
def test_every_substring_of_a_field_is_found(values: list[str], data: st.DataObject) -> None:
    v = data.draw(st.sampled_from(values))
    start = data.draw(st.integers(0, len(v) - 2))
    end = data.draw(st.integers(start + 2, len(v)))
    assert _fts_matches(values, v[start:end])


def test_pairs_of_chinese_latin_and_punctuation() -> None:
    assert fulltext.pairs("机械加工") == ["机械", "械加", "加工"]
    assert fulltext.pairs("Ab") == ["ab"]
    assert fulltext.pairs("a b") == ["x61y20", "x20y62"]  # a space would split a token: escaped
    assert fulltext.match_query("环评批复") == '"环评 评批 批复"'
    with pytest.raises(ValueError):
        fulltext.match_query("机")


def test_a_term_never_matches_across_two_fields() -> None:
    assert not _fts_matches(["德阳机械", "加工中心"], "机械加工")
    assert _fts_matches(["德阳机械加工中心"], "机械加工")


def test_snippet_marks_every_match_and_cuts_long_text() -> None:
    cut = fulltext.snippet("甲" * 100 + "环评批复" + "乙" * 100 + "环评", "环评", width=40)
    assert cut.text.startswith("…") and cut.text.endswith("…")
    assert [cut.text[a:b] for a, b in cut.spans] == ["环评"]
    whole = fulltext.snippet("ABC abc", "b")
    assert [whole.text[a:b] for a, b in whole.spans] == ["B", "b"]


# --- the store: written through every path, searched through the service ---------------------------


@pytest.fixture
def world(db: DB):  # type: ignore[no-untyped-def]
    with db.tx() as s:
        staff = add_staff(s, "张伟", "zw")
        ent = add_enterprise(s, "德阳宇晟机械制造有限公司")
        other = add_enterprise(s, "四川川顺安装工程有限公司")
    return db, staff, ent, other


def _record(s, staff, ent, content: str, **extra) -> ServiceRecord:  # type: ignore[no-untyped-def]
    rec = ServiceRecord(
        enterprise_id=ent.id,
        staff_id=staff.id,
        visit_at=utcnow() - timedelta(days=1),
        content=content,
        **extra,
    )
    return store.insert(s, rec, ACTOR)


def _found(db: DB, kind: str, term: str) -> list[str]:
    with db.session() as s:
        ids, total, _more, complete = search.find(s, kind, term, limit=100)
        assert complete and total == len(ids)
        return ids


def test_a_record_is_found_by_a_two_character_word_and_highlighted(world) -> None:  # type: ignore[no-untyped-def]
    db, staff, ent, _ = world
    with db.tx() as s:
        rec = _record(s, staff, ent, "了解企业融资需求，推荐“园保贷”产品。", problems="环评批复进度较慢")
    assert _found(db, "record", "融资") == [rec.id]
    assert _found(db, "record", "环评批复") == [rec.id]
    assert _found(db, "record", "机械") == []  # the enterprise's name is not the record's text
    with db.session() as s:
        (group,) = search.search_all(s, "环评", kinds=("record",))
    (hit,) = group.hits
    assert hit.title == "德阳宇晟机械制造有限公司"
    assert [hit.snippet.text[a:b] for a, b in hit.snippet.spans] == ["环评"]


def test_edits_tombstones_and_bulk_inserts_keep_the_index_in_step(world) -> None:  # type: ignore[no-untyped-def]
    db, staff, ent, _ = world
    with db.tx() as s:
        rec = _record(s, staff, ent, "协调用地指标")
    with db.tx() as s:
        store.update(s, s.get(ServiceRecord, rec.id), ACTOR, content="协调融资")
    assert _found(db, "record", "用地") == [] and _found(db, "record", "融资") == [rec.id]
    with db.tx() as s:
        store.delete(s, s.get(ServiceRecord, rec.id), ACTOR)
    assert _found(db, "record", "融资") == []
    bulk = "b" * 32
    with db.engine.begin() as conn:  # a writer that knows nothing of the index (another process)
        conn.execute(
            insert(ServiceRecord.__table__),  # type: ignore[arg-type]
            [{**_raw(staff, ent), "id": bulk, "content": "批量写入的融资记录"}],
        )
    assert _found(db, "record", "融资") == [bulk]  # still queued: scanned, not missed
    with db.tx() as s:  # the next commit through a session indexes it
        _record(s, staff, ent, "无关内容")
    with db.session() as s:
        assert s.exec(text("SELECT count(*) FROM search_queue")).one()[0] == 0
    assert _found(db, "record", "融资") == [bulk]


def test_queued_rows_are_drained_in_bounded_chunks_with_progress(world) -> None:  # type: ignore[no-untyped-def]
    """What ``fieldkit sync`` does at its end: everything still queued indexed, a chunk per
    transaction, the progress told after each chunk."""
    from fieldkit.services import search_upkeep

    db, staff, ent, _ = world
    ids = [f"{n:032d}" for n in range(5)]
    with db.engine.begin() as conn:  # a writer that knows nothing of the index
        conn.execute(
            insert(ServiceRecord.__table__),  # type: ignore[arg-type]
            [{**_raw(staff, ent), "id": i, "content": f"锅炉房检查{n}"} for n, i in enumerate(ids)],
        )
    assert search_upkeep.queued(db.engine) == 5
    told: list[tuple[int, int]] = []
    assert search_upkeep.drain_all(db.engine, lambda done, total: told.append((done, total)), chunk=2) == 5
    assert told == [(0, 5), (2, 5), (4, 5), (5, 5)]
    assert search_upkeep.queued(db.engine) == 0
    with db.session() as s:
        assert sorted(search.indexed_ids(s, "record", "锅炉")) == ids
        assert s.exec(text("SELECT count(*) FROM search_doc")).one()[0] == 5
    assert search_upkeep.drain_all(db.engine, lambda done, total: told.append((done, total))) == 0
    assert len(told) == 4  # nothing queued: no progress at all


def test_a_process_that_never_imports_the_search_indexes_what_it_commits(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """The listener comes with the services, not with the search service: a command that only
    writes (``fieldkit sync``, ``fieldkit import``) leaves nothing in the queue."""
    import subprocess
    import sys
    from pathlib import Path

    script = """
import sys
from datetime import timedelta
from fieldkit.db import open_store
from fieldkit.models import ServiceRecord, utcnow
from fieldkit.services import store
from sqlmodel import Session
from tests.unit.fixtures import ACTOR, add_enterprise, add_staff
engine = open_store(__import__("pathlib").Path(sys.argv[1]))
with Session(engine) as s:
    staff = add_staff(s, "张伟", "zw")
    ent = add_enterprise(s, "德阳宇晟机械制造有限公司")
    store.insert(s, ServiceRecord(enterprise_id=ent.id, staff_id=staff.id,
        visit_at=utcnow() - timedelta(days=1), content="锅炉房检查"), ACTOR)
    s.commit()
with engine.connect() as conn:
    queued = conn.exec_driver_sql("SELECT count(*) FROM search_queue").scalar_one()
    docs = conn.exec_driver_sql("SELECT count(*) FROM search_doc").scalar_one()
print(queued, docs, "fieldkit.services.fulltext" in sys.modules)
"""
    root = Path(__file__).resolve().parents[2]
    out = subprocess.run(
        [sys.executable, "-c", script, str(tmp_path / "fieldkit.db")],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    ).stdout.split()
    assert out == ["0", "1", "False"]


def _raw(staff, ent) -> dict:  # type: ignore[no-untyped-def]
    now = utcnow()
    return {
        "enterprise_id": ent.id,
        "staff_id": staff.id,
        "visit_at": now,
        "kind": "onsite",
        "stage": "operation",
        "service_items": [],
        "status": "draft",
        "server_version": 0,
        "deleted": False,
        "created_at": now,
        "updated_at": now,
    }


def test_rows_from_the_server_and_purges_reach_the_index(world) -> None:  # type: ignore[no-untyped-def]
    db, staff, ent, other = world
    values = {
        "id": "r" * 32,
        "enterprise_id": other.id,
        "staff_id": staff.id,
        "visit_at": "2026-11-20T02:00:00+00:00",
        "content": "服务器上的环评批复记录",
        "deleted": False,
        "created_at": "2026-11-20T02:00:00+00:00",
        "updated_at": "2026-11-20T02:00:00+00:00",
    }
    with db.tx() as s:
        s.exec(text("DELETE FROM outboxentry"))  # everything pushed
        assert replica.apply_remote(s, [replica.RemoteRow("servicerecord", values, 3)]).applied == 1
    assert _found(db, "record", "环评") == ["r" * 32]
    with db.tx() as s:
        changed = {**values, "content": "改为用地问题"}
        replica.apply_remote(s, [replica.RemoteRow("servicerecord", changed, 4)])
    assert _found(db, "record", "环评") == [] and _found(db, "record", "用地") == ["r" * 32]
    with db.tx() as s:
        assert s.exec(select(OutboxEntry)).all() == []
        replica.purge_enterprises(s, [other.id])
    assert _found(db, "record", "用地") == []
    with db.session() as s:
        assert s.exec(text("SELECT count(*) FROM search_doc")).one()[0] == 0


def test_demands_and_policies_are_searched_too(world) -> None:  # type: ignore[no-untyped-def]
    db, staff, ent, _ = world
    with db.tx() as s:
        d = store.insert(
            s, Demand(enterprise_id=ent.id, staff_id=staff.id, description="申请用地指标"), ACTOR
        )
        p = store.insert(s, Policy(title="德阳市促进机械装备产业发展若干政策", full_text="用地保障"), ACTOR)
    assert _found(db, "demand", "用地") == [d.id]
    assert _found(db, "policy", "用地") == [p.id]
    with db.session() as s:
        groups = {g.kind: g for g in search.search_all(s, "机械")}
    assert [h.row_id for h in groups["policy"].hits] == [p.id]
    assert [h.row_id for h in groups["enterprise"].hits] == [ent.id]
    assert groups["demand"].hits == []


def test_a_title_match_ranks_before_a_body_match(world) -> None:  # type: ignore[no-untyped-def]
    db, _staff, _ent, _ = world
    with db.tx() as s:
        body = store.insert(s, Policy(title="稳岗补贴", full_text="对新购机械设备给予补贴"), ACTOR)
        title = store.insert(s, Policy(title="机械设备更新补贴"), ACTOR)
    assert _found(db, "policy", "机械设备") == [title.id, body.id]


def test_a_one_character_term_is_a_bounded_scan_and_says_so(world) -> None:  # type: ignore[no-untyped-def]
    db, staff, ent, _ = world
    with db.tx() as s:
        rec = _record(s, staff, ent, "走访企业")
    with db.session() as s:
        ids, total, _more, complete = search.find(s, "record", "企")
    assert ids == [rec.id] and total == 1 and not complete


def test_an_assistant_finds_only_records_of_the_enterprises_assigned_to_them(world) -> None:  # type: ignore[no-untyped-def]
    from fieldkit.services.assignments import AssignmentService

    db, staff, ent, other = world
    with db.tx() as s:
        AssignmentService(ACTOR).assign(s, staff.id, ent.id)
        mine = _record(s, staff, ent, "融资需求")
        _record(s, staff, other, "融资需求")
    with db.session() as s:
        ids, *_ = search.find(s, "record", "融资", search.Scope(staff_id=staff.id))
    assert ids == [mine.id]


def test_a_supervisor_finds_the_records_of_their_zone_only(world) -> None:  # type: ignore[no-untyped-def]
    from tests.unit.fixtures import add_zone

    db, staff, ent, _ = world
    with db.tx() as s:
        here = _record(s, staff, ent, "融资需求")
        zone = ent.zone_id
    with db.session() as s:  # one zone in the store: every record, counted exactly
        ids, total, more, _ = search.find(s, "record", "融资", search.Scope(zone_id=zone))
    assert ids == [here.id] and total == 1 and not more
    with db.tx() as s:
        far = add_enterprise(s, "成都远方科技有限公司", zone=add_zone(s, "另一个功能区"))
        _record(s, staff, far, "融资需求")
    with db.session() as s:
        ids, *_ = search.find(s, "record", "融资", search.Scope(zone_id=zone))
        everyone, *_ = search.find(s, "record", "融资")
    assert ids == [here.id] and len(everyone) == 2


CORPUS = [
    "到德阳宇晟机械现场走访，与孔志强座谈交流。",
    "了解企业融资需求，推荐中国银行德阳分行“园保贷”产品。",
    "二期厂房用地指标尚未落实；厂区门口道路破损。",
    "环评批复进度较慢，影响项目开工。",
    "ABC Ltd. 50% 股权变更, contact: Mr_Li",
    "",
]
TERMS = [
    "机械",
    "融资",
    "用地",
    "环评批复",
    "德阳",
    "abc",
    "ltd.",
    "50%",
    "_l",
    "。",
    "，与",
    "股权变更,",
    "r_li",
]


def test_a_corpus_finds_the_same_rows_as_the_like_scan(world) -> None:  # type: ignore[no-untyped-def]
    db, staff, ent, _ = world
    with db.tx() as s:
        for i, content in enumerate(CORPUS * 3):
            _record(s, staff, ent, content, problems=CORPUS[(i + 1) % len(CORPUS)])
    with db.session() as s:
        for term in TERMS:
            if len(term) < 2:
                continue
            assert sorted(search.indexed_ids(s, "record", term)) == sorted(
                search.scan_ids(s, "record", term)
            ), term
            assert search.scan_ids(s, "record", term) or term in ("_l",), term


def test_migration_0006_indexes_an_existing_store_and_downgrades_cleanly(tmp_path) -> None:  # type: ignore[no-untyped-def]
    db = open_db(tmp_path)
    with db.tx() as s:
        staff = add_staff(s, "张伟", "zw")
        ent = add_enterprise(s, "德阳宇晟机械制造有限公司")
        rec = _record(s, staff, ent, "环评批复进度较慢")
    downgrade(db.engine, "0005")
    with db.session() as s:
        tables = {r[0] for r in s.exec(text("SELECT name FROM sqlite_master WHERE name LIKE 'search%'"))}
        assert tables == set()
    upgrade(db.engine)
    assert _found(db, "record", "环评") == [rec.id]


def test_statistics_record_the_true_spread_of_few_valued_indexes(world) -> None:  # type: ignore[no-untyped-def]
    """Sampling records ``deleted``/``status`` as ~1,001 rows per value; the truth is one/two values
    for 3,000 rows. The store is re-analysed once it has grown by more than a quarter."""
    from fieldkit.db import analyze, statistics_stale

    db, staff, ent, _ = world
    rows = [
        {**_raw(staff, ent), "id": f"{i:032x}", "status": "submitted" if i % 2 else "draft"}
        for i in range(3000)
    ]
    with db.engine.begin() as conn:
        conn.execute(insert(ServiceRecord.__table__), rows)  # type: ignore[arg-type]
    assert statistics_stale(db.engine)  # 3,000 new records since the statistics were taken
    analyze(db.engine)
    assert not statistics_stale(db.engine)
    with db.session() as s:
        stats = dict(s.exec(text("SELECT idx, stat FROM sqlite_stat1 WHERE tbl = 'servicerecord'")).all())
        assert stats["ix_servicerecord_deleted"] == "3000 3000"  # one value for all 3,000 rows
        assert stats["ix_servicerecord_status"] == "3000 1500"  # two values
        assert not any(
            k.startswith("search") for k in dict(s.exec(text("SELECT tbl, 1 FROM sqlite_stat1")).all())
        )
