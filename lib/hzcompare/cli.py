"""The ``hzcompare`` command: curate, validate, docs, dataset, pack.

Errors are messages, never tracebacks.
"""

from __future__ import annotations

import argparse
import errno
import os
import sys
from pathlib import Path

from .errors import HzError, ValidationFailed


def _cmd_curate(args: argparse.Namespace) -> int:
    from .ingest import curate

    if args.check:
        stale = curate.check()
        if stale:
            for line in stale:
                print(f"data/curated/{line}", file=sys.stderr)
            print(
                "data/curated/ is stale: run `hzcompare curate` and commit the result",
                file=sys.stderr,
            )
            return 1
        print("data/curated/ matches a rebuild from data/raw/")
        return 0
    changed = curate.curate()
    print(f"curated: {len(changed)} file(s) changed" + "".join(f"\n  {c}" for c in changed))
    return 0


def _cmd_validate(args: argparse.Namespace) -> int:
    from . import paths
    from .dataset.validate import validate_paths

    default = paths.curated_dir()
    if default.is_relative_to(Path.cwd()):
        default = default.relative_to(Path.cwd())  # messages name files as the user sees them
    targets = [Path(p) for p in args.paths] or [default]
    problems = validate_paths(targets)
    for p in problems:
        print(p)
    errors = [p for p in problems if p.is_error]
    if errors:
        print(f"{len(errors)} problem(s) found", file=sys.stderr)
        return 1
    print(f"ok: {', '.join(str(t) for t in targets)}")
    return 0


def _cmd_docs(args: argparse.Namespace) -> int:
    import shutil

    from . import paths
    from .dataset.csvio import atomic_write
    from .dataset.dictionary import render_dictionary
    from .report.headline import draw_headline, stale_headline
    from .report.reference import render_reference, stale_reference

    docs = paths.project_root() / "docs"
    target, api = docs / "data_dictionary.md", docs / "api"
    text = render_dictionary().encode("utf-8")
    if args.check:
        stale = [str(target)] if not target.exists() or target.read_bytes() != text else []
        stale += [f"{api / rel}" for rel in stale_reference(api)]
        stale += stale_headline(docs)
        for path in stale:
            print(f"{path} is stale: run `hzcompare docs`", file=sys.stderr)
        return 1 if stale else 0
    atomic_write(target, text)
    shutil.rmtree(api, ignore_errors=True)
    written = render_reference(api)
    picture = draw_headline(docs)
    print(
        f"wrote {target}, {len(written)} reference page(s) in {api} and the headline picture "
        f"{picture[0]}"
    )
    return 0


def _cmd_dataset(args: argparse.Namespace) -> int:
    from .release import write_release

    target = write_release()
    size = target.stat().st_size
    print(f"wrote {target} ({size / 1024:.0f} KiB)")
    return 0


def _cmd_pack(args: argparse.Namespace) -> int:
    from .pack.run import run_all, run_pack

    if args.all:
        return run_all(out=args.out, jobs=args.jobs)
    return run_pack(year=args.year, params_file=args.params, out=args.out, jobs=args.jobs)


def _year(text: str) -> int:
    """``--year``: a year in the plausible range (it names params/<year>.yaml)."""
    from .dataset.values import parse_year

    try:
        return parse_year(text, "--year")
    except ValueError as e:
        raise argparse.ArgumentTypeError(str(e)) from None


def _jobs(text: str) -> int:
    """``--jobs``: a whole number of parallel notebooks, 1 to 64."""
    from .dataset.values import parse_int

    try:
        return parse_int(text, "--jobs", 1, 64)
    except ValueError as e:
        raise argparse.ArgumentTypeError(str(e)) from None


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of the ``hzcompare`` command."""
    from . import __version__

    parser = argparse.ArgumentParser(prog="hzcompare", description=__doc__)
    parser.add_argument("--version", action="version", version=f"hzcompare {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("curate", help="rebuild data/curated/ from data/raw/")
    p.add_argument(
        "--check",
        action="store_true",
        help="change nothing; exit 1 if data/curated/ differs from a rebuild",
    )
    p.set_defaults(func=_cmd_curate)
    p = sub.add_parser("validate", help="check curated CSV files or folders")
    p.add_argument("paths", nargs="*", help="files or folders (default data/curated/)")
    p.set_defaults(func=_cmd_validate)
    p = sub.add_parser(
        "docs",
        help="regenerate docs/data_dictionary.md (schema), docs/api/ (docstrings) and "
        "docs/charts/ (the README's picture)",
    )
    p.add_argument("--check", action="store_true", help="exit 1 if the file is stale")
    p.set_defaults(func=_cmd_docs)
    p = sub.add_parser(
        "dataset",
        help="write the dataset release dist/hzcompare-data-<version>.zip (same bytes each time)",
    )
    p.set_defaults(func=_cmd_dataset)
    p = sub.add_parser("pack", help="render yearly comparison packs")
    which = p.add_mutually_exclusive_group(required=True)
    which.add_argument("--year", type=_year, help="use params/YEAR.yaml")
    which.add_argument("--params", type=Path, help="a params YAML file")
    which.add_argument(
        "--all", action="store_true", help="every params/*.yaml in one run, into <out>/<year>/"
    )
    p.add_argument(
        "--out", type=Path, help="output folder (default packs/<year>/; with --all, packs/)"
    )
    p.add_argument(
        "--jobs",
        type=_jobs,
        default=os.cpu_count() or 1,
        help="notebooks rendered in parallel (default: the core count)",
    )
    p.set_defaults(func=_cmd_pack)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Entry point of the console script."""
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except ValidationFailed as e:
        for p in e.problems:
            print(p, file=sys.stderr)
        return 1
    except HzError as e:
        print(f"hzcompare: error: {e}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("hzcompare: interrupted; nothing was replaced", file=sys.stderr)
        return 130
    except OSError as e:  # the machine refused: a full disk, no permission
        print(f"hzcompare: error: {os_problem(e)}", file=sys.stderr)
        return 1


def os_problem(e: OSError) -> str:
    """What an operating-system error means for the user, and what to do."""
    where = f" {e.filename}" if e.filename else ""
    if e.errno in (errno.ENOSPC, errno.EDQUOT):
        return (
            f"no space left on{where or ' the device'}: free some space and run again "
            "(nothing was replaced: the previous output is as it was)"
        )
    return f"{e.strerror or e}{':' if where else ''}{where}"


if __name__ == "__main__":
    sys.exit(main())
