"""Sub-accounts: a grant never gives more than its inviter has, and intake accepts a
sub-account's request within its grant and nothing outside it (seed 003)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from remit.contract import load_contract
from remit.domain.contract import Contract
from remit.domain.errors import InvalidInput, NotPermitted
from remit.domain.rights import Actor, Membership, authorized_request, manages_sub_accounts
from remit.domain.subaccounts import (
    EVERYTHING,
    NOTHING,
    Grant,
    checked_grant,
    effective,
    reach,
    require_within,
)
from remit.domain.ticket import RequestKind

ROOT = Path(__file__).resolve().parents[3]
HOSTING = ROOT / "examples" / "managed-hosting-authorization.yaml"
OBJECTS = ("web-1", "web-2", "db-1", "mail", "dns")
TECHNICAL, BILLING = RequestKind.TECHNICAL, RequestKind.BILLING


@cache
def hosting() -> Contract:
    return load_contract(HOSTING).contract


grants = st.builds(
    Grant,
    technical=st.booleans(),
    billing=st.booleans(),
    objects=st.none() | st.frozensets(st.sampled_from(OBJECTS)),
)
requests = st.tuples(st.sampled_from([TECHNICAL, BILLING]), st.lists(st.sampled_from(OBJECTS)))


def _covered(grant: Grant) -> set[tuple[RequestKind, frozenset[str]]]:
    """Every request (kind, objects) over `OBJECTS` the grant covers, by brute force."""
    subsets = [frozenset(o for i, o in enumerate(OBJECTS) if n >> i & 1) for n in range(32)]
    return {(k, s) for k in (TECHNICAL, BILLING) for s in subsets if grant.covers(k, s)}


@given(grants, grants)
def test_a_grant_within_its_inviters_covers_no_request_the_inviter_does_not(
    grant: Grant, inviter: Grant
) -> None:
    if grant.within(inviter):
        assert _covered(grant) <= _covered(inviter)


@given(grants, grants)
def test_what_a_sub_account_gets_at_intake_never_exceeds_its_inviter(
    grant: Grant, inviter: Grant
) -> None:
    got = effective(grant, inviter)
    assert got.within(inviter)
    assert got.within(grant)
    assert _covered(got) == _covered(grant) & _covered(inviter)


@given(grants, grants)
def test_a_grant_beyond_the_inviter_is_refused_naming_both(grant: Grant, inviter: Grant) -> None:
    if grant.within(inviter):
        require_within(grant, inviter, by="p.raman@example.co.uk")
        return
    with pytest.raises(NotPermitted, match="never gets more than its inviter"):
        require_within(grant, inviter, by="p.raman@example.co.uk")


@given(requests)
def test_everything_covers_every_request_and_nothing_none(
    request: tuple[RequestKind, list[str]],
) -> None:
    kind, objects = request
    assert EVERYTHING.covers(kind, objects)
    assert not NOTHING.covers(kind, objects)


def test_a_grant_limited_to_objects_needs_a_request_that_names_only_those() -> None:
    web = Grant(technical=True, billing=False, objects=frozenset({"web-1"}))
    assert web.covers(TECHNICAL, ["web-1"])
    assert not web.covers(TECHNICAL, [])  # names no product: not one of its products
    assert not web.covers(TECHNICAL, ["web-1", "db-1"])
    assert not web.covers(BILLING, ["web-1"])


def test_the_primary_contact_reaches_everything_a_limited_contact_only_its_kinds() -> None:
    contract = hosting()
    assert reach(contract, "client.digital") == EVERYTHING  # the primary contact
    assert reach(contract, "client.finance") == Grant(technical=False, billing=True)
    assert reach(contract, "client.ops") == Grant(technical=True, billing=False)
    assert reach(contract, "provider.desk") == Grant(technical=False, billing=False)
    assert reach(contract, None).kinds == frozenset()


def test_a_grant_names_a_kind_and_only_objects_of_the_contract() -> None:
    contract = hosting()
    known = next(iter(contract.objects))
    assert checked_grant(contract, technical=True, billing=False, objects=[known]).objects == {
        known
    }
    with pytest.raises(InvalidInput, match="technical or billing"):
        checked_grant(contract, technical=False, billing=False, objects=None)
    with pytest.raises(InvalidInput, match="objects not in the contract: nowhere"):
        checked_grant(contract, technical=True, billing=False, objects=["nowhere"])
    with pytest.raises(InvalidInput, match="at least one object"):
        checked_grant(contract, technical=True, billing=False, objects=[])


def test_intake_accepts_a_sub_account_within_its_grant_and_nothing_else() -> None:
    contract = hosting()
    known = next(iter(contract.objects))
    grant = Grant(technical=True, billing=False, objects=frozenset({known}))
    assert authorized_request(contract, None, TECHNICAL, [known], grant)
    assert not authorized_request(contract, None, BILLING, [known], grant)
    assert not authorized_request(contract, None, TECHNICAL, [], grant)
    assert not authorized_request(contract, None, TECHNICAL, [known], None)
    assert authorized_request(contract, "client.digital", BILLING, [], None)  # the contract's own


def test_only_the_client_authority_manages_sub_accounts() -> None:
    contract = hosting()

    def actor(ref: str) -> Actor:
        return Actor("x@example.org", frozenset({Membership(ref.split(".")[0], ref)}))

    assert manages_sub_accounts(actor("client.digital"), contract)
    assert manages_sub_accounts(actor("client.ops"), contract)  # confirms completion
    assert not manages_sub_accounts(actor("client.it"), contract)  # a contract sub-account
    assert not manages_sub_accounts(actor("provider.desk"), contract)
    assert not manages_sub_accounts(Actor("admin@example.org", is_admin=True), contract)
