"""nbval runs the notebooks as tests: a pinned output that no longer matches says what to do."""

from __future__ import annotations

import pytest

HINT = (
    "A pinned output (# NBVAL_CHECK_OUTPUT) no longer matches. If the data changed on purpose "
    "(hzcompare curate), the data changed: run `make pin` to re-pin the notebooks' outputs, "
    "review the diff of notebooks/*.ipynb, and commit it."
)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo) -> object:
    """Add the hint to a failed comparison of a notebook cell's output."""
    outcome = yield
    report = outcome.get_result()
    if report.failed and call.when == "call" and "outputs differ" in str(report.longrepr):
        report.sections.append(("what to do", HINT))
