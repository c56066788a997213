"""Migration 0009 re-seals an existing SHA-256 chain once with the key, and says so."""

from __future__ import annotations

import pytest
from desk_builders import T0, load_starter, minutes, open_a_ticket
from sqlalchemy import text

from audit_key import TEST_KEY
from remit.bootstrap import Desk
from remit.domain.errors import AuditKeyMissing
from remit.services import tickets
from remit.services.audit import verify_audit
from remit.store import audit_log
from remit.store.migrate import current_revision, downgrade, upgrade


@pytest.fixture
def legacy(committing_desk: Desk) -> Desk:
    """Three records and a ticket, taken back to the unkeyed chain of revision 0007."""
    load_starter(committing_desk)
    ticket = open_a_ticket(committing_desk).id
    tickets.take_ticket(
        uow=committing_desk.new_uow(), ticket_id=ticket, by="provider", now=T0 + minutes(5)
    )
    downgrade(committing_desk.engine, "0007")
    return committing_desk


def _actions(desk: Desk) -> list[tuple[str, dict[str, object]]]:
    with desk.new_uow() as uow:
        return [(r.entry.action, dict(r.entry.detail)) for r in audit_log.records(uow.session)]


def test_the_migration_refuses_without_a_key_and_changes_nothing(legacy: Desk) -> None:
    with pytest.raises(AuditKeyMissing, match="REMIT_AUDIT_KEY"):
        upgrade(legacy.engine)
    assert current_revision(legacy.engine) == "0007"


def test_the_migration_reseals_the_chain_and_records_it(legacy: Desk) -> None:
    upgrade(legacy.engine, audit_key=TEST_KEY)
    result = verify_audit(uow=legacy.new_uow())
    assert (result.intact, result.records) == (True, 5)
    actions = _actions(legacy)
    assert [a for a, _ in actions] == [
        "contract_loaded",
        "opened",
        "taken",
        "audit_resealed",
        "facts_sealed",
    ]
    resealed = actions[3][1]
    assert resealed["message"] == f"chain re-sealed with key {TEST_KEY.key_id}"
    assert (resealed["records"], resealed["findings_before"]) == (3, [])


def test_a_break_in_the_old_chain_is_kept_in_view(legacy: Desk) -> None:
    with legacy.engine.begin() as connection:
        connection.execute(text("UPDATE audit_log SET actor = 'someone-else' WHERE seq = 2"))
    upgrade(legacy.engine, audit_key=TEST_KEY)
    resealed = dict(_actions(legacy))["audit_resealed"]
    assert resealed["findings_before"] == ["record 2 edited"]


def test_an_edited_ticket_row_is_caught_after_the_migration(legacy: Desk) -> None:
    upgrade(legacy.engine, audit_key=TEST_KEY)
    with legacy.engine.begin() as connection:
        connection.execute(text("UPDATE tickets SET state = 'closed'"))
    [finding] = verify_audit(uow=legacy.new_uow()).findings
    assert (finding.seq, finding.problem.value) == (5, "ticket")
