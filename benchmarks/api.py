"""The HTTP API under load, on PostgreSQL, in one run on one machine:

1. intake: tickets/s through `POST /api/v1/tickets` of `remit serve`, against
   django-helpdesk's own REST API (`POST /api/tickets/`) under gunicorn with as many
   worker processes, each on its own fresh database; goal remit >= 3x django-helpdesk;
2. reads: p50/p99 latency of a filtered first page (`GET /api/v1/tickets?state=
   in_progress&limit=50`) and of one ticket (`GET /api/v1/tickets/{id}`) at a fixed
   request rate (open loop) over --tickets tickets (10 % open), with the query plans
   of both; goal p99 <= 50 ms at 500 requests/s.

    .venv/bin/python benchmarks/api.py [--tickets 1000000] [--intake 2000] [--rate 500]

Needs PostgreSQL (--pg, a superuser: databases are created and dropped) and PyPI (the
script installs django-helpdesk into its own virtual environment under --scratch).
Not part of the test suite; see benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import uuid
import warnings
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import api_helpdesk
import api_load
import api_seed
import psycopg
from sqlalchemy.engine import Engine

HOST = "127.0.0.1"
REPO = Path(__file__).resolve().parent.parent
CONTRACT = REPO / "examples" / "mixed-environment.yaml"
REQUESTER = "d.ospanov@example.kz"  # client.it_head in the example contract
ADMIN = "desk-admin@example.com"


def say(line: str) -> None:
    print(f"· {line}", flush=True)


# --- PostgreSQL databases and server processes -------------------------------------------


class Databases:
    """Fresh databases with unique names, all dropped at the end."""

    def __init__(self, admin_url: str) -> None:
        self.admin_url = admin_url
        self.names: list[str] = []
        conninfo = psycopg.conninfo.conninfo_to_dict(admin_url)
        self.user = str(conninfo.get("user", "postgres"))
        self.host = str(conninfo.get("host", HOST))
        self.port = int(str(conninfo.get("port", 5432)))

    def create(self, purpose: str) -> str:
        name = f"bench_{purpose}_{uuid.uuid4().hex[:8]}"
        with psycopg.connect(self.admin_url, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        self.names.append(name)
        return name

    def url(self, name: str) -> str:
        return f"postgresql://{self.user}@{self.host}:{self.port}/{name}"

    def server_version(self) -> str:
        with psycopg.connect(self.admin_url) as conn:
            return str(conn.execute("SHOW server_version").fetchall()[0][0])

    def drop_all(self) -> None:
        with psycopg.connect(self.admin_url, autocommit=True) as conn:
            for name in self.names:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


@contextmanager
def server(command: list[str], *, cwd: Path, env: dict[str, str], log: Path) -> Iterator[int]:
    """Start a server on a free port (the command's `{port}`), wait until it listens,
    and stop its whole process group at the end."""
    port = free_port()
    argv = [part.replace("{port}", str(port)) for part in command]
    with log.open("ab") as out:
        process = subprocess.Popen(
            argv, cwd=cwd, env=env, stdout=out, stderr=out, start_new_session=True
        )
    try:
        wait_listening(port, process, log)
        yield port
    finally:
        stop(process)


def wait_listening(port: int, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            sys.exit(f"the server stopped at start-up; its log:\n{log.read_text()[-3000:]}")
        try:
            socket.create_connection((HOST, port), timeout=1).close()
            time.sleep(1.0)  # every worker process up, not only the first
            return
        except OSError:
            time.sleep(0.2)
    sys.exit(f"the server did not listen within 60 s; its log:\n{log.read_text()[-3000:]}")


def stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is not None:
        return
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


# --- remit ---------------------------------------------------------------------------------


class Remit:
    """A desk on its own database, set up with remit's CLI as an operator would."""

    def __init__(self, url: str, scratch: Path, audit_key: str) -> None:
        self.url, self.scratch = url, scratch
        self.env = {**os.environ, "REMIT_DATABASE_URL": url, "REMIT_AUDIT_KEY": audit_key}
        self.remit = str(Path(sys.executable).parent / "remit")

    def cli(self, *args: str) -> str:
        done = subprocess.run(
            [self.remit, *args], env=self.env, capture_output=True, text=True, check=False
        )
        if done.returncode != 0:
            sys.exit(f"remit {' '.join(args)} failed: {done.stderr.strip()}")
        return done.stdout.strip()

    def set_up(self, token_for: str) -> str:
        """Migrate, load the contract, add an administrator, issue a token for
        `token_for`; returns the token."""
        self.cli("db", "upgrade")
        self.cli("contract", "load", str(CONTRACT))
        self.cli("people", "add", ADMIN, "--name", "Desk administrator", "--admin")
        return self.cli("people", "token", token_for, "--name", "benchmark", "--by", ADMIN)

    def serve(self, workers: int, log: Path) -> AbstractContextManager[int]:
        command = [
            self.remit,
            "serve",
            "--host",
            HOST,
            "--port",
            "{port}",
            "--workers",
            str(workers),
        ]
        return server(command, cwd=self.scratch, env=self.env, log=log)


def remit_ticket(token: str, unique: str) -> Callable[[int], api_load.Request]:
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}

    def make(i: int) -> api_load.Request:
        category, scope, objects = api_seed.TEMPLATES[i % len(api_seed.TEMPLATES)]
        body = {
            "title": f"{category}: {objects[0]} ({i})",
            "symptoms": "Users report errors when they open the application.",
            "who_cannot_work": "the accounting department",
            "scope": scope,
            "category": category,
            "objects": objects,
        }
        key = {"Idempotency-Key": f"{unique}-{i}"}
        return "POST", "/api/v1/tickets", {**headers, **key}, json.dumps(body).encode()

    return make


