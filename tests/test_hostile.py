"""Hostile and careless input: one table of cases per guarantee of the README's "Bad input"
section. Each case asserts the clean refusal (``FILE:LINE:``, no traceback, nothing written
or deleted) or the defused output."""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import hzcompare as hz
import pytest
from conftest import HZ, ROOT, run_cli
from hypothesis import given
from hypothesis import strategies as st
from hzcompare import paths
from hzcompare.dataset import values
from hzcompare.dataset.csvio import defused
from hzcompare.dataset.printed import parse_printed
from hzcompare.dataset.safe_yaml import load_yaml
from hzcompare.errors import HzError
from hzcompare.ingest import curate
from hzcompare.pack import outdir

# --- 4. one way to turn text into typed values ------------------------------------------------

REFUSED_VALUES = [
    ("year", "2022.7"),
    ("year", "2_022"),
    ("year", "２０２２"),  # full-width digits
    ("year", "٢٠٢٢"),  # Arabic-Indic digits
    ("year", " 2022"),
    ("year", "1e3"),
    ("year", "99999"),
    ("year", "true"),
    ("int", "0x10"),
    ("int", "1,000"),
    ("float", "1_000"),
    ("float", " 12"),
    ("float", "nan"),
    ("float", "inf"),
    ("float", "1e400"),
    ("float", "１２"),
    ("float", "12%"),
    ("bool", "yes"),
    ("bool", "no"),
    ("bool", "1"),
    ("bool", "on"),
    ("str", "a\x00b"),
    ("str", "line\nbreak"),
    ("str", "evil\u202etxt.exe"),  # a bidirectional override
    ("str", "x" * (values.TEXT_LIMIT + 1)),
    ("str", '=HYPERLINK("http://x")'),
    ("str", "@SUM(A1)"),
    ("str", "-cmd|' /C calc'!A0"),
    ("str", "+1+1"),
    ("str", " =1+1"),  # a leading space
    ("str", "＝1+1"),  # a full-width sign
    ("str", "a\u200fb"),  # a right-to-left mark
    ("str", "a\u061cb"),  # an Arabic letter mark
    ("regex", "([unclosed"),
]


@pytest.mark.parametrize(
    ("dtype", "text"), REFUSED_VALUES, ids=[repr(t)[:30] for _, t in REFUSED_VALUES]
)
def test_text_that_is_not_a_well_formed_value_is_refused(dtype, text):
    with pytest.raises(ValueError):
        values.parse_typed(dtype, text, "field")


@pytest.mark.parametrize(
    ("dtype", "text", "value"),
    [
        ("year", "2022", 2022),
        ("int", "-3", -3),
        ("float", "-4.4", -4.4),
        ("float", "1e-05", 1e-05),
        ("float", ".5", 0.5),
        ("bool", "TRUE", True),
        ("bool", "false", False),
        ("str", "-4.4", "-4.4"),  # a number in a text field is no formula
        ("str", "地区生产总值 1416亿元", "地区生产总值 1416亿元"),
        ("regex", "-?[0-9]+", "-?[0-9]+"),  # a pattern may start with '-'
    ],
)
def test_well_formed_values_are_read(dtype, text, value):
    assert values.parse_typed(dtype, text, "field") == value


@given(st.integers(min_value=values.YEARS[0], max_value=values.YEARS[1]))
def test_every_plausible_year_reads_back(year):
    assert values.parse_year(str(year)) == year
    assert values.parse_year(float(year)) == year  # 2021.0 from a pandas column is whole


@given(st.text(max_size=12))
def test_the_typed_parsers_raise_only_value_errors(text):
    for dtype in ("year", "int", "float", "bool", "str", "regex"):
        with contextlib.suppress(ValueError):
            values.parse_typed(dtype, text, "field")


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=12))
def test_an_integer_is_only_ascii_digits(text):
    try:
        parsed = values.parse_int(text, "n")
    except ValueError:
        return
    assert text.lstrip("-").isascii() and text.lstrip("-").isdigit() and parsed == int(text)


@given(st.floats(allow_nan=False, allow_infinity=False))
def test_finite_numbers_round_trip_as_text(x):
    assert values.parse_number(repr(x), "value") == x


