"""People, passwords and API tokens on SQLite and PostgreSQL."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest
from desk_builders import LOADED_AT, load_starter, starter_text
from sqlalchemy import select

from remit.bootstrap import Desk
from remit.domain.errors import InvalidInput, NotFound
from remit.domain.rights import Membership
from remit.services.people import (
    add_person,
    authenticate_token,
    find_person,
    issue_token,
    list_people,
    revoke_token,
    set_password,
    verify_password,
)
from remit.store.tables import ApiTokenRow, AuditRow, PersonRow

NOW = LOADED_AT + timedelta(days=1)
PASSWORD = "correct horse battery staple"


@dataclass(frozen=True)
class Logged:
    action: str
    detail: dict[str, Any]


def _audit(desk: Desk) -> list[Logged]:
    with desk.new_uow() as uow:
        stmt = select(AuditRow.action, AuditRow.detail).order_by(AuditRow.seq)
        return [Logged(action, detail) for action, detail in uow.session.execute(stmt)]


def test_loading_a_contract_makes_a_person_of_every_contact_with_an_email(desk: Desk) -> None:
    load_starter(desk)
    found = list_people(uow=desk.new_uow())
    acting = {p.email: p.acts_for for p in found.people}
    assert acting["j.weber@example.com"] == (Membership("client", "client.it"),)
    assert acting["desk@example-it.com"] == (Membership("provider", "provider.desk"),)
    assert "provider.oncall" in {c.ref for c in found.without_email}
    assert all(not p.has_password and not p.is_admin for p in found.people)
    added = [r for r in _audit(desk) if r.action == "person_added"]
    assert {r.detail["email"] for r in added} == set(acting)


def test_the_same_address_in_another_case_is_one_person_acting_for_both(desk: Desk) -> None:
    text = starter_text().replace(
        "support: {name: Application support, email: support@example-software.com}",
        "support: {name: Application support, email: J.Weber@Example.com}",
    )
    load_starter(desk, text)
    weber = find_person(uow=desk.new_uow(), email="j.weber@EXAMPLE.com")
    assert weber.acts_for == (
        Membership("client", "client.it"),
        Membership("developer", "developer.support"),
    )
    assert weber.actor().parties == {"client", "developer"}


def test_loading_again_adds_nobody_twice_and_keeps_an_administrator(desk: Desk) -> None:
    add_person(uow=desk.new_uow(), email="m.keller@example.com", name="M", by="cli", now=NOW)
    load_starter(desk)
    load_starter(desk, starter_text() + "\n# the same terms, a new version\n")
    emails = [p.email for p in list_people(uow=desk.new_uow()).people]
    assert len(emails) == len(set(emails))
    assert find_person(uow=desk.new_uow(), email="m.keller@example.com").name == "M"


def test_an_administrator_is_added_once_and_a_known_person_can_be_made_one(desk: Desk) -> None:
    admin = add_person(
        uow=desk.new_uow(), email=" Ops@Desk.Example ", name="Ops", is_admin=True, by="cli", now=NOW
    )
    assert (admin.email, admin.is_admin, admin.acts_for) == ("ops@desk.example", True, ())
    with pytest.raises(InvalidInput, match="known to the desk already"):
        add_person(uow=desk.new_uow(), email="ops@desk.example", name="Ops", by="cli", now=NOW)
    load_starter(desk)
    promoted = add_person(
        uow=desk.new_uow(), email="j.weber@example.com", name="J", is_admin=True, by="cli", now=NOW
    )
    assert (promoted.is_admin, promoted.name) == (True, "Jonas Weber")
    assert [r.detail["is_admin"] for r in _audit(desk) if r.action == "person_changed"] == [
        [False, True]
    ]


@pytest.mark.parametrize("email", ["", "anna", "anna@", "@client.example", "an na@client.example"])
def test_an_address_that_is_not_one_is_refused(desk: Desk, email: str) -> None:
    with pytest.raises(InvalidInput, match="not an e-mail address"):
        add_person(uow=desk.new_uow(), email=email, name="A", by="cli", now=NOW)


def test_a_password_is_hashed_with_argon2id_and_verified(desk: Desk) -> None:
    add_person(uow=desk.new_uow(), email="ops@desk.example", name="Ops", by="cli", now=NOW)
    assert verify_password(uow=desk.new_uow(), email="ops@desk.example", password=PASSWORD) is None
    set_password(uow=desk.new_uow(), email="ops@desk.example", password=PASSWORD, by="cli", now=NOW)
    with desk.new_uow() as uow:
        stored = uow.session.execute(select(PersonRow.password_hash)).scalar_one()
    assert stored is not None
    assert stored.startswith("$argon2id$")
    assert PASSWORD not in stored
    signed_in = verify_password(uow=desk.new_uow(), email="OPS@desk.example", password=PASSWORD)
    assert signed_in is not None
    assert signed_in.email == "ops@desk.example"
    assert verify_password(uow=desk.new_uow(), email="ops@desk.example", password="wrong") is None
    assert verify_password(uow=desk.new_uow(), email="nobody@x.example", password=PASSWORD) is None
    [entry] = [r for r in _audit(desk) if r.action == "password_set"]
    assert PASSWORD not in str(entry.detail)
    assert stored not in str(entry.detail)


def test_a_short_password_or_an_unknown_person_is_refused(desk: Desk) -> None:
    add_person(uow=desk.new_uow(), email="ops@desk.example", name="Ops", by="cli", now=NOW)
    with pytest.raises(InvalidInput, match="at least 12"):
        set_password(
            uow=desk.new_uow(), email="ops@desk.example", password="short", by="c", now=NOW
        )
    with pytest.raises(NotFound, match=r"nobody@desk\.example"):
        set_password(
            uow=desk.new_uow(), email="nobody@desk.example", password=PASSWORD, by="c", now=NOW
        )


def test_a_token_is_shown_once_stored_hashed_and_signs_its_person_in(desk: Desk) -> None:
    load_starter(desk)
    issued = issue_token(
        uow=desk.new_uow(), email="j.weber@example.com", name="monitoring", by="cli", now=NOW
    )
    with desk.new_uow() as uow:
        digest, prefix = uow.session.execute(select(ApiTokenRow.hash, ApiTokenRow.prefix)).one()
    assert issued.secret not in (digest, prefix)
    assert prefix in issued.secret
    person = authenticate_token(uow=desk.new_uow(), token=issued.secret, now=NOW)
    assert person is not None
    assert person.email == "j.weber@example.com"
    assert person.actor().contacts == {"client.it"}
    [listed] = [p for p in list_people(uow=desk.new_uow()).people if p.tokens]
    assert [(t.name, t.last_used_at) for t in listed.tokens] == [("monitoring", NOW)]
    assert all(issued.secret not in str(r.detail) for r in _audit(desk))


@pytest.mark.parametrize(
    "mangle",
    [
        lambda s: s[:-1] + ("A" if s[-1] != "A" else "B"),  # same prefix, another secret
        lambda s: s.replace("remit_", "other_"),
        lambda s: s[:30],
        lambda s: "",
        lambda s: "remit_" + "0" * 16 + "_" + s.split("_", 2)[2],  # another prefix
    ],
)
def test_a_wrong_token_signs_nobody_in(desk: Desk, mangle: object) -> None:
    add_person(uow=desk.new_uow(), email="ops@desk.example", name="Ops", by="cli", now=NOW)
    issued = issue_token(uow=desk.new_uow(), email="ops@desk.example", name="ci", by="c", now=NOW)
    wrong = mangle(issued.secret)  # type: ignore[operator]
    assert wrong != issued.secret
    assert authenticate_token(uow=desk.new_uow(), token=wrong, now=NOW) is None


def test_a_revoked_token_signs_nobody_in_and_its_name_is_free_again(desk: Desk) -> None:
    add_person(uow=desk.new_uow(), email="ops@desk.example", name="Ops", by="cli", now=NOW)
    issued = issue_token(uow=desk.new_uow(), email="ops@desk.example", name="ci", by="c", now=NOW)
    with pytest.raises(InvalidInput, match="has a token named 'ci' already"):
        issue_token(uow=desk.new_uow(), email="ops@desk.example", name="ci", by="c", now=NOW)
    revoked = revoke_token(uow=desk.new_uow(), email="ops@desk.example", name="ci", by="c", now=NOW)
    assert revoked.revoked_at == NOW
    assert authenticate_token(uow=desk.new_uow(), token=issued.secret, now=NOW) is None
    with pytest.raises(NotFound, match="'ci'"):
        revoke_token(uow=desk.new_uow(), email="ops@desk.example", name="ci", by="c", now=NOW)
    again = issue_token(uow=desk.new_uow(), email="ops@desk.example", name="ci", by="c", now=NOW)
    assert authenticate_token(uow=desk.new_uow(), token=again.secret, now=NOW) is not None
    actions = [r.action for r in _audit(desk)]
    assert (actions.count("token_issued"), actions.count("token_revoked")) == (2, 1)


def test_an_inactive_person_is_not_signed_in(desk: Desk) -> None:
    add_person(uow=desk.new_uow(), email="ops@desk.example", name="Ops", by="cli", now=NOW)
    issued = issue_token(uow=desk.new_uow(), email="ops@desk.example", name="ci", by="c", now=NOW)
    set_password(uow=desk.new_uow(), email="ops@desk.example", password=PASSWORD, by="c", now=NOW)
    with desk.new_uow() as uow:
        uow.session.execute(select(PersonRow)).scalar_one().active = False
        uow.commit()
    assert authenticate_token(uow=desk.new_uow(), token=issued.secret, now=NOW) is None
    assert verify_password(uow=desk.new_uow(), email="ops@desk.example", password=PASSWORD) is None


@pytest.mark.parametrize("name", ["", "   ", "x" * 101, "tab\tname"])
def test_a_token_name_that_cannot_be_shown_is_refused(desk: Desk, name: str) -> None:
    add_person(uow=desk.new_uow(), email="ops@desk.example", name="Ops", by="cli", now=NOW)
    with pytest.raises(InvalidInput, match="token name"):
        issue_token(uow=desk.new_uow(), email="ops@desk.example", name=name, by="c", now=NOW)
