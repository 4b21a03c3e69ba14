"""One terminology: wherever the Chinese uses a glossary term, its English twin uses the glossary's rendering.

The glossary is data (datapackages/tasks/glossary.csv). The check loops over every CSV of every package and
every pair of columns X_zh / X_en, so a new table or column is covered without touching this test.
"""

from __future__ import annotations

import csv
import re
import unicodedata

from ecosite.paths import DATAPACKAGES

GLOSSARY = DATAPACKAGES / "tasks" / "glossary.csv"


def _nfkc(text: str) -> str:
    # The report writes 劣Ⅴ类 and 劣V类 alike; NFKC folds the Roman numeral characters to Latin letters.
    return unicodedata.normalize("NFKC", text)


def _glossary() -> list[dict]:
    with GLOSSARY.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def _english_cells():
    """(file, line, zh column, Chinese text, en column, English text) for every filled English twin."""
    for path in sorted(DATAPACKAGES.glob("*/*.csv")):
        if path == GLOSSARY:
            continue
        with path.open(encoding="utf-8", newline="") as f:
            reader = csv.DictReader(f)
            pairs = [(c, c[:-3] + "_zh") for c in reader.fieldnames if c.endswith("_en")]
            for line, row in enumerate(reader, start=2):
                for en, zh in pairs:
                    if row[en]:
                        yield path.relative_to(DATAPACKAGES), line, zh, row.get(zh) or "", en, row[en]


def _fold(text: str) -> str:
    # A compound used as a modifier takes a hyphen ("ecological-flow monitoring"): that is the same rendering.
    return text.casefold().replace("-", " ")


def _rule_out(avoid: str) -> re.Pattern:
    # Whole words only: "provincial-control" is ruled out, "provincial-controlled" is not.
    return re.compile(r"(?<![A-Za-z])" + re.escape(avoid) + r"(?![a-z])", re.I)


def _avoid(term: dict) -> list[str]:
    return [a.strip() for a in term["avoid_en"].split(";") if a.strip()]


def test_the_glossary_is_sound():
    terms = _glossary()
    assert len(terms) >= 30
    zh = [t["term_zh"] for t in terms]
    assert len(zh) == len(set(zh)), "a Chinese term listed twice"
    for t in terms:
        assert t["term_en"] and t["source_section"], t
        for avoid in _avoid(t):
            assert not _rule_out(avoid).search(t["term_en"]), (t["term_zh"], avoid)


def test_english_twins_use_the_glossary_rendering():
    terms = [(t, _nfkc(t["term_zh"]), _fold(t["term_en"])) for t in _glossary()]
    offenders = []
    for file, line, _zh, chinese, en, english in _english_cells():
        chinese, folded = _nfkc(chinese), _fold(english)
        for t, term_zh, term_en in terms:
            if term_zh in chinese and term_en not in folded:
                offenders.append(
                    f"{file}:{line} {en}: 「{t['term_zh']}」 should read “{t['term_en']}”: {english[:120]}"
                )
    assert not offenders, f"{len(offenders)} English texts depart from the glossary:\n" + "\n".join(offenders)


def test_no_english_text_uses_a_rendering_the_glossary_rules_out():
    avoid = [(t, a, _rule_out(a)) for t in _glossary() for a in _avoid(t)]
    offenders = [
        f"{file}:{line} {en}: “{a}” — the glossary says “{t['term_en']}” (「{t['term_zh']}」): {english[:120]}"
        for file, line, _, _, en, english in _english_cells()
        for t, a, rx in avoid
        if rx.search(english)
    ]
    assert not offenders, f"{len(offenders)} English texts use a rendering the glossary rules out:\n" + "\n".join(
        offenders
    )