@pytest.mark.parametrize("x", [float("nan"), float("inf"), float("-inf"), "NaN", "-inf"])
def test_non_finite_numbers_are_refused(x):
    with pytest.raises(ValueError):
        values.parse_number(x, "value")


@given(st.text(max_size=20))
def test_text_with_a_control_character_is_refused(text):
    bad = values.CONTROL.search(text)
    try:
        values.check_text(text, "t")
    except ValueError:
        assert bad or values.looks_like_formula(text)
    else:
        assert not bad


@given(st.decimals(min_value=0, max_value=10**7, places=2, allow_nan=False))
def test_printed_amounts_convert_by_code(d):
    assert parse_printed(f"{d}亿元").value == float(d)
    assert parse_printed(f"{d}万元").value == pytest.approx(float(d) / 10_000)


@given(st.text(max_size=20))
def test_the_printed_value_parser_raises_only_value_errors(text):
    with contextlib.suppress(ValueError):
        parse_printed(text)


@pytest.mark.parametrize(
    "printed", ["２０２２亿元", "٢٠٢٢亿元", "二〇二二亿元", "1_000亿元", "九九%"]
)
def test_digit_strings_posing_as_numbers_are_not_printed_values(printed):
    with pytest.raises(ValueError):
        parse_printed(printed)


def test_a_loader_filter_is_typed_by_the_same_parser_and_never_empty():
    import numpy as np

    assert len(hz.load_indicators(year=np.array(2021))) == len(hz.load_indicators(year=2021))
    with pytest.raises(HzError, match="no figure for district binjiang; districts with figures"):
        hz.load_indicators(district="binjiang")  # in the registry, without figures
    with pytest.raises(HzError, match="curated must be a folder's path"):
        hz.load_indicators(curated=123)
    with pytest.raises(HzError, match="year must be a whole number"):
        hz.load_indicators(year="٢٠٢١")
    with pytest.raises(HzError, match="year must be a whole number"):
        hz.load_indicators(year=2021.5)
    assert len(hz.load_indicators(year=2021.0)) == len(hz.load_indicators(year=2021))


# --- 3. one safe reader for YAML -------------------------------------------------------------

BILLION_LAUGHS = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, "
    f"*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n"
    for i in range(9)
)

YAML_CASES = [
    ("aliases", BILLION_LAUGHS, 1, "anchors (&name) are not allowed"),
    ("alias only", "a: 1\nb: *a\n", 2, "aliases (*name) are not allowed"),
    ("duplicate key", "year: 2022\nyear: 2023\n", 2, "duplicate key 'year' (first at line 1)"),
    ("list key", "? [a, b]\n: 1\n", 1, "a key must be plain text"),
    ("tab", "year:\t2022\n", 1, "a tab character"),
    ("python tag", "x: !!python/object:os.system {}\n", 1, "tags (!name) are not allowed"),
    ("binary tag", "x: !!binary aGk=\n", 1, "tags (!name) are not allowed"),
    ("two documents", "a: 1\n---\nb: 2\n", 2, "malformed YAML"),
    ("not a mapping", "- 1\n- 2\n", 1, "expected a YAML mapping"),
    ("deep", "a: " + "[" * 200 + "]" * 200 + "\n", 1, "nested more than 24 levels"),
    ("control", "a: b\x07c\n", 1, "a control character (U+0007)"),
    ("reserved", "__line__: 3\n", 1, "reserved name"),
]


@pytest.mark.parametrize(
    ("text", "line", "message"), [c[1:] for c in YAML_CASES], ids=[c[0] for c in YAML_CASES]
)
def test_hostile_yaml_is_a_file_line_error(tmp_path, text, line, message):
    path = tmp_path / "p.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(HzError) as err:
        load_yaml(path)
    assert str(err.value).startswith(f"{path}:{line}: ") and message in str(err.value)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ("year: 2022\n".encode("utf-16"), "not UTF-8"),
        (b"a: " + b"x" * (2 << 20), "larger than 1024 KiB"),
    ],
    ids=["utf-16", "5 MB"],
)
def test_odd_encodings_and_huge_files_are_refused(tmp_path, data, message):
    path = tmp_path / "p.yaml"
    path.write_bytes(data)
    with pytest.raises(HzError, match=message):
        load_yaml(path)


