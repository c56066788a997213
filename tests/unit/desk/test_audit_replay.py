"""A ticket's stored facts are judged against its newest record's, and its states must
follow the state machine."""

from __future__ import annotations

from datetime import UTC, datetime

from remit.domain.audit import Anchor, AuditKey, Entry, JsonValue, Record, Tampering, seal
from remit.domain.audit_replay import replay, ticket_facts

T0 = datetime(2026, 3, 8, 1, 10, tzinfo=UTC)
KEY = AuditKey.from_secret(b"unit-test-audit-key-0123456789abcdef")


def facts(state: str, *breaches: str, response_due: datetime | None = T0) -> dict[str, JsonValue]:
    fields = {
        "state": state,
        "response_due": response_due,
        "response_breach_at": None,
        "recovery_due": None,
        "recovery_breach_at": None,
        "next_update_due": None,
    }
    return ticket_facts(fields, breaches)


def records(*states: dict[str, JsonValue]) -> list[Record]:
    entries = [Entry(T0, "provider", "step", 1, {}, f) for f in states]
    return seal(Anchor(), entries, KEY)


def test_a_row_that_matches_its_newest_record_passes() -> None:
    assert replay(records(facts("new"), facts("in_progress")), {1: facts("in_progress")}) == []


def test_each_edited_field_is_named_in_one_finding() -> None:
    stored = facts("closed", response_due=None)
    [finding] = replay(records(facts("new", "response")), {1: stored})
    assert (finding.seq, finding.problem) == (1, Tampering.TICKET)
    assert "stored state is 'closed'" in finding.message
    assert "stored response_due is none" in finding.message
    assert "stored breaches is []" in finding.message


def test_a_deleted_ticket_row_is_reported() -> None:
    [finding] = replay(records(facts("new")), {})
    assert "gone from the database" in finding.message


def test_a_step_the_state_machine_never_takes_is_reported() -> None:
    found = replay(records(facts("rejected"), facts("in_progress")), {1: facts("in_progress")})
    assert [(f.seq, f.problem) for f in found] == [(2, Tampering.TICKET)]


def test_records_without_facts_judge_nothing() -> None:
    entries = [Entry(T0, "provider", "step", 1, {})]
    assert replay(seal(Anchor(), entries, KEY), {1: facts("closed")}) == []


def test_a_breach_that_disappears_between_records_is_reported() -> None:
    found = replay(
        records(facts("new", "response"), facts("in_progress")), {1: facts("in_progress")}
    )
    assert [(f.seq, f.problem) for f in found] == [(2, Tampering.TICKET)]
    assert "breach response recorded by record 1 is gone from record 2" in found[0].message
