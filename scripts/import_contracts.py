"""Rewrite pyproject.toml's import-linter section from the areas on disk: the layers, and
for each area a "protected" contract listing every module that is not one of its doors
(services, selectors, types; tests and testing are for tests).

    python3 scripts/import_contracts.py

tests/architecture/test_shape.py fails when the committed contracts and the modules on
disk disagree, so run this after adding a module to an area (and after adding an area to
LAYERS below, where it belongs in the layers)."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Bottom to top; "a | b" are independent siblings.
LAYERS = [
    "core",
    "audit",
    "identity",
    "records",
    "guidance",
    "register",
    "finance",
    "filings | donors",
    "disclosure",
    "contacts",
    "cases",
    "monitoring",
    "reporting",
]
DOORS = {"services", "selectors", "types", "tests", "testing", "__init__"}


def _area_modules(area: str) -> list[str]:
    folder = ROOT / "regulator" / area
    names = set()
    for child in folder.iterdir():
        if child.suffix == ".py" or (child.is_dir() and (child / "__init__.py").exists()):
            names.add(child.stem if child.suffix == ".py" else child.name)
    return sorted(names - DOORS)


def contracts() -> str:
    layers = [
        "config",
        *(
            f"regulator.{layer}"
            if "|" not in layer
            else " | ".join(f"regulator.{name.strip()}" for name in layer.split("|"))
            for layer in reversed(LAYERS)
        ),
    ]
    out = [
        "[tool.importlinter]",
        'root_packages = ["regulator", "config"]',
        "include_external_packages = false",
        "",
        "[[tool.importlinter.contracts]]",
        'id = "layers"',
        'name = "Areas are layered one way (docs/architecture.md); filings and donors are siblings"',
        'type = "layers"',
        "layers = [",
        *(f'  "{layer}",' for layer in layers),
        "]",
    ]
    areas = [name.strip() for layer in LAYERS for name in layer.split("|")]
    for area in areas:
        if area == "core":
            continue
        modules = _area_modules(area)
        if not modules:
            continue
        out += [
            "",
            "[[tool.importlinter.contracts]]",
            f'id = "{area}-doors"',
            f'name = "Other areas reach {area} only through its services, selectors and types"',
            'type = "protected"',
            "protected_modules = [",
            *(f'  "regulator.{area}.{module}",' for module in modules),
            "]",
            f'allowed_importers = ["regulator.{area}", "config", "regulator.*.tests"]',
        ]
    return "\n".join(out) + "\n"


def main() -> None:
    path = ROOT / "pyproject.toml"
    text = path.read_text()
    head = text[: text.index("[tool.importlinter]")] if "[tool.importlinter]" in text else text
    path.write_text(head.rstrip() + "\n\n" + contracts())


if __name__ == "__main__":
    main()