def test_every_yaml_scalar_is_text_for_the_typed_parser(tmp_path):
    path = tmp_path / "p.yaml"
    path.write_text("a: no\nb: 1:20\nc: 2_022\nd: 2022-01-01\ne: [1, true]\n", encoding="utf-8")
    data = load_yaml(path)
    assert [data[k] for k in "abcde"] == ["no", "1:20", "2_022", "2022-01-01", ["1", "true"]]


def test_a_billion_laughs_params_file_is_refused_by_the_command(tmp_path):
    path = tmp_path / "p.yaml"
    path.write_text(BILLION_LAUGHS, encoding="utf-8")
    result = run_cli("pack", "--params", str(path), timeout=60)
    assert result.returncode == 2 and f"{path}:1: anchors" in result.stderr
    assert "Traceback" not in result.stderr


# --- params and the command line --------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("year: 2022\nrevised: false\n", "unknown key(s) revised"),
        ("year: 2022\ndistricts: qiantang\n", "districts must be a list of area codes"),
        ("year: 2022\ndistricts: [qiantang, qiantang]\n", "listed twice: qiantang"),
        ("year: 2022\ndistricts: [binjiang]\n", "no figures for binjiang"),
        ("year: 2022\nabout_tolerance_pp: .nan\n", "about_tolerance_pp must be a number"),
        ("year: 2022\nabout_tolerance_pp: 1e400\n", "about_tolerance_pp must be a number"),
        ("year: 2022\nlanguage: yes\n", "language must be one of zh, en, both"),
        ("year: 2022\ntitle: \"=cmd|' /C calc'!A0\"\n", "begins like a formula"),
        ("year: 2022\ntitle: " + "x" * 300 + "\n", "the limit is 200"),
        ("year: ２０２２\n", "year must be a whole number"),
    ],
)
def test_bad_params_are_refused_before_any_kernel(tmp_path, text, message):
    path = tmp_path / "p.yaml"
    path.write_text(text, encoding="utf-8")
    result = run_cli("pack", "--params", str(path), "--out", str(tmp_path / "out"))
    assert result.returncode == 2 and message in result.stderr, result.stderr
    assert f"{path}:" in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(
    "args",
    [
        ["--year", "2022.5"],
        ["--year", "١٢٣"],
        ["--year", "2022", "--jobs", "0"],
        ["--all", "--jobs", "-3"],
    ],
)
def test_bad_command_line_values_are_usage_errors(args):
    result = run_cli("pack", *args)
    assert result.returncode == 2 and "usage:" in result.stderr and "Traceback" not in result.stderr


# --- 1. paths stay inside ---------------------------------------------------------------------


SPEC = """source:
  source_id: '{source_id}'
  district: qiantang
  title: 示例报告
  published: "2022-02-01"
  raw_file: '{raw_file}'
  doc_type: work_report
  issuer: 示例
  covers: 2021 results
  admin_unit: 示例区
  boundary: synthetic
  comparable_from: 2021
  original_script: zh-Hans
figures:
  - {{indicator: gdp, year: 2021, kind: actual, pattern: '地区生产总值(?P<value>[0-9.]+)亿元'}}
"""


def _document_spec(raw_file: str, source_id: str = "evil_2022_report") -> str:
    return SPEC.format(raw_file=raw_file, source_id=source_id)


@pytest.mark.parametrize(
    ("raw_file", "source_id", "message"),
    [
        ("../../../etc/passwd", "evil_2022_report", "raw_file"),
        ("/etc/passwd", "evil_2022_report", "raw_file"),
        ("..\\\\secret.txt", "evil_2022_report", "raw_file"),
        ("synthetic.txt", "../../escaped", "source_id"),
        ("synthetic.txt", "a/b", "source_id"),
        ("synthetic.txt", "Evil Report", "source_id"),
        ("synthetic.txt", "x" * 90, "source_id"),
    ],
)
def test_a_spec_cannot_read_or_write_outside_data(root_copy, raw_file, source_id, message):
    (root_copy / "data/raw/synthetic.txt").write_text("地区生产总值1234.5亿元\n", encoding="utf-8")
    spec = root_copy / "data/sources/evil.yaml"
    spec.write_text(_document_spec(raw_file, source_id), encoding="utf-8")
    before = sorted(p.name for p in root_copy.parent.iterdir())
    with pytest.raises(HzError) as err:
        curate.curate(root_copy)
    assert str(err.value).startswith(f"{spec}:") and message in str(err.value)
    assert sorted(p.name for p in root_copy.parent.iterdir()) == before


