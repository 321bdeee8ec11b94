"""House rules of the package: hints and docstrings, import layers, a light public API."""

import ast
import subprocess
import sys

import pytest
from conftest import ROOT

PKG = ROOT / "lib" / "hzcompare"
MODULES = sorted(PKG.rglob("*.py"))

# Each layer imports only from layers listed after it (lower); the top-level helpers are the floor.
LAYERS = [
    "cli",
    "pack",
    "release",
    "report",
    "accel",
    "compare",
    "ingest",
    "dataset",
    "paths",
    "errors",
]


@pytest.mark.parametrize("path", MODULES, ids=[str(p.relative_to(PKG)) for p in MODULES])
def test_public_functions_have_hints_and_docstrings(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if not isinstance(node, ast.FunctionDef) or node.name.startswith("_"):
            continue
        where = f"{path.name}:{node.lineno} {node.name}"
        assert ast.get_docstring(node), f"{where}: no docstring"
        args = [a for a in node.args.args + node.args.kwonlyargs if a.arg not in ("self", "cls")]
        assert all(a.annotation is not None for a in args), f"{where}: argument without a type"
        assert node.returns is not None, f"{where}: no return type"


def _layer(path):
    rel = path.relative_to(PKG)
    return rel.parts[0] if len(rel.parts) > 1 else rel.stem


def _imported_layers(path):
    """The layers a module imports from (relative imports resolved against its package)."""
    rel_parts = list(path.relative_to(PKG).parts[:-1])
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.ImportFrom) or node.level == 0:
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("hzcompare."):
                yield node.lineno, node.module.split(".")[1]
            continue
        base = rel_parts[: len(rel_parts) - (node.level - 1)]
        target = [*base, *(node.module.split(".") if node.module else [])]
        if target:
            yield node.lineno, target[0]
        else:  # "from .. import paths": the names are the modules
            for alias in node.names:
                yield node.lineno, alias.name


@pytest.mark.parametrize("path", MODULES, ids=[str(p.relative_to(PKG)) for p in MODULES])
def test_imports_only_run_downward(path):
    if path == PKG / "__init__.py":
        return  # the public API names modules by string, loaded on use
    own = LAYERS.index(_layer(path))
    for line, layer in _imported_layers(path):
        if layer == "__version__":
            continue
        assert layer in LAYERS, f"{path.relative_to(PKG)}:{line} imports unknown layer {layer}"
        assert LAYERS.index(layer) >= own, (
            f"{path.relative_to(PKG)}:{line} imports upward from {_layer(path)} into {layer}"
        )


def test_import_hzcompare_stays_light():
    code = (
        "import sys, hzcompare, hzcompare.cli; "
        "heavy = {'pandas', 'matplotlib', 'papermill', 'nbformat'}; "
        "print(sorted(heavy & set(sys.modules)))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_public_api_names_resolve():
    import hzcompare as hz

    for name in hz.__all__:
        assert getattr(hz, name) is not None, name
    assert hz.load_indicators.__module__ == "hzcompare.dataset.load"
    assert hz.charts.__name__ == "hzcompare.report.charts"
    with pytest.raises(AttributeError, match="no attribute 'nope'"):
        hz.nope  # noqa: B018


def test_notebooks_use_only_the_public_api():
    for nb in sorted((ROOT / "notebooks").glob("*.ipynb")):
        text = nb.read_text(encoding="utf-8")
        assert "from hzcompare." not in text and "import hzcompare." not in text, nb.name
