"""The keyed chain tells an edited, a deleted, a reordered and a forged record apart,
and an anchor tells a chain cut back from one that never grew."""

from __future__ import annotations

import hashlib
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from remit.domain.audit import (
    GENESIS,
    Anchor,
    AuditKey,
    Entry,
    Head,
    Record,
    Tampering,
    anchor_from_json,
    anchor_is_signed,
    canonical,
    check_anchor,
    export_anchor,
    seal,
    sign_head,
    verify,
)
from remit.domain.errors import InvalidInput

T0 = datetime(2026, 3, 8, 1, 10, tzinfo=UTC)
KEY = AuditKey.from_secret(b"unit-test-audit-key-0123456789abcdef")
KEYS = {KEY.key_id: KEY}


def chain(n: int = 5) -> list[Record]:
    entries = [
        Entry(T0 + timedelta(minutes=i), "provider", f"step{i}", 1, {"i": i}) for i in range(n)
    ]
    return seal(Anchor(), entries, KEY)


def head(records: list[Record], start: Anchor | None = None) -> Head:
    return sign_head(Anchor(records[-1].seq, records[-1].hash), start or Anchor(), KEY)


def problems(records: list[Record], original: list[Record]) -> list[tuple[int, Tampering]]:
    return [(f.seq, f.problem) for f in verify(records, head(original), KEYS)]


def test_a_key_is_long_enough_and_its_id_reveals_nothing_of_it() -> None:
    with pytest.raises(ValueError, match="32"):
        AuditKey.from_secret(b"short")
    assert len(KEY.key_id) == 16
    assert KEY.key_id not in KEY.secret.hex()


def test_an_untouched_chain_verifies_and_links_from_genesis() -> None:
    records = chain()
    assert records[0].prev_hash == GENESIS
    assert [r.seq for r in records] == [1, 2, 3, 4, 5]
    assert {r.key_id for r in records} == {KEY.key_id}
    assert verify(records, head(records), KEYS) == []


def test_an_edit_is_reported_at_its_record() -> None:
    records = chain()
    edited = list(records)
    edited[2] = replace(records[2], entry=replace(records[2].entry, actor="someone"))
    assert problems(edited, records) == [(3, Tampering.EDITED)]


def test_a_chain_resealed_with_sha256_or_another_key_fails_every_seal() -> None:
    records = chain()
    other = AuditKey(KEY.key_id, b"another key of the same length, 0123456789")
    resealed = seal(Anchor(), [r.entry for r in records], other)
    assert problems(resealed, records)[:5] == [(n, Tampering.EDITED) for n in range(1, 6)]
    prev, plain = GENESIS, []
    for record in records:
        digest = hashlib.sha256(prev.encode() + b"\n" + canonical(record.entry, KEY.key_id))
        plain.append(replace(record, prev_hash=prev, hash=digest.hexdigest()))
        prev = digest.hexdigest()
    assert [p for p, _ in problems(plain, records)][:5] == [1, 2, 3, 4, 5]


def test_deletions_inside_and_at_the_end_are_reported() -> None:
    records = chain()
    assert problems([*records[:1], *records[2:]], records) == [(2, Tampering.DELETED)]
    assert problems(records[:4], records) == [(5, Tampering.DELETED)]


def test_swapped_positions_are_reported_as_reordered() -> None:
    records = chain()
    swapped = [records[0], replace(records[2], seq=2), replace(records[1], seq=3), *records[3:]]
    found = problems(swapped, records)
    assert found[:2] == [(2, Tampering.REORDERED), (3, Tampering.REORDERED)]


def test_verification_continues_from_a_purge_anchor() -> None:
    records = chain()
    start = Anchor(records[1].seq, records[1].hash)
    assert verify(records[2:], head(records, start), KEYS) == []


def test_a_head_moved_by_hand_or_sealed_with_an_unknown_key_is_reported() -> None:
    records = chain()
    moved = replace(head(records), end=Anchor(records[2].seq, records[2].hash))
    assert (3, Tampering.HEAD) in [(f.seq, f.problem) for f in verify(records[:3], moved, KEYS)]
    [finding] = verify(records, head(records), {})[:1]
    assert finding.problem is Tampering.UNKNOWN_KEY


def test_an_anchor_catches_a_chain_cut_back_to_an_earlier_signed_head() -> None:
    records = chain()
    anchor = export_anchor(Anchor(5, records[-1].hash), T0, KEY)
    assert anchor_is_signed(anchor, KEYS)
    earlier = head(records[:3])  # a signed head the writer kept
    assert verify(records[:3], earlier, KEYS) == []  # consistent on its own
    [cut] = check_anchor(anchor, records[:3], earlier)
    assert (cut.seq, cut.problem) == (4, Tampering.TRUNCATED)
    [gone] = check_anchor(anchor, [], sign_head(Anchor(), Anchor(), KEY))
    assert (gone.seq, gone.problem) == (1, Tampering.TRUNCATED)
    assert check_anchor(anchor, records, head(records)) == []


def test_an_anchor_catches_a_rewritten_record_at_its_position() -> None:
    records = chain()
    anchor = export_anchor(Anchor(3, records[2].hash), T0, KEY)
    rewritten = seal(Anchor(), [replace(r.entry, actor="x") for r in records], KEY)
    [differs] = check_anchor(anchor, rewritten, head(rewritten))
    assert (differs.seq, differs.problem) == (3, Tampering.EDITED)


def test_an_altered_anchor_is_not_signed_and_junk_is_not_an_anchor() -> None:
    anchor = export_anchor(Anchor(3, "ab" * 32), T0, KEY)
    assert not anchor_is_signed(replace(anchor, seq=4), KEYS)
    import json

    assert anchor_from_json(json.dumps(anchor.as_json()), "a.json") == anchor
    for junk in (
        "",
        "[]",
        '{"format": "remit-audit-anchor/1"}',
        json.dumps(anchor.as_json() | {"seq": "3"}),
    ):
        with pytest.raises(InvalidInput, match="not an audit anchor"):
            anchor_from_json(junk, "a.json")
