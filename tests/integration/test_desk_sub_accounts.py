"""Sub-accounts through the services on both engines: whatever a client authority asks
to grant, what is stored never exceeds what the authority may request itself, and
intake accepts exactly the requests the grant covers (Hypothesis); a new contract
version that takes a right from the inviter takes it from its sub-accounts."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from remit.bootstrap import Desk
from remit.domain.errors import NotPermitted
from remit.domain.subaccounts import Grant
from remit.domain.terms import Impact
from remit.domain.ticket import RequestKind
from remit.services.contracts import load_contract_version
from remit.services.intake import Intake, open_ticket
from remit.services.subaccounts import GrantAsked, add_sub_account

HOSTING = Path(__file__).parents[2] / "examples" / "managed-hosting-authorization.yaml"
NOW = datetime(2026, 3, 10, 10, 0, tzinfo=UTC)  # a Tuesday morning
PRIMARY = "p.raman@thameside.example.co.uk"  # client.digital: may request everything
OPS = "t.gallagher@thameside.example.co.uk"  # client.ops: an authority, technical only
CEO = "e.whitcombe@thameside.example.co.uk"  # client.ceo: the client owner, billing only
# What each client authority may request itself, by the contract's `authorization`.
REACH = {
    PRIMARY: Grant(technical=True, billing=True),
    OPS: Grant(technical=True, billing=False),
    CEO: Grant(technical=False, billing=True),
}
OBJECTS = ("haproxy", "nginx", "redis")
_numbers = itertools.count(1)


def _load(desk: Desk, text: str | None = None, day: int = 1) -> None:
    load_contract_version(
        uow=desk.new_uow(),
        text=text if text is not None else HOSTING.read_text(encoding="utf-8"),
        source_name="thameside.yaml",
        actor="test",
        now=datetime(2026, 3, day, tzinfo=UTC),
        line="thameside",
    )


def _request(desk: Desk, email: str, billing: bool, objects: tuple[str, ...]) -> str:
    intake = Intake(
        requester=email,
        title="The shop is slow",
        symptoms="pages take 20 s",
        who_cannot_work="buyers",
        scope=Impact.DEPARTMENT,
        category="degradation",
        objects=objects,
        kind=RequestKind.BILLING if billing else RequestKind.TECHNICAL,
    )
    return open_ticket(uow=desk.new_uow(), intake=intake, now=NOW, line="thameside").state


grants = st.builds(
    GrantAsked,
    technical=st.booleans(),
    billing=st.booleans(),
    objects=st.none() | st.lists(st.sampled_from(OBJECTS), min_size=1, unique=True).map(tuple),
).filter(lambda g: g.technical or g.billing)
asks = st.tuples(st.booleans(), st.lists(st.sampled_from(OBJECTS), unique=True).map(tuple))


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(by=st.sampled_from(sorted(REACH)), asked=grants, requests=st.lists(asks, max_size=3))
def test_a_grant_never_exceeds_its_inviter_and_intake_follows_it(
    desk: Desk, by: str, asked: GrantAsked, requests: list[tuple[bool, tuple[str, ...]]]
) -> None:
    if not _loaded(desk):
        _load(desk)
    email = f"sub-{next(_numbers)}@agency.example"
    wanted = Grant(
        asked.technical,
        asked.billing,
        None if asked.objects is None else frozenset(asked.objects),
    )
    try:
        added = add_sub_account(
            uow=desk.new_uow(), line="thameside", email=email, name="S", grant=asked, by=by, now=NOW
        )
    except NotPermitted:
        assert not wanted.within(REACH[by])
        assert _request(desk, email, False, OBJECTS[:1]) == "held"  # nobody was added
        return
    stored = Grant(
        added.technical,
        added.billing,
        None if added.objects is None else frozenset(added.objects),
    )
    assert stored == wanted
    assert stored.within(REACH[by])
    for billing, objects in requests:
        kind = RequestKind.BILLING if billing else RequestKind.TECHNICAL
        expected = "new" if stored.covers(kind, objects) else "held"
        assert _request(desk, email, billing, objects) == expected


def _loaded(desk: Desk) -> bool:
    with desk.new_uow() as uow:
        return uow.lines.by_key("thameside") is not None


def test_a_right_the_inviter_loses_its_sub_accounts_lose(desk: Desk) -> None:
    _load(desk)
    add_sub_account(
        uow=desk.new_uow(),
        line="thameside",
        email="dev@agency.example",
        name="Dev",
        grant=GrantAsked(technical=True, billing=True),
        by=PRIMARY,
        now=NOW,
    )
    assert _request(desk, "dev@agency.example", True, ()) == "new"
    data = yaml.safe_load(HOSTING.read_text(encoding="utf-8"))
    data["authorization"]["primary_contact"] = "client.it"  # client.digital: no longer primary
    _load(desk, yaml.safe_dump(data, sort_keys=False), day=2)
    assert _request(desk, "dev@agency.example", True, ()) == "held"  # digital has no billing now
    assert _request(desk, "dev@agency.example", False, ()) == "held"  # nor technical


def test_a_limited_authority_is_refused_a_grant_beyond_it(desk: Desk) -> None:
    _load(desk)
    with pytest.raises(NotPermitted, match="never gets more than its inviter"):
        add_sub_account(
            uow=desk.new_uow(),
            line="thameside",
            email="dev@agency.example",
            name="Dev",
            grant=GrantAsked(technical=True, billing=True),
            by=OPS,
            now=NOW,
        )
