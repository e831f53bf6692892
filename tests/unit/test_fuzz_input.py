"""Hypothesis over the validators and both importers with the full Unicode range (every category,
lone surrogates and control characters included): nothing but the validators' own errors comes
out, and what is accepted is stored in a real SQLite store and read back unchanged.

Examples per test: 25 in CI; ``FIELDKIT_FUZZ=long`` runs 2,000, ``FIELDKIT_FUZZ_EXAMPLES=N`` any
number (docs/security.md, "Input validation", has the figures of a long run)."""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlmodel import select

from fieldkit.domain import import_files, import_policies
from fieldkit.domain.enterprise_fields import clean_enterprise_fields
from fieldkit.domain.errors import FieldKitError, ValidationError, ValidationErrors
from fieldkit.domain.field_labels import MULTILINE_COLUMNS
from fieldkit.domain.import_files import ImportFileError
from fieldkit.domain.text_rules import check_text, text_problem
from fieldkit.domain.validation import parse_date, require, validate_credit_code, validate_phone
from fieldkit.models import Enterprise, Policy, table_name
from fieldkit.models.limits import free_text_fields, text_limits
from fieldkit.services import importing
from fieldkit.services.enterprises import EnterpriseService
from tests.unit.fixtures import ACTOR, DB, make_code, open_db

EXAMPLES = int(
    os.environ.get("FIELDKIT_FUZZ_EXAMPLES")
    or {"ci": 25, "long": 2000}[os.environ.get("FIELDKIT_FUZZ", "ci")]
)
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

#: any code point: every general category, lone surrogates (Cs) and controls (Cc) included
ANY_CHAR = st.characters(codec=None, exclude_categories=())
#: what breaks naive code, drawn more often than chance would
NASTY_CHARS = ["\x00", "\x07", "\x1b", "\x7f", "\x85", "\u200b", "\ufeff", "\u202e", "\ud800", "\udfff",
               "٣", "३", "１", "\n", "\t", "\u3000", " ", "华", "-", "年"]  # fmt: skip
CHAR = st.one_of(ANY_CHAR, st.sampled_from(NASTY_CHARS))
TEXT = st.text(CHAR, max_size=40)
#: near and over the column limits (200, 300): a short piece repeated, cheap to draw
LONG_TEXT = st.one_of(
    TEXT, st.builds(lambda t, n: (t or "长") * n, st.text(CHAR, min_size=10, max_size=30), st.integers(6, 32))
)
#: what a file can hold (a CSV in UTF-8 cannot carry a lone surrogate; raw bytes are fuzzed apart)
FILE_CHAR = st.one_of(
    st.characters(codec=None, exclude_categories=("Cs",)),
    st.sampled_from([c for c in NASTY_CHARS if not "\ud800" <= c <= "\udfff"]),
)
FILE_TEXT = st.text(FILE_CHAR, max_size=40)
LONG_FILE_TEXT = st.one_of(
    FILE_TEXT,
    st.builds(lambda t, n: (t or "长") * n, st.text(FILE_CHAR, min_size=10, max_size=30), st.integers(6, 32)),
)
VOCABULARY = importing.vocabulary()
#: a long run may take longer than the suite's per-test timeout
pytestmark = pytest.mark.timeout(0 if EXAMPLES > 100 else 300)


def _multiline(model: type[Any]) -> frozenset[str]:
    return free_text_fields(model) | MULTILINE_COLUMNS.get(table_name(model), frozenset())


def _storable(value: str, multiline: bool = False) -> bool:
    return text_problem(value, multiline=multiline) is None


@FUZZ
@given(TEXT)
def test_single_validators_raise_only_their_own_errors(value: str) -> None:
    for fn in (
        lambda v: validate_phone(v),
        lambda v: validate_credit_code(v),
        lambda v: parse_date(v, "deadline"),
        lambda v: require(v, "name", "企业名称"),
        lambda v: check_text(v, "name", "企业名称", max_length=20, required=True),
    ):
        try:
            out = fn(value)
        except ValidationError as e:
            e.text().encode("utf-8", "surrogatepass")  # the message can be formatted
            continue
        if isinstance(out, str):
            assert _storable(out), (value, out)
            out.encode("utf-8")  # strictly: no lone surrogate was accepted


@FUZZ
@given(st.fixed_dictionaries({"name": LONG_TEXT, "credit_code": TEXT, "contact_person": TEXT,
                              "contact_phone": TEXT, "address": LONG_TEXT, "notes": TEXT,
                              "industry": TEXT, "tags": st.lists(TEXT, max_size=3)}))  # fmt: skip
