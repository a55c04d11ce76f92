"""Play the hostile-feed corpus against the real CLI and print, per category, the cases passed.

Runs the checks of tests/test_hostile.py (the same code, ``tests/hostile_harness.py``) over the
whole corpus from ``../shared/tools/make_hostile.py`` and lists what failed in each case. Touches
a temporary directory (or ``--keep DIR``), the loopback network and child processes.

Example:
    python scripts/hostile_report.py --profile full --jobs 4
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.hostile_cases import GENERATOR, generate
from tests.hostile_harness import Harness, Verdict, render_table


def main(argv: list[str] | None = None) -> int:
    """Exit status 0 when every case passed, 1 when some failed, 2 without the corpus."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--profile", choices=["ci", "full"], default="ci", help="corpus size")
    parser.add_argument(
        "--jobs", type=int, default=0, help="cases run at once (default: 2 per CPU)"
    )
    parser.add_argument("--only", default="", help="comma-separated case ids")
    parser.add_argument("--keep", type=Path, help="work in DIR and keep it (stores, logs)")
    parser.add_argument("--all", action="store_true", help="list every case, not only failures")
    args = parser.parse_args(argv)
    if not GENERATOR.is_file():
        print(
            f"hostile_report: {GENERATOR} not found; it comes with the shared tools",
            file=sys.stderr,
        )
        return 2
    with tempfile.TemporaryDirectory(prefix="hostile-") as scratch:
        root = args.keep or Path(scratch)
        cases = generate(root / "corpus", args.profile)
        selected = [c for c in args.only.split(",") if c] or list(cases)
        harness = Harness(root / "corpus", cases, root / "work", args.jobs)
        try:
            harness.start(selected)
            verdicts: list[Verdict] = [harness.verdict(case_id) for case_id in selected]
        finally:
            harness.close()
    print(render_table(verdicts, every_case=args.all))
    return 0 if all(v.passed for v in verdicts) else 1


if __name__ == "__main__":
    sys.exit(main())