def helpdesk_ticket(helpdesk: api_helpdesk.Helpdesk) -> Callable[[int], api_load.Request]:
    headers = {"Authorization": f"Token {helpdesk.token}", "Content-Type": "application/json"}

    def make(i: int) -> api_load.Request:
        category, _scope, objects = api_seed.TEMPLATES[i % len(api_seed.TEMPLATES)]
        body = api_helpdesk.ticket_body(
            helpdesk,
            i,
            f"{category}: {objects[0]} ({i})",
            "Users report errors when they open the application.",
            1 + i % 5,
        )
        return "POST", "/api/tickets/", headers, body

    return make


# --- the two benchmarks --------------------------------------------------------------------


def intake_rate(
    port: int, make: Callable[[int], api_load.Request], args: argparse.Namespace
) -> float:
    warm = asyncio.run(api_load.closed_loop(HOST, port, make, 50, args.concurrency))
    check_all(warm, 201, "warm-up")
    measured = asyncio.run(
        api_load.closed_loop(HOST, port, lambda i: make(i + 50), args.intake, args.concurrency)
    )
    check_all(measured, 201, "intake")
    return float(args.intake / measured.elapsed)


def check_all(outcome: api_load.Outcome, status: int, what: str) -> None:
    if outcome.ok(status) != outcome.sent:
        sys.exit(
            f"{what}: {outcome.ok(status)} of {outcome.sent} answered {status}: "
            f"{outcome.failures[:3]}"
        )


def count_rows(url: str, table: str) -> int:
    with psycopg.connect(url) as conn:
        return int(conn.execute(f"SELECT count(*) FROM {table}").fetchall()[0][0])


def bench_intake(dbs: Databases, scratch: Path, args: argparse.Namespace) -> dict[str, Any]:
    say(
        f"intake: {args.intake:,} tickets to each, {args.concurrency} connections, "
        f"{args.workers} server processes each"
    )
    name = dbs.create("remit_intake")
    remit = Remit(dbs.url(name), scratch, secrets.token_hex(32))
    token = remit.set_up(REQUESTER)
    say(f"remit: database {name} migrated, {CONTRACT.name} loaded, token for {REQUESTER}")
    with remit.serve(args.workers, scratch / "remit-intake.log") as port:
        say(f"remit serve --workers {args.workers} on {HOST}:{port}: sending")
        remit_rate = intake_rate(port, remit_ticket(token, uuid.uuid4().hex), args)
    stored = count_rows(remit.url, "tickets")
    say(f"remit: {remit_rate:,.1f} tickets/s; {stored:,} tickets stored")
    statements = capture(remit, token, [(remit_ticket(token, uuid.uuid4().hex)(0), False)])

    say("django-helpdesk: installing into its own virtual environment (pip)")
    python, version = api_helpdesk.install(scratch)
    name = dbs.create("helpdesk")
    root = scratch / "helpdesk-site"
    api_helpdesk.write_project(root, name, dbs.user, dbs.host, dbs.port)
    helpdesk = api_helpdesk.prepare(python, root)
    say(
        f"django-helpdesk {version}: database {name} migrated, "
        "staff user with a DRF token, one queue"
    )
    command = helpdesk.gunicorn(f"{HOST}:{{port}}", args.workers, args.threads)
    with server(command, cwd=root, env=dict(os.environ), log=scratch / "helpdesk.log") as port:
        say(
            f"gunicorn --workers {args.workers} --threads {args.threads} (gthread) "
            f"on {HOST}:{port}: sending"
        )
        helpdesk_rate = intake_rate(port, helpdesk_ticket(helpdesk), args)
    stored = count_rows(dbs.url(name), "helpdesk_ticket")
    say(f"django-helpdesk: {helpdesk_rate:,.1f} tickets/s; {stored:,} tickets stored")
    return {
        "remit": remit_rate,
        "helpdesk": helpdesk_rate,
        "helpdesk_version": version,
        "statements": statements[0],
    }


