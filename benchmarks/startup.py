"""Start-up time of the `remit` command line against `python -c "import typer"`.

Each command runs in a fresh interpreter, N times; the best and the median wall time
are printed with the best's ratio to the baseline's best. Goals: `remit --help` within
1.5x the baseline, `remit check` on an example within 3x.

remit's modules are byte-compiled first, as installing a wheel does: where
PYTHONDONTWRITEBYTECODE is set, an editable install would otherwise compile every
module from source on every run, which measures the environment, not remit.

    python benchmarks/startup.py [--runs N]
"""

from __future__ import annotations

import argparse
import compileall
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "mixed-environment.yaml"
REMIT = [sys.executable, "-c", "from remit.cli import main; main()"]
GOALS = {"remit --help": 1.5, "remit check examples/mixed-environment.yaml": 3.0}


def _time(argv: list[str], runs: int) -> tuple[float, float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(argv, check=False, capture_output=True, cwd=ROOT)
        times.append(time.perf_counter() - start)
    return min(times), statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15, help="runs per command")
    runs = parser.parse_args().runs
    import remit

    compileall.compile_dir(Path(remit.__file__).parent, quiet=1)
    with tempfile.TemporaryDirectory() as scratch:
        db = f"sqlite:///{scratch}/startup.db"
        subprocess.run([*REMIT, "db", "upgrade", "--db", db], check=True, capture_output=True)
        commands = {
            'python -c "import typer"': [sys.executable, "-c", "import typer"],
            "remit --help": [*REMIT, "--help"],
            "remit --version": [*REMIT, "--version"],
            "remit check examples/mixed-environment.yaml": [*REMIT, "check", str(EXAMPLE)],
            "remit ticket list --db <fresh sqlite>": [*REMIT, "ticket", "list", "--db", db],
        }
        results = {name: _time(argv, runs) for name, argv in commands.items()}
    baseline = results['python -c "import typer"'][0]
    print(f"{runs} runs each; best and median wall time; ratio = best / baseline best")
    for name, (best, median) in results.items():
        ratio = best / baseline
        goal = GOALS.get(name)
        verdict = (
            "" if goal is None else f"  goal <= {goal}x: {'met' if ratio <= goal else 'MISSED'}"
        )
        print(
            f"{name:<45} best {best * 1000:7.1f} ms  median {median * 1000:7.1f} ms  {ratio:5.2f}x{verdict}"
        )


if __name__ == "__main__":
    main()
