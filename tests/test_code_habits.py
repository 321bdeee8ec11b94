"""House rules of the package: every public function has type hints and a docstring."""

import ast

import pytest
from conftest import ROOT

MODULES = sorted((ROOT / "lib" / "hzcompare").glob("*.py"))


@pytest.mark.parametrize("path", MODULES, ids=[p.stem for p in MODULES])
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


def test_import_hzcompare_stays_light():
    import subprocess
    import sys

    code = (
        "import sys, hzcompare.cli; heavy = {'pandas', 'matplotlib', 'papermill', 'nbformat'}; "
        "print(sorted(heavy & set(sys.modules)))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
