"""Presentation that is not data: the status colours, and the field names of the charts' data.

The codes' words in both languages are in the schemas (`categories` of each enum field; see vocab.py), read
into the model; nothing here names a code in words.
"""

# Colours chosen for contrast on white and dark backgrounds, and told apart without colour by the labels.
STATUS_COLOURS = {"exceeded": "#1a7f37", "on_track": "#0969da", "accelerate": "#bf8700", "adjust": "#cf222e"}

# Field names of the charts' data: the column names of each chart's CSV download (charts/<id>.csv) and what Vega
# writes into the SVG's labels. They are a file format, fixed per language here (not interface text, which a data
# edit may change): a chart's fields stay what its CSV promised, and no text can break the Vega-Lite shorthand.
FIELDS = {
    "zh": {
        "year": "年份",
        "role": "类型",
        "value": "数值",
        "qualifier": "限定",
        "segment": "段",
        "label": "标注",
        "note": "说明",
        "part": "分项",
        "unit": "单位",
        "projects": "项目数",
        "category": "类别",
        "status": "状态",
        "county": "县（市、区）",
        "item": "项目",
        "count": "数量",
        "medium": "要素",
    },
    "en": {
        "year": "Year",
        "role": "Kind",
        "value": "Value",
        "qualifier": "Qualifier",
        "segment": "Segment",
        "label": "Label",
        "note": "Note",
        "part": "Part",
        "unit": "Unit",
        "projects": "Projects",
        "category": "Category",
        "status": "Status",
        "county": "County (city, district)",
        "item": "Item",
        "count": "Count",
        "medium": "Medium",
    },
}