def test_enterprise_fields_raise_only_validation_errors(data: dict[str, Any]) -> None:
    try:
        out = clean_enterprise_fields(data, text_limits(Enterprise))
    except ValidationErrors as e:
        assert e.errors and all(isinstance(x, ValidationError) for x in e.errors)
        e.text()
        return
    limits = text_limits(Enterprise)
    for key, value in out.items():
        if isinstance(value, str):
            assert _storable(value, key in _multiline(Enterprise)), (key, value)
            assert len(value) <= limits.get(key, len(value))


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DB]:
    """One real store for the module's round trips (each example adds rows with new codes)."""
    db = open_db(tmp_path_factory.mktemp("fuzz-store"))
    yield db
    db.engine.dispose()


_codes = iter(range(100_000, 999_999))


@FUZZ
@given(name=LONG_TEXT, person=TEXT, address=LONG_TEXT, notes=TEXT, tags=st.lists(TEXT, max_size=3))
def test_accepted_enterprises_round_trip_unchanged(
    store: DB, name: str, person: str, address: str, notes: str, tags: list[str]
) -> None:
    fields = {"contact_person": person, "address": address, "notes": notes, "tags": tags}
    try:
        with store.tx() as s:
            ent = EnterpriseService(ACTOR).create(s, name=name, credit_code=make_code(next(_codes)), **fields)
            stored_id, expected = ent.id, {k: getattr(ent, k) for k in ("name", *fields)}
    except (ValidationError, ValidationErrors):
        return
    with store.session() as s:
        back = s.get(Enterprise, stored_id)
        assert back is not None
        assert {k: getattr(back, k) for k in expected} == expected
    assert expected["name"] == name.strip() or expected["name"].strip() == expected["name"]


def _csv_bytes(header: list[str], rows: list[list[str]]) -> bytes:
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(header)
    writer.writerows(rows)
    return buf.getvalue().encode("utf-8")


def _check_report(report: import_files.ImportReport, model: type[Any], out_path: Path) -> None:
    multiline = _multiline(model)
    limits = text_limits(model)
    for row in report.ok:
        for key, value in row.data.items():
            if isinstance(value, str):
                assert _storable(value, key in multiline), (key, value)
                assert len(value) <= limits.get(key, len(value)), key
    text = io.StringIO()
    import_files.print_report(report, text)
    printed = text.getvalue()
    printed.encode("utf-8")  # never a UnicodeEncodeError on the terminal
    assert not any(_ctl(c) for c in printed), printed


def _ctl(c: str) -> bool:
    return c not in "\n" and text_problem(c, multiline=False) is not None and c != "\t"


ENTERPRISE_ROW = st.tuples(LONG_FILE_TEXT, st.booleans(), FILE_TEXT, FILE_TEXT, FILE_TEXT, FILE_TEXT)


@FUZZ
@given(st.lists(ENTERPRISE_ROW, min_size=1, max_size=4))
def test_the_enterprise_importer_reports_and_stores_what_it_accepts(
    tmp_path: Path, store: DB, rows: list[tuple[str, bool, str, str, str, str]]
) -> None:
    path = tmp_path / "fuzz-enterprises.csv"
    cells = [
        [name, make_code(next(_codes)) if valid else code, person, phone, stage]
        for name, valid, code, person, phone, stage in rows
    ]
    path.write_bytes(
        _csv_bytes(["企业名称", "统一社会信用代码", "联系人", "联系电话", "生命周期阶段"], cells)
    )
    try:
        with store.session() as s:
            report = importing.read_enterprises(path, session=s)
    except ImportFileError as e:
        e.text()
        return
    _check_report(report, Enterprise, path)
    if report.ok:
        importing.commit_import(store.make, report, ACTOR)
        with store.session() as s:
            for row in report.ok:
                back = s.exec(
                    select(Enterprise).where(Enterprise.credit_code == row.data["credit_code"])
                ).one()
                assert back.name == row.data["name"]
                assert back.contact_person == row.data.get("contact_person", "")


POLICY_ROW = st.tuples(LONG_FILE_TEXT, FILE_TEXT, FILE_TEXT, FILE_TEXT, FILE_TEXT)


@FUZZ
@given(st.lists(POLICY_ROW, min_size=1, max_size=4))
def test_the_policy_importer_raises_only_its_own_errors(
    tmp_path: Path, rows: list[tuple[str, str, str, str, str]]
) -> None:
    path = tmp_path / "fuzz-policies.csv"
    path.write_bytes(
        _csv_bytes(["政策名称", "文号", "申报截止日期", "政策级别", "政策摘要"], [list(r) for r in rows])
    )
    try:
        report = import_policies.read_policies(path, vocabulary=VOCABULARY)
    except ImportFileError as e:
        e.text()
        return
    _check_report(report, Policy, path)


@FUZZ
@given(st.binary(max_size=300))
def test_any_bytes_as_a_list_give_a_report_or_a_clear_error(tmp_path: Path, raw: bytes) -> None:
    path = tmp_path / "fuzz.csv"
    path.write_bytes("企业名称,统一社会信用代码\n".encode() + raw)
    try:
        report = importing.read_enterprises(path)
    except FieldKitError as e:
        assert isinstance(e, ImportFileError)
        e.text()
        return
    _check_report(report, Enterprise, path)
