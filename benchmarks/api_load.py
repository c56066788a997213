"""A small HTTP/1.1 load generator on loopback for benchmarks/api.py.

Raw asyncio streams with keep-alive, so the generator costs little CPU next to the
servers it measures (they share the machine). Two modes:

- `closed_loop`: `concurrency` connections, each sends its next request as soon as the
  previous answer arrived; gives throughput (requests/s).
- `open_loop`: requests are *scheduled* at a fixed rate whatever the server does, and
  each latency is measured from its scheduled instant, so a slow server is not hidden
  by the generator waiting for it (no coordinated omission). Requests still unanswered
  `grace` seconds after the last one was due are counted as unanswered.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

Request = tuple[str, str, dict[str, str], bytes]  # method, path, headers, body


class HttpError(Exception):
    pass


@dataclass
class Reply:
    status: int
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)


class Connection:
    """One keep-alive HTTP/1.1 connection; reconnects when the server closed it."""

    def __init__(self, host: str, port: int) -> None:
        self.host, self.port = host, port
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def send(self, request: Request) -> Reply:
        if self.writer is None or self.writer.is_closing():
            self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
        method, path, headers, body = request
        head = [f"{method} {path} HTTP/1.1", f"Host: {self.host}:{self.port}"]
        head += [f"{k}: {v}" for k, v in headers.items()]
        if body or method == "POST":
            head.append(f"Content-Length: {len(body)}")
        self.writer.write(("\r\n".join(head) + "\r\n\r\n").encode() + body)
        reply = await self._read()
        if reply.headers.get("connection", "").lower() == "close":
            self.close()
        return reply

    async def _read(self) -> Reply:
        assert self.reader is not None
        status_line = await self.reader.readline()
        if not status_line:
            self.close()
            raise HttpError("the server closed the connection")
        status = int(status_line.split()[1])
        headers: dict[str, str] = {}
        while (line := await self.reader.readline()) not in (b"\r\n", b"\n", b""):
            name, _, value = line.decode("latin-1").partition(":")
            headers[name.strip().lower()] = value.strip()
        if headers.get("transfer-encoding", "").lower() == "chunked":
            body = await self._chunks()
        else:
            body = await self.reader.readexactly(int(headers.get("content-length", "0")))
        return Reply(status, headers, body)

    async def _chunks(self) -> bytes:
        assert self.reader is not None
        parts = []
        while size := int((await self.reader.readline()).split(b";")[0], 16):
            parts.append(await self.reader.readexactly(size))
            await self.reader.readline()
        await self.reader.readline()
        return b"".join(parts)

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
        self.reader = self.writer = None


@dataclass
class Outcome:
    """What a run saw: latencies (s) of answered requests, statuses, failures."""

    sent: int = 0
    latencies: list[float] = field(default_factory=list)
    statuses: dict[int, int] = field(default_factory=dict)
    failures: list[str] = field(default_factory=list)
    elapsed: float = 0.0
    unanswered: int = 0

    def record(self, latency: float, reply: Reply) -> None:
        self.latencies.append(latency)
        self.statuses[reply.status] = self.statuses.get(reply.status, 0) + 1

    def ok(self, status: int) -> int:
        return self.statuses.get(status, 0)

    def percentile(self, p: float) -> float | None:
        """The p-th percentile over every request sent; None when more than (100 - p) %
        were not answered (the percentile lies beyond the run)."""
        if not self.sent:
            return None
        ordered = sorted(self.latencies)
        rank = max(0, round(p / 100 * self.sent + 0.5) - 1)
        return ordered[rank] if rank < len(ordered) else None


async def closed_loop(
    host: str,
    port: int,
    make: Callable[[int], Request],
    count: int,
    concurrency: int,
    budget: float | None = None,
) -> Outcome:
    """`count` requests over `concurrency` connections; with a `budget` (s), no request
    starts after it is spent (at least one is sent) and `sent` counts those started."""
    outcome = Outcome(sent=0)
    numbers = iter(range(count))
    start = time.perf_counter()

    async def worker() -> None:
        conn = Connection(host, port)
        for i in numbers:
            if budget is not None and i and time.perf_counter() - start > budget:
                break
            outcome.sent += 1
            sent_at = time.perf_counter()
            try:
                reply = await conn.send(make(i))
            except (OSError, HttpError, asyncio.IncompleteReadError) as error:
                outcome.failures.append(f"request {i}: {error}")
                conn.close()
                continue
            outcome.record(time.perf_counter() - sent_at, reply)
            if reply.status >= 400 and len(outcome.failures) < 5:
                outcome.failures.append(f"request {i}: {reply.status} {reply.body[:200]!r}")
        conn.close()

    await asyncio.gather(*(worker() for _ in range(concurrency)))
    outcome.elapsed = time.perf_counter() - start
    return outcome


async def open_loop(
    host: str,
    port: int,
    make: Callable[[int], Request],
    *,
    rate: float,
    duration: float,
    grace: float,
    max_connections: int,
) -> Outcome:
    """`rate` requests/s for `duration` s over at most `max_connections` connections."""
    count = int(rate * duration)
    outcome = Outcome(sent=count)
    idle: asyncio.Queue[Connection] = asyncio.Queue()
    for _ in range(max_connections):
        idle.put_nowait(Connection(host, port))
    start = time.perf_counter()

    async def one(i: int) -> None:
        due = start + i / rate
        await asyncio.sleep(max(0.0, due - time.perf_counter()))
        conn = await idle.get()
        try:
            reply = await conn.send(make(i))
            outcome.record(time.perf_counter() - due, reply)
            if reply.status >= 400 and len(outcome.failures) < 5:
                outcome.failures.append(f"request {i}: {reply.status} {reply.body[:200]!r}")
        except (OSError, HttpError, asyncio.IncompleteReadError) as error:
            outcome.failures.append(f"request {i}: {error}")
            conn.close()
        finally:
            idle.put_nowait(conn)

    tasks = [asyncio.ensure_future(one(i)) for i in range(count)]
    _, pending = await asyncio.wait(tasks, timeout=duration + grace)
    for task in pending:
        task.cancel()
    await asyncio.gather(*pending, return_exceptions=True)
    outcome.unanswered = len(pending)
    outcome.elapsed = time.perf_counter() - start
    while not idle.empty():
        idle.get_nowait().close()
    return outcome


async def one_by_one(
    host: str, port: int, make: Callable[[int], Request], count: int, budget: float
) -> Outcome:
    """Up to `count` requests one after another on one connection, within `budget`
    seconds (at least one): latency without load."""
    return await closed_loop(host, port, make, count, 1, budget)


async def fetch(host: str, port: int, request: Request) -> Reply:
    conn = Connection(host, port)
    try:
        return await conn.send(request)
    finally:
        conn.close()