CLEAN_STEP = """clean:
  - drop_lines:
      patterns: ['(a|aa)+$']
"""


@pytest.mark.parametrize("where", ["figure", "cleaning step"])
def test_a_pattern_that_backtracks_without_end_is_stopped_and_named(root_copy, where):
    (root_copy / "data/raw/synthetic.txt").write_text(
        "地区生产总值1234.5亿元\n" + "a" * 60 + "b\n", encoding="utf-8"
    )
    spec = root_copy / "data/sources/evil.yaml"
    text = _document_spec("synthetic.txt")
    if where == "figure":
        text = text.replace("地区生产总值(?P<value>[0-9.]+)亿元", "(?P<value>(a|aa)+)$")
    else:
        text = text.replace("figures:", CLEAN_STEP + "figures:")
    spec.write_text(text, encoding="utf-8")
    line = next(n for n, ln in enumerate(text.splitlines(), 1) if "(a|aa)+" in ln)
    started = time.monotonic()
    with pytest.raises(HzError) as err:
        curate.curate(root_copy)
    assert time.monotonic() - started < 60  # Python's re alone would run for ages
    message = str(err.value)
    assert message.startswith(f"{spec}:{line - (where != 'figure')}:"), message
    assert "(a|aa)+" in message and "backtracks without end" in message


def test_a_symbolic_link_leading_out_of_data_is_refused(root_copy, tmp_path_factory):
    outside = tmp_path_factory.mktemp("outside") / "secret.txt"
    outside.write_text("地区生产总值1234.5亿元\n", encoding="utf-8")
    (root_copy / "data/raw/linked.txt").symlink_to(outside)
    spec = root_copy / "data/sources/evil.yaml"
    spec.write_text(_document_spec("linked.txt"), encoding="utf-8")
    with pytest.raises(HzError, match=r"leads outside .* symbolic link"):
        curate.curate(root_copy)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_a_pipe_in_place_of_a_raw_file_is_refused_not_waited_on(root_copy):
    raw = root_copy / "data/raw/qiantang_2022_work_report.txt"
    raw.unlink()
    os.mkfifo(raw)
    result = run_cli("curate", env={**os.environ, "HZCOMPARE_ROOT": str(root_copy)}, timeout=60)
    assert result.returncode == 2 and "not a regular file" in result.stderr


def test_a_raw_folder_that_leads_out_of_the_project_is_refused(root_copy, tmp_path_factory):
    outside = tmp_path_factory.mktemp("outside_raw")
    raw = root_copy / "data/raw"
    shutil.move(raw, outside / "raw")
    raw.symlink_to(outside / "raw", target_is_directory=True)
    with pytest.raises(HzError, match="leads outside"):
        curate.curate(root_copy)


def test_curate_leaves_a_file_of_the_users_among_the_clean_texts(root_copy):
    readme = root_copy / "data/curated/text/README.txt"
    readme.write_text("my notes", encoding="utf-8")
    curate.curate(root_copy)
    assert readme.read_text(encoding="utf-8") == "my notes"


def test_validate_refuses_a_raw_file_outside_data(root_copy):
    sources = root_copy / "data/curated/sources.csv"
    text = sources.read_text(encoding="utf-8")
    sources.write_text(text.replace("../raw/qiantang_2022", "../../../raw/qiantang_2022"), "utf-8")
    result = run_cli("validate", str(root_copy / "data/curated"))
    assert result.returncode == 1 and "raw_file '../../../raw/qiantang_2022" in result.stdout


@pytest.mark.parametrize("name", ["../x", "/abs", "C:\\x", "a\\b", "", "a/../../b"])
def test_the_path_guard_refuses_every_escape(tmp_path, name):
    with pytest.raises(HzError):
        paths.inside(tmp_path, name)


