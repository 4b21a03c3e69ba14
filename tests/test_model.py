"""The typed model (ecosite.model) and the codes' labels read from the schemas."""

from __future__ import annotations

import json

import pytest

from ecosite.derive import derive
from ecosite.model import build_model, has_no_nan
from ecosite.paths import DATAPACKAGES, PACKAGE_NAMES
from ecosite.validate import validate, validate_all
from ecosite.vocab import CODE_TABLES


@pytest.fixture(scope="module")
def model():
    tables, problems = validate(DATAPACKAGES)
    assert not problems and tables is not None
    return build_model(derive(tables))


def _enum_fields():
    for package in PACKAGE_NAMES:
        descriptor = json.loads((DATAPACKAGES / package / "datapackage.json").read_text(encoding="utf-8"))
        for r in descriptor["resources"]:
            for f in r["schema"]["fields"]:
                if f.get("constraints", {}).get("enum"):
                    yield package, r["name"], f


def test_every_enum_value_of_every_schema_has_a_chinese_and_an_english_label(model):
    fields = list(_enum_fields())
    assert len(fields) > 10
    for _package, resource, f in fields:
        for value in f["constraints"]["enum"]:
            for lang in ("zh", "en"):
                label = model.labels.label(f"{resource}.{f['name']}", value, lang)
                assert label.strip(), (resource, f["name"], value, lang)
                if f["name"] not in CODE_TABLES and lang == "zh":
                    assert label != value or not value.isascii(), (resource, f["name"], value)


def test_a_new_enum_value_without_labels_fails_validation_in_chinese(data):
    path = data.path("indicators/datapackage.json")
    d = json.loads(path.read_text(encoding="utf-8"))
    field = next(
        f for r in d["resources"] if r["name"] == "assessments" for f in r["schema"]["fields"] if f["name"] == "status"
    )
    field["constraints"]["enum"].append("paused")
    path.write_text(json.dumps(d, ensure_ascii=False, indent=2), encoding="utf-8")
    problems = [p for p in validate_all(data.root) if p.error_type == "label-missing"]
    assert len(problems) == 1, problems
    text = str(problems[0])
    assert "datapackages/indicators/datapackage.json" in text or "indicators/datapackage.json" in text
    assert "status" in text and "paused" in text and "中文" in text and "label_zh" in text


def test_the_model_holds_no_nan(model):
    assert has_no_nan(model)
    assert has_no_nan(model.observations)


def test_bilingual_accessors_and_descriptor_metadata(model):
    pm25 = model.indicator("pm25")
    assert pm25.name("zh") and pm25.name("en") and pm25.name("zh") != pm25.name("en")
    assert pm25.latest is not None and pm25.latest.year and pm25.latest.value is not None
    assert model.licence is not None and model.licence.short == "CC BY 4.0"
    assert model.label("status", pm25.status, "zh") if pm25.status else True
    main = sum(c.count for c in model.status_counts if c.group == "main")
    assert main == model.counts["main"]
    for name, package in model.packages.items():
        descriptor = json.loads((DATAPACKAGES / name / "datapackage.json").read_text(encoding="utf-8"))
        assert package.version == descriptor["version"]
