"""The layering of scripts/ecosite holds (issue 14; ARCHITECTURE.md, "Layers"), read from the source with `ast`:

- no output module imports another output module (outputs: the modules whose functions the registry
  ecosite.outputs lists: charts, downloads, catalogue and the page families in pages/);
- nothing imports upwards: helpers and the model (layer 0) import no output, the registry or the pipeline; outputs
  (1) import neither the registry (2), nor the pipeline (3), nor an entry point (4); and so on;
- every page family module in pages/ is in the registry (a page module nobody runs is a page nobody sees).

Imports inside functions count; imports under `if TYPE_CHECKING:` do not (they exist for the type checker only).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from ecosite.paths import ROOT

PACKAGE = ROOT / "scripts" / "ecosite"
REGISTRY, PIPELINE = "ecosite.outputs", "ecosite.pipeline"
ENTRY_POINTS = {"ecosite.publish", "ecosite.cli"}
PAGE_HELPERS = {"ecosite.pages", "ecosite.pages.common", "ecosite.pages.tables"}  # shared by the page families


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules() -> dict[str, Path]:
    return {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def imports(name: str, source: str, known: set[str]) -> set[str]:
    """The ecosite modules a module's source imports (relative imports resolved; `from .pages import audit` names
    ecosite.pages.audit when that is a module)."""
    package = name if name in known and (PACKAGE.parent / name.replace(".", "/") / "__init__.py").exists() else None
    package = package or name.rpartition(".")[0]
    found: set[str] = set()

    def visit(node: ast.AST) -> None:
        if isinstance(node, ast.If) and _is_type_checking(node):
            for child in node.orelse:
                visit(child)
            return
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.split(".")[0] == "ecosite")
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            if target.split(".")[0] == "ecosite":
                for a in node.names:
                    sub = f"{target}.{a.name}"
                    found.add(sub if sub in known else target)
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(ast.parse(source))
    return found - {name}


def output_modules() -> set[str]:
    """The outputs, as the registry lists them: the module of every output and chart function it runs."""
    from ecosite.outputs import OUTPUTS

    return {o.make.__module__ for o in OUTPUTS} | {o.charts.__module__ for o in OUTPUTS if o.charts}


def layer(name: str, outputs: set[str]) -> int:
    if name in ENTRY_POINTS:
        return 4
    if name == PIPELINE:
        return 3
    if name == REGISTRY:
        return 2
    return 1 if name in outputs else 0


def violations(graph: dict[str, set[str]], outputs: set[str]) -> list[str]:
    problems = []
    for name, targets in sorted(graph.items()):
        for target in sorted(targets):
            if name in outputs and target in outputs:
                problems.append(f"{name} imports {target}: an output imports another output")
            elif layer(target, outputs) > layer(name, outputs):
                problems.append(
                    f"{name} (layer {layer(name, outputs)}) imports {target} (layer {layer(target, outputs)})"
                )
    return problems


def graph() -> dict[str, set[str]]:
    found = modules()
    return {name: imports(name, path.read_text(encoding="utf-8"), set(found)) for name, path in found.items()}


def test_no_output_imports_another_and_nothing_imports_upwards():
    outputs = output_modules()
    assert {"ecosite.charts", "ecosite.downloads", "ecosite.catalogue"} <= outputs
    assert violations(graph(), outputs) == []


def test_every_page_module_is_in_the_registry():
    pages = {n for n in modules() if n.startswith("ecosite.pages")} - PAGE_HELPERS
    assert pages, "no page modules found"
    assert sorted(pages - output_modules()) == []


@pytest.mark.parametrize(
    ("module", "source", "expected"),
    [
        # a page family reaching into charts.py or into another family (at the top, or inside a function)
        ("ecosite.pages.home", "from ..charts import home\n", "imports ecosite.charts: an output imports another"),
        ("ecosite.pages.home", "def f():\n    from . import audit\n", "imports ecosite.pages.audit: an output"),
        ("ecosite.catalogue", "from .pages.indicators import INDEX\n", "imports ecosite.pages.indicators: an output"),
        # upwards: a helper importing an output, an output importing the registry or the pipeline
        ("ecosite.render", "from .charts import Chart\n", "(layer 0) imports ecosite.charts (layer 1)"),
        ("ecosite.pages.audit", "from ..outputs import OUTPUTS\n", "(layer 1) imports ecosite.outputs (layer 2)"),
        ("ecosite.downloads", "import ecosite.pipeline\n", "(layer 1) imports ecosite.pipeline (layer 3)"),
    ],
)
def test_the_check_finds_a_planted_import(module, source, expected):
    """The check can fail: an import planted into a module's source is reported."""
    g = graph()
    g[module] = g[module] | imports(module, source, set(modules()))
    problems = violations(g, output_modules())
    assert any(p.startswith(module) and expected in p for p in problems), problems


def test_type_only_imports_do_not_count():
    source = "from typing import TYPE_CHECKING\n\nif TYPE_CHECKING:\n    from .charts import Chart\n"
    assert imports("ecosite.render", source, set(modules())) == set()
