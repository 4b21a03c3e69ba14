"""Every error type the validator can report is explained in the contributor guide's table."""

from __future__ import annotations

import re

from ecosite.paths import ROOT
from ecosite.problems import HELP_ZH
from ecosite.validate import LABEL_ERRORS, UNREADABLE
from test_validation import CASES


def test_every_reported_error_type_has_help():
    code = "".join(
        (ROOT / "scripts" / "ecosite" / name).read_text(encoding="utf-8") for name in ("rules.py", "validate.py")
    )
    emitted = set(re.findall(r'"([a-z]+(?:-[a-z]+)+)",\s*(?:_line|None|\w+\.row|row|1\b|error\.lineno)', code))
    emitted |= set(re.findall(r'Problem\([^()]*?"([a-z]+-[a-z-]+)"\)', code))
    emitted |= {
        "encoding-error",
        "missing-descriptor",
        "type-error",
        "constraint-error",
        "unique-error",
        "primary-key",
        "foreign-key",
        "missing-cell",
        "extra-cell",
        "blank-row",
    }
    # every type a validation fixture expects, and the file-level and header types named in the validator
    emitted |= {case.error_type for case in CASES} | set(UNREADABLE) | set(LABEL_ERRORS)
    missing = sorted(t for t in emitted if t not in HELP_ZH)
    assert len(emitted) > 20
    assert not missing, missing
