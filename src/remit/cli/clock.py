"""`remit clock CONTRACT --calendar NAME due|breach-at|elapsed ...`: business time on the command line.

Instants are ISO 8601 with an offset (``2026-03-02T09:00+01:00``, ``...Z``); answers
are given on the calendar's wall clock with its zone named (JSON adds UTC);
durations are written as in the contract (``4h``, ``1h30m``, ``90m``, ``45s``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Annotated, TypeVar
from zoneinfo import ZoneInfo

import typer
from typer.core import TyperGroup

from remit.cli.output import fail, open_contract, print_json
from remit.contract.durations import format_duration, parse_duration
from remit.domain.bounds import instant_problem
from remit.domain.clock import Clock, ClockError, Pause

T = TypeVar("T")


class _ClockGroup(TyperGroup):
    """Reads ``CONTRACT --calendar NAME COMMAND``.

    A group stops reading its options at its first positional argument, so
    `--calendar` is moved ahead of CONTRACT first; and ``clock due --help`` shows
    the help of `due` although CONTRACT and `--calendar` are not given.
    """

    # typer.Context subclasses the Context of the click copy typer bundles, named privately.
    def parse_args(self, ctx: typer.Context, args: list[str]) -> list[str]:  # type: ignore[override]
        words = [a for a in args if not a.startswith("-")]
        if "--help" in args and words and words[0] in self.commands:
            args = ["--calendar", "-", "-", *args]  # placeholders: only help is shown
        elif "--help" in args and not any(a.partition("=")[0] == "--calendar" for a in args):
            args = ["--calendar", "-", *args]  # `clock CONTRACT --help`: only help is shown
        return super().parse_args(ctx, _calendar_first(args))


def _calendar_first(args: list[str]) -> list[str]:
    front: list[str] = []
    rest: list[str] = []
    positionals, i = 0, 0
    while i < len(args) and positionals < 2:
        token = args[i]
        if token == "--calendar":
            front += args[i : i + 2]
            i += 2
            continue
        if token.startswith("--calendar="):
            front.append(token)
        else:
            positionals += not token.startswith("-")
            rest.append(token)
        i += 1
    return front + rest + args[i:]


clock_app = typer.Typer(
    cls=_ClockGroup,
    help="Business time on a contract calendar: when a target is due, when it is breached, "
    "how much business time a span holds.",
    no_args_is_help=True,
)

PauseOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--pause",
        metavar="FROM/TO",
        help="A pause taken out of business time, two ISO 8601 instants; repeatable.",
    ),
]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print the answer as JSON.")]
StartArg = Annotated[str, typer.Argument(metavar="START", help="ISO 8601 instant with offset.")]
DurationArg = Annotated[
    str, typer.Argument(metavar="DURATION", help="Business time, e.g. 4h, 1h30m, 90m, 45s.")
]


@dataclass(frozen=True, slots=True)
class _Target:
    contract: str
    calendar: str

    def clock(self) -> Clock:
        calendars = open_contract(self.contract).contract.calendars
        if self.calendar not in calendars:
            known = ", ".join(sorted(calendars)) or "none"
            fail(f"no calendar {self.calendar!r} in {self.contract} (calendars: {known})")
        return Clock(calendars[self.calendar])


@clock_app.callback()
def select(
    ctx: typer.Context,
    contract: Annotated[str, typer.Argument(metavar="CONTRACT", help="The contract YAML file.")],
    calendar: Annotated[
        str, typer.Option("--calendar", metavar="NAME", help="A calendar of the contract.")
    ],
) -> None:
    """Business time on a contract calendar: due times, breach instants, elapsed time."""
    ctx.obj = _Target(contract, calendar)


@clock_app.command()
def due(
    ctx: typer.Context,
    start: StartArg,
    duration: DurationArg,
    pause: PauseOpt = None,
    json: JsonOpt = False,
) -> None:
    """The earliest instant at which DURATION of business time has elapsed since START."""
    _deadline(ctx.obj, "due", start, duration, pause or [], json)


@clock_app.command("breach-at")
def breach_at(
    ctx: typer.Context,
    start: StartArg,
    duration: DurationArg,
    pause: PauseOpt = None,
    json: JsonOpt = False,
) -> None:
    """The first instant after which more than DURATION of business time has elapsed."""
    _deadline(ctx.obj, "breach_at", start, duration, pause or [], json)


@clock_app.command()
def elapsed(
    ctx: typer.Context,
    start: StartArg,
    end: Annotated[str, typer.Argument(metavar="END", help="ISO 8601 instant with offset.")],
    pause: PauseOpt = None,
    json: JsonOpt = False,
) -> None:
    """Business time between START and END (END excluded), pauses taken out."""
    target: _Target = ctx.obj
    a, b, pauses = _instant(start, "START"), _instant(end, "END"), _pauses(pause or [])
    clock = target.clock()
    seconds = _ask(lambda: clock.elapsed(a, b, pauses))
    if json:
        print_json(
            {**_head(target, clock), "start": _iso(a), "end": _iso(b)}
            | {"pauses": _iso_pauses(pauses), "elapsed_seconds": seconds}
        )
        return
    typer.echo(f"{format_duration(seconds)} ({seconds} s)")


def _deadline(
    target: _Target, kind: str, start: str, duration: str, pause: list[str], json: bool
) -> None:
    begin, pauses = _instant(start, "START"), _pauses(pause)
    try:
        seconds = parse_duration(duration)
    except ValueError as error:
        fail(f"DURATION: {error}")
    clock = target.clock()
    ask = clock.due if kind == "due" else clock.breach_at
    answer = _ask(lambda: ask(begin, seconds, pauses))
    zone = ZoneInfo(clock.spec.timezone)
    if json:
        print_json(
            {**_head(target, clock), "start": _iso(begin), "duration_seconds": seconds}
            | {"pauses": _iso_pauses(pauses), kind: _iso(answer)}
            | {f"{kind}_local": answer.astimezone(zone).isoformat()}
        )
        return
    # the instant on the calendar's wall clock, exact (ISO 8601 with offset), zone named
    typer.echo(f"{answer.astimezone(zone).isoformat()} {clock.spec.timezone}")


def _ask(question: Callable[[], T]) -> T:
    try:
        return question()
    except ClockError as error:
        fail(str(error))


def _instant(text: str, what: str) -> datetime:
    try:
        value = datetime.fromisoformat(text.strip())
    except ValueError:
        fail(f"{what}: {text!r} is not an ISO 8601 instant such as 2026-03-02T09:00+01:00")
    if value.utcoffset() is None:
        fail(f"{what}: {text!r} has no offset; write it like {text.strip()}+01:00 or with Z")
    problem = instant_problem(value)
    if problem is not None:
        fail(f"{what}: {problem}")
    return value


def _pauses(texts: list[str]) -> list[Pause]:
    pauses = []
    for text in texts:
        parts = text.split("/")
        if len(parts) != 2:
            fail(f"--pause: {text!r} is not FROM/TO, e.g. 2026-03-02T10:00Z/2026-03-02T12:00Z")
        begin, end = _instant(parts[0], "--pause FROM"), _instant(parts[1], "--pause TO")
        if end < begin:
            fail(f"--pause: {text!r} ends before it starts")
        pauses.append((begin, end))
    return pauses


def _head(target: _Target, clock: Clock) -> dict[str, str]:
    return {"calendar": target.calendar, "timezone": clock.spec.timezone}


def _iso(instant: datetime) -> str:
    return instant.astimezone(UTC).isoformat()


def _iso_pauses(pauses: list[Pause]) -> list[list[str]]:
    return [[_iso(a), _iso(b)] for a, b in pauses]


def register(app: typer.Typer) -> None:
    app.add_typer(clock_app, name="clock")
