"""`Idempotency-Key` on every POST: the same key and body give the same answer once.

The key is remembered in the same transaction as the change it answers (see
`UnitOfWork.answering`): a retry after a dropped response finds it, and a retry that
races the first attempt fails on the unique key and then finds it. The answer replayed
is the ticket as it is now, with the first answer's status.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime

from remit.api.problems import Problem
from remit.store.idempotency import Answer
from remit.store.uow import UnitOfWork

MAX_KEY = 200


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
