"""The hostile-feed corpus through the real CLI: each case keeps the manifest's promises.

Each case of ``../shared/tools/make_hostile.py`` (ci profile, generated once per session) is
served on loopback between two healthy feeds and polled by ``python -m aggregator run`` in a
child process under a memory limit and a timeout (``tests/hostile_harness.py``); cases run in
parallel. Skipped when the generator is not beside the repository.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.hostile_cases import GENERATOR, XFAIL, generate, list_cases
from tests.hostile_harness import Harness, describe

MISSING = f"the hostile corpus generator {GENERATOR} is not beside the repository"


def _params() -> list[object]:
    if not GENERATOR.is_file():
        return [pytest.param("corpus", marks=pytest.mark.skip(reason=MISSING))]
    return [
        pytest.param(
            case_id,
            id=case_id,
            marks=[pytest.mark.xfail(strict=True, reason=XFAIL[case_id])]
            if case_id in XFAIL
            else [],
        )
        for case_id, _ in list_cases()
    ]


@pytest.fixture(scope="session")
def hostile(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Harness]:
    """The corpus, with every selected case started in parallel."""
    root = tmp_path_factory.mktemp("hostile")
    cases = generate(root / "corpus")
    selected = [
        str(item.callspec.params["case_id"])
        for item in request.session.items
        if isinstance(item, pytest.Function) and item.originalname == "test_hostile_case"
    ]
    harness = Harness(root / "corpus", cases, root / "work")
    harness.start(selected)
    yield harness
    harness.close()


@pytest.mark.parametrize("case_id", _params())
def test_hostile_case(hostile: Harness, case_id: str) -> None:
    """The case's outcome, items, forbidden strings, field limits, HTML rules and budget hold,
    and both healthy feeds beside it are fully ingested."""
    verdict = hostile.verdict(case_id)
    assert verdict.passed, describe(verdict)
