import pytest
from conftest import ROOT, run_cli
from hzcompare.errors import HzError
from hzcompare.pack.params import load_params

GOOD = "year: 2022\ndistricts: [qiantang, yuhang]\nlanguage: zh\nabout_tolerance_pp: 0.5\n"


@pytest.mark.parametrize("year", [2020, 2021, 2022, 2023, 2024, 2025, 2026])
def test_shipped_params_are_valid(year):
    p = load_params(ROOT / "params" / f"{year}.yaml")
    assert p.year == year and p.districts == ["qiantang", "yuhang", "xiaoshan"]
    assert p.benchmark == "hangzhou"


def test_only_year_is_required(tmp_path):
    path = tmp_path / "p.yaml"
    path.write_text("year: 2022\n", encoding="utf-8")
    p = load_params(path)
    assert (p.districts, p.language, p.about_tolerance_pp, p.benchmark) == (
        ["qiantang", "yuhang", "xiaoshan"],
        "both",
        0.5,
        "hangzhou",
    )


def test_every_problem_of_a_params_file_is_reported_at_once(tmp_path):
    path = tmp_path / "p.yaml"
    path.write_text("year: 2022\ndistricts: [qiantang, atlantis]\nlanguage: fr\n", encoding="utf-8")
    with pytest.raises(HzError) as err:
        load_params(path)
    text = str(err.value)
    assert f"{path}:2: unknown district(s) 'atlantis'" in text
    assert f"{path}:3: language must be one of" in text
    assert "known: " in text and "binjiang" in text  # the registry's codes are listed


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (GOOD + "colour: red\n", "unknown key(s) colour"),
        (
            GOOD.replace("year: 2022", "year: 2022.7"),
            "year must be a whole number (found '2022.7')",
        ),
        (GOOD.replace("year: 2022", "year: 2_022"), "year must be a whole number (found '2_022')"),
        (
            GOOD.replace("[qiantang, yuhang]", "[qiantang, atlantis]"),
            "unknown district(s) 'atlantis'",
        ),
        (GOOD.replace("zh", "fr"), "language must be one of zh, en, both"),
        (GOOD.replace("0.5", "true"), "about_tolerance_pp must be"),
        (GOOD.replace("year: 2022", "year: 2030"), "no data for year 2030"),
        ("districts: [qiantang]\n", "missing key year"),
        (GOOD + "benchmark: shanghai\n", "unknown benchmark 'shanghai'"),
        ("year: [2022\n", "malformed YAML"),
    ],
)
def test_bad_params_are_clear_errors(tmp_path, text, message):
    path = tmp_path / "p.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(HzError) as err:
        load_params(path)
    assert message in str(err.value) and str(err.value).startswith(str(path))
    result = run_cli("pack", "--params", str(path), "--out", str(tmp_path / "out"))
    assert result.returncode == 2 and message in result.stderr
    assert "Traceback" not in result.stderr and not (tmp_path / "out").exists()


def test_output_that_is_a_file_is_refused_before_any_kernel(tmp_path):
    out = tmp_path / "pack"
    out.write_text("not a folder")
    result = run_cli("pack", "--year", "2022", "--out", str(out))
    assert result.returncode == 2 and "is a file, not a folder" in result.stderr


def test_uncreatable_output_folder_is_refused(tmp_path):
    blocker = tmp_path / "file.txt"
    blocker.write_text("x")
    result = run_cli("pack", "--year", "2022", "--out", str(blocker / "sub" / "pack"))
    assert result.returncode == 2 and "cannot create" in result.stderr
    assert "Traceback" not in result.stderr


def test_missing_params_file(tmp_path):
    result = run_cli("pack", "--params", str(tmp_path / "none.yaml"))
    assert result.returncode == 2 and "params file not found" in result.stderr


def test_a_folder_that_is_not_a_pack_is_never_replaced(tmp_path):
    precious = tmp_path / "thesis"
    precious.mkdir()
    (precious / "chapter1.docx").write_text("years of work")
    result = run_cli("pack", "--year", "2022", "--out", str(precious))
    assert (
        result.returncode == 2
        and "holds files hzcompare did not write (chapter1.docx)" in result.stderr
    )
    assert (precious / "chapter1.docx").read_text() == "years of work"