def bench_reads(dbs: Databases, scratch: Path, args: argparse.Namespace) -> dict[str, Any]:
    name = dbs.create("remit_reads")
    remit = Remit(dbs.url(name), scratch, secrets.token_hex(32))
    # the client's primary contact: a client authority, who sees every ticket of the line
    # (an administrator named in no contract sees no ticket)
    token = remit.set_up(REQUESTER)
    say(f"reads: database {name} migrated, {CONTRACT.name} loaded, token for {REQUESTER}")
    auth = {"Authorization": f"Bearer {token}"}
    with remit.serve(args.workers, scratch / "remit-reads.log") as port:
        templates = asyncio.run(
            api_load.closed_loop(
                HOST, port, remit_ticket(token, uuid.uuid4().hex), len(api_seed.TEMPLATES), 1
            )
        )
        check_all(templates, 201, "template tickets")
        say(
            f"{len(api_seed.TEMPLATES)} template tickets opened through the API; bulk insert of "
            f"{args.tickets:,} tickets, {args.open:,} open"
        )
        engine = make_engine(remit.url)
        _, took = api_seed.timed(
            lambda: api_seed.bulk_insert(
                engine,
                count=args.tickets,
                open_count=args.open,
                end=datetime.now(UTC),
                span_days=730,
            )
        )
        states = api_seed.state_counts(engine)
        say(
            f"inserted and analyzed in {took:.0f} s: "
            + ", ".join(f"{s} {n:,}" for s, n in sorted(states.items()))
        )
        list_path = "/api/v1/tickets?state=in_progress&limit=50"
        rng = secrets.SystemRandom()

        def show(_i: int) -> api_load.Request:
            return "GET", f"/api/v1/tickets/{rng.randint(1, args.tickets)}", auth, b""

        def listing(_i: int) -> api_load.Request:
            return "GET", list_path, auth, b""

        first = asyncio.run(api_load.fetch(HOST, port, listing(0)))
        if first.status != 200:
            sys.exit(f"list answered {first.status}: {first.body[:300]!r}")
        total = first.json()["total"]
        say(
            f"list matches {total:,} tickets; one request at a time: up to {args.serial} "
            f"of each within {args.budget:g} s"
        )
        serial = {
            "show": asyncio.run(api_load.one_by_one(HOST, port, show, args.serial, args.budget)),
            "list": asyncio.run(api_load.one_by_one(HOST, port, listing, args.serial, args.budget)),
        }
        loaded = {}
        for what, make in (("show", show), ("list", listing)):  # show first: a list backlog
            say(
                f"{what}: {args.rate:g} requests/s for {args.duration:g} s, open loop "
                f"(up to {args.connections} connections, {args.grace:g} s grace)"
            )
            loaded[what] = asyncio.run(
                api_load.open_loop(
                    HOST,
                    port,
                    make,
                    rate=args.rate,
                    duration=args.duration,
                    grace=args.grace,
                    max_connections=args.connections,
                )
            )
    say("query plans: the list and show endpoints run in-process, every statement recorded")
    plans = capture(
        remit,
        token,
        [(listing(0), True), (("GET", f"/api/v1/tickets/{args.tickets // 2}", {}, b""), True)],
    )
    engine.dispose()
    return {"serial": serial, "loaded": loaded, "total": total, "states": states, "plans": plans}


def make_engine(url: str) -> Engine:
    from remit.store.engine import make_engine as remit_engine

    return remit_engine(url)


def capture(remit: Remit, token: str, requests: list[tuple[api_load.Request, bool]]) -> list[str]:
    """The SQL each request runs through the app `remit serve` runs, in-process: each
    distinct statement with how often it ran, and with its plan when asked."""
    os.environ.update(remit.env)
    from remit.api.server import app_from_env

    with warnings.catch_warnings():  # the test client's own notice about its HTTP library
        warnings.simplefilter("ignore")
        from starlette.testclient import TestClient

    app = app_from_env()
    engine = app.state.api.desk.engine
    found = []
    with TestClient(app, base_url=f"http://{HOST}") as client:
        for (method, path, headers, body), plans in requests:
            headers = {**headers, "Authorization": f"Bearer {token}"}
            client.get("/api/v1/tickets/1", headers=headers)  # the token's last use noted
            with api_seed.recording(engine) as seen:
                reply = client.request(method, path, headers=headers, content=body)
            if reply.status_code not in (200, 201):
                sys.exit(f"{method} {path} answered {reply.status_code} in-process")
            found.append(f"{method} {path}: " + api_seed.explain(engine, seen, plans=plans))
    engine.dispose()
    return found


