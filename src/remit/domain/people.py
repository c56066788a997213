"""People: one human, one e-mail address. How an address is compared, and what is refused.

Addresses are compared ignoring case and surrounding blanks (`email_key`), so the
contact ``Anna.Berg@Client.example`` in one contract and ``anna.berg@client.example``
in another are the same person.
"""

from __future__ import annotations

from remit.domain.errors import InvalidInput

MAX_EMAIL = 254  # RFC 5321's limit on a forward path
MIN_PASSWORD = 12
MAX_PASSWORD = 1024  # long enough for any passphrase, short enough to hash cheaply
MAX_TOKEN_NAME = 100


def email_key(address: str) -> str:
    """The form an address is stored and compared in."""
    return address.strip().lower()


def checked_email(address: str) -> str:
    """`address` as a person's key, or `InvalidInput` naming what is wrong with it."""
    key = email_key(address)
    local, at, domain = key.rpartition("@")
    if not at or not local or not domain or not key.isprintable() or " " in key:
        raise InvalidInput(f"{address!r} is not an e-mail address such as anna@client.example")
    if len(key) > MAX_EMAIL:
        raise InvalidInput(f"an e-mail address has at most {MAX_EMAIL} characters")
    return key


def checked_password(password: str) -> str:
    if len(password) < MIN_PASSWORD:
        raise InvalidInput(f"a password needs at least {MIN_PASSWORD} characters")
    if len(password) > MAX_PASSWORD:
        raise InvalidInput(f"a password has at most {MAX_PASSWORD} characters")
    return password


def checked_token_name(name: str) -> str:
    stripped = name.strip()
    if not stripped or len(stripped) > MAX_TOKEN_NAME or not stripped.isprintable():
        raise InvalidInput(
            f"a token name is 1 to {MAX_TOKEN_NAME} printable characters, such as 'monitoring'"
        )
    return stripped


def checked_name(name: str) -> str:
    stripped = name.strip()
    if not stripped or len(stripped) > 200 or not stripped.isprintable():
        raise InvalidInput("a person's name is 1 to 200 printable characters")
    return stripped