# --- 2. the user's files are never deleted ----------------------------------------------------


def test_a_pack_folder_the_user_added_a_file_to_is_not_replaced(project, tmp_path):
    _, env, out, _ = project
    copy = tmp_path / "pack"
    shutil.copytree(out, copy, symlinks=True)
    (copy / "my_notes.md").write_text("mine", encoding="utf-8")
    result = run_cli("pack", "--year", "2022", "--out", str(copy), env=env)
    assert result.returncode == 2 and "(my_notes.md): they were added after" in result.stderr
    assert (copy / "my_notes.md").read_text(encoding="utf-8") == "mine"


def test_hidden_files_and_empty_folders_of_the_user_count_as_the_users(project, tmp_path):
    _, env, out, _ = project
    copy = tmp_path / "pack"
    shutil.copytree(out, copy, symlinks=True)
    (copy / ".hzcompare-notes.txt").write_text("mine", encoding="utf-8")
    (copy / "drafts").mkdir()
    assert outdir.foreign_files(copy) == [".hzcompare-notes.txt", "drafts/"]
    result = run_cli("pack", "--year", "2022", "--out", str(copy), env=env)
    assert result.returncode == 2 and ".hzcompare-notes.txt, drafts/" in result.stderr


def test_a_backup_beside_the_output_is_never_taken_for_a_leftover(tmp_path):
    out = tmp_path / "2022"
    backup = tmp_path / ".2022.old-jan-backup"
    backup.mkdir()
    (backup / "index.html").write_text("mine", encoding="utf-8")
    outdir.write_marker(backup)
    dead = tmp_path / ".2022.old-999999999"  # a pid no process has
    dead.mkdir()
    outdir.write_marker(dead)
    outdir.recover(out)  # the output is missing: the dead run's previous pack is put back
    assert out.is_dir() and not dead.exists()
    assert (backup / "index.html").read_text(encoding="utf-8") == "mine"


def test_one_folder_has_one_lock_however_it_is_spelled(tmp_path):
    real = tmp_path / "real"
    (real / "2022" / "charts").mkdir(parents=True)
    alias = tmp_path / "alias"
    alias.symlink_to(real, target_is_directory=True)
    spellings = [
        real / "2022",
        alias / "2022",
        real / "2022" / "charts" / "..",
        alias / "x/../2022",
    ]
    resolved = {outdir.resolve_output(p) for p in spellings}
    assert resolved == {real.resolve() / "2022"}
    assert len({outdir.lock_path(p) for p in resolved}) == 1


def test_a_manifest_is_not_a_marker(tmp_path):
    folder = tmp_path / "fake"
    folder.mkdir()
    (folder / "manifest.json").write_text("{}", encoding="utf-8")
    (folder / "data.xlsx").write_text("mine", encoding="utf-8")
    result = run_cli("pack", "--year", "2022", "--out", str(folder))
    assert result.returncode == 2 and "not a pack made by hzcompare" in result.stderr
    assert (folder / "data.xlsx").exists()


def test_a_swap_inside_a_mount_point_is_undone_when_cut_short(tmp_path):
    """A mount point cannot be renamed: its contents are exchanged, journaled; a run killed
    half-way leaves the journal, and the next run puts the previous pack back."""
    out = tmp_path / "volume"
    out.mkdir()
    (out / "index.html").write_text("old", encoding="utf-8")
    outdir.write_marker(out)
    stage = Path(os.path.join(out, ".hzcompare-staging-x"))
    stage.mkdir()
    (stage / "index.html").write_text("new", encoding="utf-8")
    (stage / "extra.csv").write_text("new", encoding="utf-8")
    outdir.write_marker(stage)
    real_rename, moved = os.rename, []

    def cut(a, b):
        if len(moved) == 3:  # the old pack aside, then one new file in place: killed here
            raise KeyboardInterrupt
        moved.append(b)
        real_rename(a, b)

    os.rename = cut
    try:
        with pytest.raises(KeyboardInterrupt):
            outdir.swap_in(stage, out)
    finally:
        os.rename = real_rename
    outdir.recover(out)
    assert (out / "index.html").read_text(encoding="utf-8") == "old"
    assert sorted(p.name for p in out.iterdir()) == [".hzcompare-pack", "index.html"]
    stage = out / ".hzcompare-staging-y"
    stage.mkdir()
    (stage / "index.html").write_text("new", encoding="utf-8")
    outdir.write_marker(stage)
    outdir.swap_in(stage, out)
    assert (out / "index.html").read_text(encoding="utf-8") == "new"
    assert sorted(p.name for p in out.iterdir()) == [".hzcompare-pack", "index.html"]


