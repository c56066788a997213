"""`Idempotency-Key` on every POST: the same key and body give the same answer once.

The key is remembered in the same transaction as the change it answers (see
`UnitOfWork.answering`): a retry after a dropped response finds it, and a retry that
races the first attempt fails on the unique key and then finds it. The answer replayed
is what the first request made as it is now (the ticket, person, sub-account, contract
version or token), with the first answer's status; a request that changes nothing (a
contract check, a contract already stored) remembers its key in a transaction of its
own. A token's secret is never stored, so a repeated token issue is refused (409).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Annotated, TypeVar

from fastapi import Header

from remit.api.problems import Problem
from remit.store.idempotency import Answer, AnsweredMeanwhile
from remit.store.uow import UnitOfWork

MAX_KEY = 200
T = TypeVar("T")

IdempotencyKey = Annotated[
    str | None,
    Header(
        alias="Idempotency-Key",
        description="Repeat a POST safely: the same key and body give the same answer once; "
        "the same key with another method, path or body is refused (422).",
        json_schema_extra={"minLength": 1, "maxLength": MAX_KEY, "pattern": r"\S"},
    ),
]


@dataclass(frozen=True, slots=True)
class IdempotentRequest:
    caller: str
    key: str
    fingerprint: str

    @classmethod
    def of(
        cls, caller: str, key: str | None, method: str, path: str, body: bytes
    ) -> IdempotentRequest | None:
        if key is None:
            return None
        if not key.strip() or len(key) > MAX_KEY:
            raise Problem(
                422,
                "invalid_idempotency_key",
                "The Idempotency-Key cannot be used",
                f"an Idempotency-Key is 1 to {MAX_KEY} characters",
            )
        digest = hashlib.sha256(f"{method} {path}\n".encode() + body).hexdigest()
        return cls(caller, key, digest)

    def earlier(self, uow: UnitOfWork) -> Answer | None:
        """The earlier answer to this key, or None; a key reused for another request is
        refused."""
        with uow:
            answer = uow.answered(self.caller, self.key)
        if answer is not None and answer.fingerprint != self.fingerprint:
            raise Problem(
                422,
                "idempotency_key_reused",
                "The Idempotency-Key was used for another request",
                f"the Idempotency-Key {self.key!r} was already used with another method, "
                "path or body; use a new key for a new request",
            )
        return answer

    def remember_in(self, uow: UnitOfWork, status_code: int, now: datetime) -> None:
        uow.answering(Answer(self.caller, self.key, self.fingerprint, status_code, now))


def once(
    key: IdempotentRequest | None,
    uow_of: Callable[[], UnitOfWork],
    now: datetime,
    status: int,
    do: Callable[[UnitOfWork], T],
    replay: Callable[[Answer], T],
) -> tuple[T, int]:
    """Run `do` once per idempotency key, the key remembered with its change; a repeat,
    or an attempt that raced the first, gets `replay` of the earlier answer and its
    status. Without a key, `do` simply runs."""
    if key is not None and (earlier := key.earlier(uow_of())) is not None:
        return replay(earlier), earlier.status_code
    uow = uow_of()
    if key is not None:
        key.remember_in(uow, status, now)
    try:
        done = do(uow)
    except AnsweredMeanwhile:
        assert key is not None
        if (earlier := key.earlier(uow_of())) is None:  # the racing attempt won
            raise
        return replay(earlier), earlier.status_code
    if key is not None:
        _settle(key, uow_of(), status, now)
    return done, status


def _settle(key: IdempotentRequest, uow: UnitOfWork, status: int, now: datetime) -> None:
    """Remember the key of a request whose answer changed nothing (so no transaction
    took it); a key another attempt remembered meanwhile is already settled."""
    with uow:
        if uow.answered(key.caller, key.key) is not None:
            return
        key.remember_in(uow, status, now)
        try:
            uow.commit()
        except AnsweredMeanwhile:
            return
