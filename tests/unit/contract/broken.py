"""A small contract that uses every kind of reference, and helpers to break it.

Tests edit `BASE` with `edit(old, new)` and compute the expected position of a
problem with `at(text, snippet)`, so each assertion states the exact line
``contract.yaml:LINE:COL: path: message`` without counting lines by hand.
"""

from __future__ import annotations

from remit.contract import ContractError, load_contract_text

NAME = "contract.yaml"

BASE = """\
contract:
  name: Support agreement
  version: "1.0"
  effective_from: 2026-01-01
  client: acme
parties:
  acme:
    name: Acme Ltd
    roles: [client]
    calendar: office
    contacts:
      owner: {name: Ada Owner}
  itp:
    name: IT Partner
    roles: it_provider
    calendar: office
    contacts:
      desk: {name: Service desk, after_hours: false}
calendars:
  office:
    timezone: Europe/Berlin
    hours:
      mon-fri: ["08:00-18:00"]
    holidays:
      - {country: DE, subdivision: BE}
  always:
    timezone: UTC
    always_open: true
layers:
  os: {kind: os, primary: itp}
  app: {kind: application, primary: itp}
objects:
  srv-1: {kind: server, layers: [os], owner: acme.owner, support_hours: always}
  erp: {kind: application, layers: app, depends_on: srv-1}
priorities:
  levels:
    P1: {description: Everything is down}
    P2: {description: Something is slow}
  matrix:
    organization: {work_stopped: P1, degraded: P2, can_wait: P2}
  categories:
    outage: {description: Down, urgency: work_stopped}
sla:
  targets:
    - {priorities: P1, categories: outage, response: 15m, recovery: 4h, calendar: always}
escalation:
  levels:
    - {name: helpdesk, party: itp, contact: itp.desk}
    - {name: management, party: acme}
  triggers:
    - {at: 50%, of: recovery, level: management}
pauses:
  - {reason: no_access, description: No access}
  - {reason: no_approver, description: No approver}
backups:
  - {name: nightly, objects: [srv-1]}
records:
  retention_years: 5
closure:
  customer_confirmation: true
"""


def edit(old: str, new: str, text: str = BASE) -> str:
    """`text` with the one occurrence of `old` replaced by `new`."""
    assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times"
    return text.replace(old, new)


def locate(text: str, snippet: str, nth: int = 1) -> tuple[int, int]:
    """1-based line and column of the `nth` occurrence of `snippet` in `text`."""
    index = -1
    for _ in range(nth):
        index = text.index(snippet, index + 1)
    line = text.count("\n", 0, index) + 1
    column = index - (text.rfind("\n", 0, index) + 1) + 1
    return line, column


def at(text: str, snippet: str, nth: int = 1) -> str:
    """``line:column`` of the `nth` occurrence of `snippet`, as a problem line starts."""
    line, column = locate(text, snippet, nth)
    return f"{line}:{column}"


def spelled(text: str, snippet: str, nth: int = 1) -> str:
    """``line L, column C`` of the `nth` occurrence of `snippet`, as messages spell it."""
    line, column = locate(text, snippet, nth)
    return f"line {line}, column {column}"


def problems(text: str, name: str = NAME) -> list[str]:
    """Every problem `load_contract_text` reports for `text`, as printed."""
    try:
        load_contract_text(text, name)
    except ContractError as error:
        return [str(p) for p in error.problems]
    raise AssertionError("the contract loaded without problems")
