"""The seed night scenario through the HTTP API alone, against real `remit serve`
processes and `remit worker` processes: one of each on SQLite, two of each on
PostgreSQL (several processes on one database)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from itertools import cycle
from pathlib import Path
from typing import Any

import httpx
import pytest

from audit_key import TEST_KEY
from remit.bootstrap import desk_for_engine
from remit.services.contracts import load_contract_version
from remit.services.people import issue_token
from remit.store.engine import make_engine

EXAMPLE = Path(__file__).parents[2] / "examples" / "mixed-environment.yaml"
REQUESTER = "d.ospanov@example.kz"  # client.it_head
COORDINATOR = "duty@tengri.example.kz"  # osdb.duty_engineer; osdb coordinates
PARTY_PEOPLE = {  # a person of each party a layer check may go to
    "osdb": COORDINATOR,
    "apps": "oncall@qazaqsoft.example.kz",
    "hardware": "dispatch@altyn-service.example.kz",
}


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _wait_until_serving(port: int, process: subprocess.Popen[str]) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(
                f"remit serve stopped: {process.stderr.read() if process.stderr else ''}"
            )
        try:
            if httpx.get(f"http://127.0.0.1:{port}/openapi.json", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            time.sleep(0.2)
    raise AssertionError(f"remit serve on port {port} did not answer within 60 s")


def _start(url: str, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "remit", *args, "--db", url],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONWARNINGS": "ignore", "REMIT_WORKER_INTERVAL": "1"},
    )


@pytest.fixture
def servers(desk_url: str) -> Iterator[tuple[list[str], dict[str, str]]]:
    desk = desk_for_engine(make_engine(desk_url), TEST_KEY)
    load_contract_version(
        uow=desk.new_uow(),
        text=EXAMPLE.read_text(encoding="utf-8"),
        source_name=EXAMPLE.name,
        actor="test",
        now=datetime(2026, 3, 1, tzinfo=UTC),
    )
    now = datetime.now(UTC)
    people = {REQUESTER, *PARTY_PEOPLE.values()}
    tokens = {
        email: issue_token(uow=desk.new_uow(), email=email, name="night", by="test", now=now).secret
        for email in people
    }
    desk.close()
    several = not desk_url.startswith("sqlite")
    ports = [_free_port() for _ in range(2 if several else 1)]
    processes = [
        _start(desk_url, "serve", "--host", "127.0.0.1", "--port", str(port)) for port in ports
    ]
    processes += [_start(desk_url, "worker", "--id", f"w{n}") for n in range(len(ports))]
    try:
        for port, process in zip(ports, processes, strict=False):
            _wait_until_serving(port, process)
        yield [f"http://127.0.0.1:{port}" for port in ports], tokens
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
            if process.stderr is not None:
                process.stderr.close()


def test_the_night_outage_runs_end_to_end_through_the_api(
    servers: tuple[list[str], dict[str, str]],
) -> None:
    bases, tokens = servers
    base = cycle(bases)  # each request to the next server process

    def call(email: str, method: str, path: str, body: Any = None) -> dict[str, Any]:
        response = httpx.request(
            method,
            f"{next(base)}/api/v1{path}",
            json=body,
            headers={
                "Authorization": f"Bearer {tokens[email]}",
                "Idempotency-Key": os.urandom(8).hex(),
            }
            if method == "POST"
            else {"Authorization": f"Bearer {tokens[email]}"},
            timeout=30,
        )
        assert response.status_code < 300, f"{method} {path}: {response.text}"
        found: dict[str, Any] = response.json()
        return found

    opened = call(
        REQUESTER,
        "POST",
        "/tickets",
        {
            "title": "Receipts fail in every shop",
            "symptoms": "the cash registers cannot write receipts to the retail database",
            "who_cannot_work": "all cashiers in 40 shops",
            "scope": "organization",
            "category": "outage",
            "objects": ["retail-db"],
            "error_refs": ["SQLSTATE 53100"],
            "actions_taken": ["restarted one register"],
        },
    )
    number = opened["id"]
    assert (opened["state"], opened["priority"]) == ("new", "P1")
    call(COORDINATOR, "POST", f"/tickets/{number}/take")
    call(COORDINATOR, "POST", f"/tickets/{number}/checks", {"layers": []})
    checks = call(COORDINATOR, "GET", f"/tickets/{number}")["checks"]
    assert checks, "the coordinator's checks went to the layers' parties"
    for check in checks:
        person = PARTY_PEOPLE[check["party"]]
        result = "fault_found" if check["party"] == "osdb" else "clear"
        call(
            person,
            "POST",
            f"/tickets/{number}/checks/answer",
            {"layer": check["layer"], "result": result},
        )
    call(
        COORDINATOR,
        "POST",
        f"/tickets/{number}/localize",
        {"reason": "disk full on pg-01", "layer": "dbms"},
    )
    call(
        COORDINATOR,
        "POST",
        f"/tickets/{number}/updates",
        {
            "known": "the database disk is full",
            "checking": "what filled it",
            "next_action": "free space",
        },
    )
    call(
        COORDINATOR,
        "POST",
        f"/tickets/{number}/restore",
        {"note": "WAL archive moved; space freed"},
    )
    call(
        COORDINATOR,
        "POST",
        f"/tickets/{number}/report",
        {
            "cause": "WAL archiving stalled and filled the disk",
            "actions": "moved the archive, freed space, fixed the archive command",
            "provider_participants": ["osdb.duty_engineer"],
            "client_participants": ["client.it_head"],
            "recurrence_risk": "low: disk alert added at 80 %",
        },
    )
    closed = call(REQUESTER, "POST", f"/tickets/{number}/confirm", {"score": 5})
    assert closed["state"] == "closed"
    record = call(REQUESTER, "GET", f"/tickets/{number}")
    actions = [entry["action"] for entry in record["audit"]]
    for expected in ("opened", "taken", "check_answered", "restored", "reported", "confirmed"):
        assert expected in actions, actions
    actors = {entry["actor"] for entry in record["audit"]}
    assert {"client.it_head", "osdb.duty_engineer"} <= actors
