"""Time `remit check` and `remit drill` on a generated contract of 10,000 objects.

The contract keeps the starter's parties, layers, calendars and terms and adds
10,000 objects with exactly 30,000 `depends_on` edges (each to an object with a
lower number, so the graph is acyclic and deep). It is written to a temporary
directory; the script times, best and median of several runs:

* in-process: load the file; run every check rule; drill a night outage of the
  object with the largest dependency closure;
* as a user would: `remit check` and `remit drill` as subprocesses (start-up
  of Python and the imports included).

Run: .venv/bin/python benchmarks/check.py [--objects 10000] [--edges 30000] [--runs 5]
"""

from __future__ import annotations

import argparse
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import datetime
from importlib import resources
from pathlib import Path

import yaml

from remit.checks.runner import run_checks
from remit.contract import LoadedContract, load_contract
from remit.domain.terms import Impact
from remit.drill.plan import drill
from remit.drill.scenario import Scenario, Symptom

KINDS = (
    ("server", ["hardware", "os"], "provider"),
    ("dbms", ["dbms"], "provider"),
    ("application", ["application"], "developer"),
    ("integration", ["integration"], "developer"),
    ("workstation", ["client_side"], "provider"),
    ("network_device", ["network"], "provider"),
)
CRITICALITY = ("critical", "high", "medium", "low")
AT = "2026-03-07T23:00:00+01:00"


def generate(objects: int, edges: int, seed: int = 7) -> str:
    """The contract text: the starter's sections with a generated registry of objects."""
    starter = yaml.safe_load(
        resources.files("remit.templates").joinpath("starter.yaml").read_text("utf-8")
    )
    rng = random.Random(seed)
    deps = _edges(objects, edges, rng)
    registry = {}
    for i in range(objects):
        kind, layers, executor = KINDS[i % len(KINDS)]
        entry = {
            "kind": kind,
            "layers": layers,
            "location": f"rack {i % 40}",
            "environment": "production",
            "owner": "client.it",
            "executor": executor,
            "business_unit": f"unit {i % 25}",
            "criticality": CRITICALITY[i % 4],
            "support_hours": "office",
            "depends_on": [_name(d) for d in deps[i]],
        }
        if kind == "integration":
            entry["integration_type"] = "file_exchange"
        if kind in ("dbms", "application") or "os" in layers:
            entry.update(product="Product", edition="Standard", version=f"{i % 9}.{i % 7}")
        registry[_name(i)] = entry
    starter["objects"] = registry
    starter["access"]["rules"] = [{"objects": [_name(0)], "mode": "remote", "issued_by": "client"}]
    starter["backups"][0]["objects"] = [_name(1)]
    return yaml.safe_dump(starter, sort_keys=False, width=200)


def _name(i: int) -> str:
    return f"obj-{i:05d}"


def _edges(objects: int, edges: int, rng: random.Random) -> list[list[int]]:
    deps: list[set[int]] = [set() for _ in range(objects)]
    count = 0
    while count < edges:
        src = rng.randrange(1, objects)
        dst = rng.randrange(max(0, src - 200), src)  # local and acyclic: deep chains
        if dst not in deps[src]:
            deps[src].add(dst)
            count += 1
    return [sorted(d) for d in deps]


def timed(fn: Callable[[], object], runs: int) -> tuple[float, float]:
    seconds = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        seconds.append(time.perf_counter() - start)
    return min(seconds), statistics.median(seconds)


def deepest(loaded: LoadedContract) -> str:
    """The object with the most transitive dependencies (the widest drill)."""
    from remit.contract_facts import Facts

    facts = Facts(loaded.contract)
    last = sorted(loaded.contract.objects)[-50:]
    return max(last, key=lambda n: len(facts.needs([n])))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--objects", type=int, default=10_000)
    parser.add_argument("--edges", type=int, default=30_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "large.yaml"
        path.write_text(generate(args.objects, args.edges), encoding="utf-8")
        loaded = load_contract(path)
        target = deepest(loaded)
        scenario = Scenario(
            (target,), Symptom.OUTAGE, Impact.ORGANIZATION, datetime.fromisoformat(AT)
        )
        report = run_checks(loaded)
        route = drill(loaded.contract, scenario)
        print(
            f"contract: {args.objects} objects, {args.edges} dependencies, {path.stat().st_size / 1e6:.1f} MB"
        )
        print(
            f"findings: {len(report.findings)}; drill of {target}: {len(route.affected_objects)} affected, "
            f"{sum(len(c.objects) for c in route.layer_checks)} objects in {len(route.layer_checks)} layer checks"
        )
        rows = [
            ("load (parse + convert)", timed(lambda: load_contract(path), args.runs)),
            ("check rules (loaded)", timed(lambda: run_checks(loaded), args.runs)),
            ("load + check", timed(lambda: run_checks(load_contract(path)), args.runs)),
            ("drill (loaded)", timed(lambda: drill(loaded.contract, scenario), args.runs)),
            (
                "load + drill",
                timed(lambda: drill(load_contract(path).contract, scenario), args.runs),
            ),
        ]
        remit = str(Path(sys.executable).with_name("remit"))
        check_cmd = [remit, "check", str(path), "--format", "json"]
        drill_cmd = [
            remit,
            "drill",
            str(path),
            "--object",
            target,
            "--symptom",
            "outage",
            "--scope",
            "organization",
            "--at",
            AT,
        ]
        rows += [
            (
                "CLI: remit check",
                timed(
                    lambda: subprocess.run(check_cmd, capture_output=True, check=False), args.runs
                ),
            ),
            (
                "CLI: remit drill",
                timed(
                    lambda: subprocess.run(drill_cmd, capture_output=True, check=True), args.runs
                ),
            ),
        ]
        print(f"{'':26}{'best':>9}{'median':>9}   ({args.runs} runs)")
        for label, (best, median) in rows:
            print(f"{label:26}{best:8.3f}s{median:8.3f}s")


if __name__ == "__main__":
    main()