def test_the_test_catches_a_departure():
    """The check is not vacuous: a Chinese cell with 劣Ⅴ类 and English saying Grade is caught by both rules."""
    terms = {t["term_zh"]: t for t in _glossary()}
    assert "劣Ⅴ类" in terms and terms["劣Ⅴ类"]["term_en"] == "worse than Class V"
    assert _fold("worse than Class V") not in _fold("worse than Grade V sections")
    assert _fold("state-controlled") in _fold("State controlled sections") and not _rule_out(
        "provincial-control"
    ).search("provincial-controlled")
    rx = [_rule_out(a) for a in _avoid(terms["劣Ⅴ类"])]
    assert any(r.search("Eliminate Grade V-minus sections") for r in rx)


def test_code_labels_exist_in_both_languages_and_follow_the_glossary():
    """Every code's label (schema `categories`) has both languages, and the English renders the glossary terms in
    the Chinese."""
    from ecosite.load import load_tables
    from ecosite.vocab import labels_of

    labels = labels_of(load_tables(DATAPACKAGES))
    terms = [(_nfkc(t["term_zh"]), t) for t in _glossary()]
    offenders = []
    for field in labels.fields():
        for c in labels.categories(field):
            zh, en = c.label.zh, c.label.en
            assert zh and en, f"{field} {c.value!r}: label {zh!r} / {en!r}"
            for term_zh, t in terms:
                if term_zh in _nfkc(zh) and _fold(t["term_en"]) not in _fold(en):
                    offenders.append(f"{field}[{c.value!r}] = {en!r}: 「{t['term_zh']}」 should read “{t['term_en']}”")
    assert not offenders, "\n".join(offenders)


def test_every_county_in_the_schema_has_an_english_name():
    import json

    d = json.loads((DATAPACKAGES / "projects" / "datapackage.json").read_text(encoding="utf-8"))
    field = next(
        f for r in d["resources"] if r["name"] == "projects" for f in r["schema"]["fields"] if f["name"] == "county"
    )
    english = {c["value"]: c.get("label") for c in field["categories"]}
    assert all(english.get(v) for v in field["constraints"]["enum"]), english


# Chinese columns without an English twin, each with the reason. Anything else must have one, so a new
# *_zh column cannot be added without its English (the validator then requires every filled row).
NO_TWIN_YET = {
    # The report itself, kept word for word as the primary source: we do not publish a translation of it.
    ("report", "lines", "text_zh"): "the report's own text",
    ("report", "sections", "heading_zh"): "the report's own headings (English pages name sections by their id)",
}


def test_every_chinese_column_has_an_english_twin():
    import json

    missing = []
    for descriptor in sorted(DATAPACKAGES.glob("*/datapackage.json")):
        for resource in json.loads(descriptor.read_text(encoding="utf-8"))["resources"]:
            names = {f["name"] for f in resource["schema"]["fields"]}
            for name in sorted(names):
                key = (descriptor.parent.name, resource["name"], name)
                if name.endswith("_zh") and name[:-3] + "_en" not in names and key not in NO_TWIN_YET:
                    missing.append("/".join(key))
    assert not missing, "Chinese columns without an English twin (*_en): " + ", ".join(missing)


def test_every_unit_in_the_data_has_its_english_in_the_units_table():
    """tasks/figures.unit is a foreign key into tasks/units.csv; the unit columns of the other packages are checked here."""
    with (DATAPACKAGES / "tasks" / "units.csv").open(encoding="utf-8", newline="") as f:
        known = {row["unit"] for row in csv.DictReader(f)}
    missing = []
    for file, column in (
        ("indicators/indicators.csv", "unit"),
        ("projects/projects.csv", "capacity_unit"),
        ("projects/projects.csv", "investment_unit"),
    ):
        with (DATAPACKAGES / file).open(encoding="utf-8", newline="") as f:
            for line, row in enumerate(csv.DictReader(f), start=2):
                if row[column] and row[column] not in known:
                    missing.append(f"{file}:{line} {column} = {row[column]!r}")
    assert not missing, "units missing from tasks/units.csv (add a row with unit_en):\n" + "\n".join(missing)
