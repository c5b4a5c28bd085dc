"""The shape of the code, checked: what import-linter's contracts cannot say.

- Only services write: ``audit_record(`` and a task's ``.enqueue(`` are called only in
  ``services`` modules (and in tests).
- No module reaches into another's private (``_name``) names.
- Every module of an area that is not one of its doors (services, selectors, types) is
  protected by that area's import-linter contract, so a new module cannot slip past it.
- No module of the code (not tests, migrations or data) runs past ~600 lines.
"""

from __future__ import annotations

import ast
import tomllib
from collections.abc import Iterator
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR)
CODE = ROOT / "regulator"
DOORS = {"services", "selectors", "types"}
NOT_CODE = {"tests", "migrations"}
MAX_LINES = 600


def _modules() -> Iterator[tuple[Path, str]]:
    for path in sorted(CODE.rglob("*.py")):
        parts = path.relative_to(ROOT).with_suffix("").parts
        if NOT_CODE & set(parts):
            continue
        yield path, ".".join(parts).removesuffix(".__init__")


def _is_service(dotted: str) -> bool:
    parts = dotted.split(".")
    return len(parts) > 2 and parts[2] == "services"


def _calls(tree: ast.AST) -> Iterator[tuple[str, int]]:
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        if isinstance(func, ast.Name) and func.id == "audit_record":
            yield "audit_record", node.lineno
        elif isinstance(func, ast.Attribute) and func.attr in {"audit_record", "enqueue"}:
            yield func.attr, node.lineno


def test_only_services_record_audit_events_and_enqueue_tasks() -> None:
    found = [
        f"{path.relative_to(ROOT)}:{line} calls {name}"
        for path, dotted in _modules()
        if not _is_service(dotted) and not dotted.startswith("regulator.audit.services")
        for name, line in _calls(ast.parse(path.read_text()))
    ]
    assert found == [], "write through a services module:\n" + "\n".join(found)


def _is_module(dotted: str) -> bool:
    path = ROOT.joinpath(*dotted.split("."))
    return path.with_suffix(".py").exists() or (path / "__init__.py").exists()


def _imported_private_names(tree: ast.AST, own: str) -> Iterator[tuple[str, int]]:
    modules: dict[str, str] = {}  # local name -> the module it is
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("regulator"):
            for alias in node.names:
                if alias.name.startswith("_") and node.module != own:
                    yield f"{node.module}.{alias.name}", node.lineno
                if _is_module(f"{node.module}.{alias.name}"):
                    modules[alias.asname or alias.name] = f"{node.module}.{alias.name}"
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("regulator") and alias.asname:
                    modules[alias.asname] = alias.name
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Attribute)
            and node.attr.startswith("_")
            and not node.attr.startswith("__")
            and isinstance(node.value, ast.Name)
            and node.value.id in modules
            and modules[node.value.id] != own
        ):
            yield f"{modules[node.value.id]}.{node.attr}", node.lineno


def test_no_module_uses_another_modules_private_names() -> None:
    found = [
        f"{path.relative_to(ROOT)}:{line} uses {name}"
        for path, dotted in _modules()
        for name, line in _imported_private_names(ast.parse(path.read_text()), dotted)
    ]
    assert found == [], "make it public, or move the code:\n" + "\n".join(found)


def _contracts() -> list[dict[str, object]]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())
    contracts: list[dict[str, object]] = config["tool"]["importlinter"]["contracts"]
    return contracts


def test_every_area_module_behind_its_doors_is_protected() -> None:
    protected = {
        str(module)
        for contract in _contracts()
        if contract["type"] == "protected"
        for module in contract["protected_modules"]  # type: ignore[attr-defined]  # a list in the TOML
    }
    expected = set()
    for area in sorted(p for p in CODE.iterdir() if (p / "__init__.py").exists()):
        if area.name == "core":
            continue  # the shared kit: every area may use all of it
        for child in area.iterdir():
            name = child.stem if child.suffix == ".py" else child.name
            is_package = child.is_dir() and (child / "__init__.py").exists()
            if (child.suffix == ".py" or is_package) and name not in {
                *DOORS,
                "tests",
                "testing",
                "__init__",
            }:
                expected.add(f"regulator.{area.name}.{name}")
    assert sorted(expected - protected) == [], "add these to their area's protected contract"
    assert sorted(protected - expected) == [], "these no longer exist: remove them"


def test_every_area_is_in_the_layers() -> None:
    (layers,) = [c for c in _contracts() if c["type"] == "layers"]
    named = {
        name.strip()
        for layer in layers["layers"]  # type: ignore[attr-defined]  # a list in the TOML
        for name in str(layer).split("|")
    }
    areas = {f"regulator.{p.name}" for p in CODE.iterdir() if (p / "__init__.py").exists()}
    assert areas - named == set()


def test_no_module_of_the_code_is_over_600_lines() -> None:
    long = [
        f"{path.relative_to(ROOT)}: {count} lines"
        for path, _dotted in _modules()
        if (count := len(path.read_text().splitlines())) > MAX_LINES
        and not path.name.startswith("synthetic")  # generated data: names, places, words
    ]
    assert long == [], "split by subject:\n" + "\n".join(long)
