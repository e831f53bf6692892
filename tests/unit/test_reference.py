"""Reference data (editable JSON in resources/data) and display labels agree with the domain enums."""

from __future__ import annotations

import json
import shutil
from enum import StrEnum

import pytest

from fieldkit.models import enums
from fieldkit.services.i18n import identity, set_translator
from fieldkit.services.labels import LABELS, choices, label
from fieldkit.services.reference import DATA, load

ref = load()

#: which label table describes which enum
LABELLED_ENUMS: dict[str, type[StrEnum]] = {
    "role": enums.Role,
    "specialist_type": enums.SpecialistType,
    "scale": enums.Scale,
    "stage": enums.Stage,
    "enterprise_status": enums.EnterpriseStatus,
    "plan_kind": enums.PlanKind,
    "plan_status": enums.PlanStatus,
    "record_status": enums.RecordStatus,
    "demand_kind": enums.DemandKind,
    "urgency": enums.Urgency,
    "demand_state": enums.DemandState,
    "proxy_mode": enums.ProxyMode,
    "proxy_status": enums.ProxyStatus,
    "termination_reason": enums.TerminationReason,
    "policy_level": enums.PolicyLevel,
    "policy_category": enums.PolicyCategory,
    "application_state": enums.ApplicationState,
    "satisfaction": enums.Satisfaction,
    "assessment_source": enums.AssessmentSource,
    "attachment_kind": enums.AttachmentKind,
    "sync_state": enums.SyncState,
}


@pytest.mark.parametrize("kind", sorted(LABELLED_ENUMS))
def test_every_enum_value_has_a_chinese_label(kind: str) -> None:
    values = [e.value for e in LABELLED_ENUMS[kind]]
    assert list(LABELS[kind]) == values
    for v in values:
        text = label(kind, v)
        assert text and text != v and any("\u4e00" <= ch <= "\u9fff" for ch in text), (kind, v)


def test_label_fallbacks() -> None:
    assert label("stage", None) == ""
    assert label("stage", "unknown-stage") == "unknown-stage"
    assert label("no-such-kind", "x") == "x"
    assert choices("scale") == [("large", "大型"), ("medium", "中型"), ("small", "小型"), ("micro", "微型")]


def test_labels_go_through_the_installed_translator() -> None:
    set_translator(lambda ctx, text: {"生产经营": "Operation"}.get(text, text) if ctx == "Labels" else text)
    try:
        assert label("stage", "operation") == "Operation"
        assert label("stage", "startup") == "企业开办"
    finally:
        set_translator(identity)


def test_stages_and_their_catalogue() -> None:
    assert [s.code for s in ref.stages] == [s.value for s in enums.Stage]
    assert [s.zh for s in ref.stages] == ["企业开办", "项目建设", "生产经营", "转型升级", "变更", "企业注销"]
    for s in ref.stages:
        items = ref.service_items(s.code)
        assert items, s.code
        assert all(i.code.startswith(s.code + ".") and i.zh and i.en for i in items)
        assert label("stage", s.code) == s.zh  # labels and reference data say the same
    codes = [i.code for s in ref.stages for i in ref.service_items(s.code)]
    assert len(codes) == len(set(codes)) == len(ref.all_service_items())
    construction = " ".join(i.zh for i in ref.service_items("construction"))
    for words in ("代办", "流程图", "责任清单", "服务群", "中介", "缴纳", "水电气", "竣工验收", "不动产"):
        assert words in construction, words
    dereg = " ".join(i.zh for i in ref.service_items("deregistration"))
    assert "休眠" in dereg and "简易注销" in dereg
    assert ref.service_items("no-such-stage") == []


def test_specialist_types() -> None:
    assert [t.code for t in ref.specialist_types] == [t.value for t in enums.SpecialistType]
    assert [t.zh for t in ref.specialist_types] == [
        "产业助理",
        "助企干部",
        "服务管家",
        "法律服务专员",
        "警务服务专员",
        "首席金融服务专员",
        "营商环境监督员",
    ]
    for t in ref.specialist_types:
        assert label("specialist_type", t.code) == t.zh


def test_industries_are_the_gb4754_sections() -> None:
    assert [i.code for i in ref.industries] == list("ABCDEFGHIJKLMNOPQRST")
    assert ref.label("industries", "C") == "制造业"
    assert ref.label("industries", "C", lang="en_US") != "制造业"
    assert ref.label("industries", "Z") == "Z" and ref.label("industries", "") == ""


def test_policy_categories_levels_and_demand_categories() -> None:
    assert [c.code for c in ref.policy_categories] == [c.value for c in enums.PolicyCategory]
    assert [c.zh for c in ref.policy_categories] == ["认定类", "项目类", "资金类", "培育类", "其他类"]
    assert [c.code for c in ref.policy_levels] == [c.value for c in enums.PolicyLevel]
    demand_codes = [c.code for c in ref.demand_categories]
    assert len(demand_codes) == len(set(demand_codes)) and "other" in demand_codes


def test_profile_tags_follow_seed_003() -> None:
    kinds = ref.tags_by_kind()
    assert list(kinds) == ["attribute", "business", "behaviour", "interest"]
    for t in ("科技创新", "高端制造", "技术改造", "税收优惠"):
        assert t in kinds["interest"]
    all_tags = [t for ts in kinds.values() for t in ts]
    assert len(all_tags) == len(set(all_tags))


def test_evaluation_dimensions_follow_seed_001() -> None:
    codes = [d.code for d in ref.evaluation_dimensions]
    assert {"ability", "attitude", "efficiency"} <= set(codes)


def test_reference_data_is_editable(tmp_path) -> None:
    folder = tmp_path / "data"
    shutil.copytree(DATA, folder)
    path = folder / "stages.json"
    raw = json.loads(path.read_text(encoding="utf-8"))
    raw["stages"][2]["items"].append(
        {"code": "operation.custom", "zh": "本区特色服务", "en": "Local service"}
    )
    path.write_text(json.dumps(raw, ensure_ascii=False), encoding="utf-8")
    edited = load(folder)
    assert "operation.custom" in edited.all_service_items()
    assert edited.all_service_items()["operation.custom"].zh == "本区特色服务"
    assert "operation.custom" not in load().all_service_items()  # the shipped data is untouched