def test_failed_renders_never_replace_a_folder_of_the_user(tmp_path):
    out = tmp_path / "2022"
    mine = tmp_path / "2022.failed"
    mine.mkdir()
    (mine / "keep.txt").write_text("mine", encoding="utf-8")
    stage = outdir.make_stage(out)
    (stage / "01.ipynb").write_text("{}", encoding="utf-8")
    kept = outdir.keep_failed(stage, out)
    assert kept.name == "2022.failed-1" and (mine / "keep.txt").exists()
    again = outdir.keep_failed(outdir.make_stage(out), out)  # ours: replaced
    assert again == kept


# --- 5. nothing hostile reaches an output -----------------------------------------------------


def test_chart_csv_cells_a_spreadsheet_would_run_are_defused():
    cells = ["=1+1", "@SUM(A1)", "+1", "-cmd|'/C calc'!A0", "\tx", "-4.4", "钱塘", 3.5]
    assert [defused(c) for c in cells] == [
        "'=1+1",
        "'@SUM(A1)",
        "'+1",
        "'-cmd|'/C calc'!A0",
        "'\tx",
        "-4.4",
        "钱塘",
        3.5,
    ]


HOSTILE_NAME = "<img src=x onerror=alert(1)>[x](javascript:alert(2))"
HOSTILE_TITLE = "<script>alert(3)</script>"


@pytest.fixture(scope="module")
def hostile_pack(tmp_path_factory):
    """A pack of data that validates but is hostile: markup in an area's names and a source's
    title, a pack title with markup, a district with one figure only."""
    root = tmp_path_factory.mktemp("hostile")
    for part in ("data", "notebooks", "params"):
        shutil.copytree(ROOT / part, root / part)
    units = root / "data/units.csv"
    text = units.read_text(encoding="utf-8")
    units.write_text(
        text.replace(",萧山区,Xiaoshan,", f',萧山区{HOSTILE_TITLE},"{HOSTILE_NAME}",'), "utf-8"
    )
    sources = root / "data/curated/sources.csv"
    text = sources.read_text(encoding="utf-8")
    title = (
        "杭州市钱塘区2024年国民经济和社会发展计划执行情况与2025年国民经济和社会发展计划草案的报告"
    )
    assert title in text
    sources.write_text(text.replace(title, HOSTILE_TITLE, 1), "utf-8")
    env = {**os.environ, "HZCOMPARE_ROOT": str(root)}
    assert run_cli("validate", str(root / "data/curated"), env=env).returncode == 0
    params = root / "hostile.yaml"
    params.write_text(
        f"year: 2022\ndistricts: [qiantang, xiaoshan]\ntitle: '{HOSTILE_TITLE}'\n", "utf-8"
    )
    out = root / "packs/hostile"
    result = run_cli("pack", "--params", str(params), "--out", str(out), "--jobs", "2", env=env)
    return out, result


