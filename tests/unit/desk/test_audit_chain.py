"""The hash chain tells an edited, a deleted and a reordered record apart."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

from remit.domain.audit import GENESIS, Anchor, Entry, Record, Tampering, seal, verify

T0 = datetime(2026, 3, 8, 1, 10, tzinfo=UTC)


def chain(n: int = 5) -> list[Record]:
    entries = [
        Entry(T0 + timedelta(minutes=i), "provider", f"step{i}", 1, {"i": i}) for i in range(n)
    ]
    return seal(Anchor(), entries)


def head(records: list[Record]) -> Anchor:
    return Anchor(records[-1].seq, records[-1].hash)


def problems(records: list[Record], original: list[Record]) -> list[tuple[int, Tampering]]:
    return [(f.seq, f.problem) for f in verify(records, Anchor(), head(original))]


def test_an_untouched_chain_verifies_and_links_from_genesis() -> None:
    records = chain()
    assert records[0].prev_hash == GENESIS
    assert [r.seq for r in records] == [1, 2, 3, 4, 5]
    assert verify(records, Anchor(), head(records)) == []


def test_an_edit_is_reported_at_its_record() -> None:
    records = chain()
    edited = list(records)
    edited[2] = replace(records[2], entry=replace(records[2].entry, actor="someone"))
    assert problems(edited, records) == [(3, Tampering.EDITED)]


def test_a_resealed_edit_breaks_the_next_link() -> None:
    records = chain()
    forged_entry = replace(records[2].entry, actor="someone")
    forged = seal(Anchor(2, records[1].hash), [forged_entry])[0]
    assert problems([*records[:2], forged, *records[3:]], records) == [(3, Tampering.EDITED)]


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
    anchor = Anchor(records[1].seq, records[1].hash)
    assert verify(records[2:], anchor, head(records)) == []
