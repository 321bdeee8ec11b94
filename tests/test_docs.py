"""The README and docs stay true: their Python runs, their commands exist (the safe ones run),
their links resolve, their worked examples are real, and the README stays a ten-minute read."""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import hzcompare as hz
import pytest
import yaml
from conftest import ROOT
from hzcompare.cli import build_parser
from hzcompare.ingest.curate import curate
from hzcompare.pack.params import load_params

PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md")), ROOT / "benchmarks/README.md"]
WRITTEN = [p for p in PAGES if p.name != "data_dictionary.md"]  # the dictionary is generated
FENCE = re.compile(r"^```(\w*)[^\n]*\n(.*?)^```", re.S | re.M)
LINK = re.compile(r"\[[^\]]*\]\(([^)\s]+)\)")
SAFE_TO_RUN = ("hzcompare validate", "hzcompare curate --check", "frictionless validate")


def _blocks(page: Path, language: str) -> list[str]:
    return [body for lang, body in FENCE.findall(page.read_text("utf-8")) if lang == language]


def _slug(heading: str) -> str:
    """GitHub's anchor of a heading."""
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


def _anchors(page: Path) -> set[str]:
    text = FENCE.sub("", page.read_text("utf-8"))
    return {_slug(h) for h in re.findall(r"^#+ (.+)$", text, re.M)}


@pytest.mark.parametrize("page", PAGES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_relative_link_resolves(page):
    for target in LINK.findall(FENCE.sub("", page.read_text("utf-8"))):
        if re.match(r"[a-z]+:", target):
            continue  # an address, not a file of the project
        path, _, anchor = target.partition("#")
        file = (page.parent / path).resolve() if path else page
        assert file.exists(), f"{page.name}: link to {target} leads nowhere"
        assert file.is_relative_to(ROOT), f"{page.name}: link to {target} leaves the project"
        if anchor and file.suffix == ".md":
            assert anchor in _anchors(file), f"{page.name}: no heading #{anchor} in {path}"


PYTHON = [(p, b) for p in WRITTEN for b in _blocks(p, "python")]


@pytest.mark.parametrize(
    "page,code", PYTHON, ids=[f"{p.relative_to(ROOT)}-{i}" for i, (p, _) in enumerate(PYTHON)]
)
def test_python_examples_run(page, code, tmp_path):
    env = {**os.environ, "HZCOMPARE_ROOT": str(ROOT), "MPLBACKEND": "Agg"}
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=tmp_path, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, f"{page.name}:\n{code}\n{result.stderr}"
    assert result.stdout.strip(), "an example that prints nothing shows a reader nothing"


def _commands() -> list[tuple[Path, str]]:
    out = []
    for page in WRITTEN:
        for block in _blocks(page, "sh"):
            for line in block.splitlines():
                command = line.split(" #")[0].strip()
                if command:
                    out.append((page, command))
    return out


MAKE_TARGETS = set(re.findall(r"^([a-z-]+):", (ROOT / "Makefile").read_text(), re.M))


@pytest.mark.parametrize("page,command", _commands(), ids=lambda x: str(x)[:60])
def test_every_command_exists_and_the_safe_ones_succeed(page, command):
    words = shlex.split(command)
    env = dict(os.environ)
    while words and re.fullmatch(r"[A-Z_]+=\S*", words[0]):
        key, _, value = words.pop(0).partition("=")
        env[key] = value
    program = Path(words[0]).name
    if program == "make":
        targets = [w for w in words[1:] if "=" not in w and not w.startswith("-")]
        assert set(targets) <= MAKE_TARGETS, f"{page.name}: {command}: no such make target"
        dry = subprocess.run(["make", "-n", *words[1:]], cwd=ROOT, capture_output=True, text=True)
        assert dry.returncode == 0, dry.stderr
    elif program == "hzcompare":
        build_parser().parse_args(words[1:])  # exits (fails the test) on an unknown option
        if command.removeprefix(".venv/bin/").startswith(SAFE_TO_RUN):
            result = subprocess.run(
                [sys.executable, "-m", "hzcompare.cli", *words[1:]],
                cwd=ROOT,
                capture_output=True,
                text=True,
            )
            assert result.returncode == 0, result.stderr
    elif program == "frictionless":
        result = subprocess.run(
            [Path(sys.executable).parent / "frictionless", *words[1:]],
            cwd=ROOT,
            capture_output=True,
            text=True,
        )
        assert result.returncode == 0, result.stdout
    elif program == "python":
        assert (ROOT / words[1]).exists(), f"{page.name}: {command}: no such script"
    else:
        pytest.fail(f"{page.name}: {command}: a command the docs test does not know")


def _block_after(page: Path, name: str) -> str:
    """The YAML block that follows the first mention of ``name`` on ``page``."""
    text = page.read_text("utf-8")
    return FENCE.search(text, text.index(name)).group(2)


def test_the_cited_page_example_is_the_spec_itself():
    name = "data/sources/qiantang_2021_news_14th_plan.yaml"
    block = _block_after(ROOT / "docs/contributing.md", f"`{name}`, whole")
    assert block == (ROOT / name).read_text("utf-8")


def test_the_district_example_curates_and_its_pack_parameters_hold(root_copy):
    page = ROOT / "docs/contributing.md"
    spec = _block_after(page, "data/sources/binjiang_2022_news_gdp.yaml")
    (root_copy / "data/sources/binjiang_2022_news_gdp.yaml").write_text(spec, "utf-8")
    curate(root_copy)
    figures = hz.load_indicators(district="binjiang", curated=root_copy / "data/curated")
    got = {(r.indicator, r.year, r.value) for r in figures.itertuples()}
    assert got == {("gdp", 2021, 2022.6), ("gdp_growth", 2021, 11.3)}
    params = _block_after(page, "`binjiang.yaml`")
    (root_copy / "binjiang.yaml").write_text(params, "utf-8")
    assert "binjiang" in load_params(root_copy / "binjiang.yaml").districts
    assert yaml.safe_load(params)["year"] == 2022


def test_the_readme_is_a_ten_minute_read_with_the_two_commands():
    text = (ROOT / "README.md").read_text("utf-8")
    assert len(text.splitlines()) <= 160
    assert "make pack" in text and "make test" in text


def test_the_readme_counts_are_the_data():
    text = (ROOT / "README.md").read_text("utf-8")
    m = re.search(r"(\d+) figures \((\d+) results, (\d+) targets\) from (\d+) sources", text)
    figures, sources = hz.load_indicators(), hz.load_sources()
    assert tuple(map(int, m.groups())) == (
        len(figures),
        int((figures["kind"] == "actual").sum()),
        int((figures["kind"] == "target").sum()),
        len(sources),
    )


@pytest.mark.parametrize("page", WRITTEN, ids=lambda p: str(p.relative_to(ROOT)))
def test_pages_speak_of_the_project_as_it_is(page):
    text = page.read_text("utf-8")
    assert not re.search(r"\b[Ss]ession \d+|\bin session\b|\bbefore session\b", text)