def test_what_validates_renders_and_markup_stays_text(hostile_pack):
    out, result = hostile_pack
    assert result.returncode == 0, result.stderr
    for page in out.glob("*.html"):
        html = page.read_text(encoding="utf-8")
        assert "<img src=x" not in html and "<script>alert" not in html, page.name
        assert "javascript:alert" not in html.replace("javascript:alert(2)", "") or (
            'href="javascript' not in html and "href='javascript" not in html
        ), page.name
    index = (out / "index.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(3)&lt;/script&gt;" in index


# --- 6. faults --------------------------------------------------------------------------------


def _descendants(pid: int) -> list[int]:
    import psutil

    try:
        return [p.pid for p in psutil.Process(pid).children(recursive=True)]
    except psutil.NoSuchProcess:
        return []


def _alive(pids: list[int]) -> list[int]:
    import psutil

    out = []
    for pid in pids:
        try:
            if psutil.Process(pid).status() != psutil.STATUS_ZOMBIE:
                out.append(pid)
        except psutil.NoSuchProcess:
            pass
    return out


def test_kill_9_of_the_main_process_takes_every_helper_with_it(project, tmp_path):
    _, env, _, _ = project
    out = tmp_path / "pack"
    proc = subprocess.Popen(
        [*HZ, "pack", "--year", "2022", "--out", str(out), "--jobs", "2"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        preexec_fn=lambda: __import__("signal").signal(2, __import__("signal").SIG_DFL),
    )
    end = time.time() + 90
    helpers: list[int] = []
    while time.time() < end and not any(tmp_path.glob(".pack.staging-*/charts")):
        helpers = sorted(set(helpers) | set(_descendants(proc.pid)))
        time.sleep(0.05)
    helpers = sorted(set(helpers) | set(_descendants(proc.pid)))
    assert len(helpers) >= 4, helpers  # workers, kernels, fork servers
    os.kill(proc.pid, 9)  # the main process only, not its group
    proc.wait(timeout=30)
    end = time.time() + 30
    while _alive(helpers) and time.time() < end:
        time.sleep(0.2)
    assert _alive(helpers) == []
    again = run_cli("pack", "--year", "2022", "--out", str(out), "--jobs", "2", env=env)
    assert again.returncode == 0, again.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pack"]  # nothing stray beside it


def test_a_full_disk_says_so_and_keeps_the_previous_pack(project, tmp_path, monkeypatch, capsys):
    import errno

    from hzcompare import cli
    from hzcompare.report import excel

    root, _, out, _ = project
    copy = tmp_path / "pack"
    shutil.copytree(out, copy, symlinks=True)
    before = sorted((p.name, p.stat().st_size) for p in copy.rglob("*"))

    def full(path, *args, **kwargs):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(path))

    monkeypatch.setenv("HZCOMPARE_ROOT", str(root))
    monkeypatch.setattr(excel, "write_workbook", full)
    status = cli.main(["pack", "--year", "2022", "--out", str(copy), "--jobs", "1"])
    err = capsys.readouterr().err
    assert status == 1 and "no space left on" in err and "Traceback" not in err
    assert sorted((p.name, p.stat().st_size) for p in copy.rglob("*")) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pack"]


def test_a_symlinked_output_updates_its_target_and_follows_the_umask(project, tmp_path):
    _, env, _, _ = project
    target = tmp_path / "target"
    link = tmp_path / "link"
    link.symlink_to(target, target_is_directory=True)
    result = subprocess.run(
        [
            "sh",
            "-c",
            'umask 027 && exec "$@"',
            "sh",
            *HZ,
            "pack",
            "--year",
            "2022",
            "--out",
            str(link),
            "--jobs",
            "2",
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    assert link.is_symlink() and (target / "index.html").is_file()
    assert (target.stat().st_mode & 0o777) == 0o750
    assert ((target / "charts").stat().st_mode & 0o777) == 0o750
    assert ((target / "index.html").stat().st_mode & 0o777) == 0o640
    assert sorted(p.name for p in tmp_path.iterdir()) == ["link", "target"]


# --- 7. the library speaks the same way --------------------------------------------------------


def test_the_library_raises_hz_error_and_takes_str_paths():
    assert hz.HzError is HzError
    assert len(hz.load_indicators(curated=str(ROOT / "data/curated"))) > 0
    assert len(hz.load_areas(str(ROOT / "data/units.csv"))) > 0
    with pytest.raises(hz.HzError, match="unknown district atlantis; known: hangzhou"):
        hz.load_indicators(district="atlantis")
    with pytest.raises(hz.HzError, match="unknown period M1-13"):
        hz.load_indicators(period="M1-13")


def test_no_exception_escapes_the_command_as_a_traceback(tmp_path):
    bad = tmp_path / "indicators.csv"
    bad.write_bytes(b"\xff\xfe" + "district,indicator\n".encode("utf-16-le"))
    result = run_cli("validate", str(bad))
    assert result.returncode == 1 and "Traceback" not in result.stderr + result.stdout
    assert sys.executable  # the command ran under this interpreter