# --- report --------------------------------------------------------------------------------


def ms(seconds: float | None, grace: float) -> str:
    return f"> {grace:g} s" if seconds is None else f"{seconds * 1000:,.1f} ms"


def report(intake: dict[str, Any], reads: dict[str, Any], args: argparse.Namespace) -> None:
    ratio = intake["remit"] / intake["helpdesk"]
    print("\n=== statements of one intake (remit) ===")
    print(intake["statements"])
    print("\n=== query plans ===")
    for plan in reads["plans"]:
        print(plan + "\n")
    print("=== results ===")
    print(
        f"intake, {args.intake:,} tickets, {args.concurrency} connections, "
        f"{args.workers} processes each"
    )
    helpdesk = f"django-helpdesk {intake['helpdesk_version']} (gunicorn gthread)"
    print(f"  {'remit serve (uvicorn)':<42}{intake['remit']:10,.1f} tickets/s")
    print(f"  {helpdesk:<42}{intake['helpdesk']:10,.1f} tickets/s")
    print(f"  {'ratio remit / django-helpdesk':<42}{ratio:10.2f}x")
    print(f"reads, {args.tickets:,} tickets ({args.open:,} open), list matches {reads['total']:,}")
    print(f"  {'':6} {'alone p50':>12} {'rate':>10} {'p50':>12} {'p99':>12} {'answered':>12}")
    verdicts = [("intake >= 3x django-helpdesk", ratio >= 3, f"{ratio:.2f}x")]
    for what in ("list", "show"):
        alone = reads["serial"][what]
        run = reads["loaded"][what]
        p50, p99 = run.percentile(50), run.percentile(99)
        answered = f"{run.ok(200):,}/{run.sent:,}"
        print(
            f"  {what:6} {ms(alone.percentile(50), args.grace):>12} {args.rate:>8g}/s "
            f"{ms(p50, args.grace):>12} {ms(p99, args.grace):>12} {answered:>12}"
        )
        met = p99 is not None and p99 <= 0.050 and run.ok(200) == run.sent
        verdicts.append((f"{what} p99 <= 50 ms at {args.rate:g}/s", met, ms(p99, args.grace)))
    print("goals")
    for goal, met, value in verdicts:
        print(f"  {goal:<34} {value:>12}  {'met' if met else 'MISSED'}")


def arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--pg",
        default=f"postgresql://postgres@{HOST}:5432/postgres",
        help="PostgreSQL admin URL; fresh databases are created and dropped",
    )
    parser.add_argument(
        "--tickets", type=int, default=1_000_000, help="tickets in the read benchmark"
    )
    parser.add_argument("--open", type=int, help="of which open (default: a tenth)")
    parser.add_argument("--intake", type=int, default=2000, help="tickets opened on each system")
    parser.add_argument("--concurrency", type=int, default=16, help="intake connections")
    parser.add_argument("--workers", type=int, default=2, help="server processes of each system")
    parser.add_argument("--threads", type=int, default=8, help="gunicorn threads per process")
    parser.add_argument("--rate", type=float, default=500, help="read requests per second")
    parser.add_argument("--duration", type=float, default=10, help="seconds of each read run")
    parser.add_argument("--grace", type=float, default=20, help="seconds to wait for late answers")
    parser.add_argument("--connections", type=int, default=16, help="read connections at most")
    parser.add_argument("--serial", type=int, default=20, help="requests one at a time, each")
    parser.add_argument("--budget", type=float, default=60, help="seconds for those, each")
    parser.add_argument("--scratch", type=Path, help="keep the django-helpdesk venv and logs here")
    args = parser.parse_args()
    args.open = args.tickets // 10 if args.open is None else args.open
    if not len(api_seed.TEMPLATES) <= args.open <= args.tickets:
        parser.error(f"--open must be between {len(api_seed.TEMPLATES)} and --tickets")
    return args


def main() -> None:
    args = arguments()
    scratch = args.scratch or Path(tempfile.mkdtemp(prefix="remit-api-bench-"))
    scratch.mkdir(parents=True, exist_ok=True)
    dbs = Databases(args.pg)
    say(
        f"machine: {os.cpu_count()} CPUs, Python {platform.python_version()}, "
        f"PostgreSQL {dbs.server_version()}; load generator: asyncio HTTP/1.1 on loopback"
    )
    try:
        intake = bench_intake(dbs, scratch, args)
        reads = bench_reads(dbs, scratch, args)
    finally:
        dbs.drop_all()
        if args.scratch is None:
            shutil.rmtree(scratch, ignore_errors=True)
    report(intake, reads, args)


if __name__ == "__main__":
    main()
