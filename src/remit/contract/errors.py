"""Problems found while reading a contract file, each pointing at file:line:column.

A problem about the content of the file names its line and column (1-based) and,
when it concerns a field, the field path: ``contract.yaml:42:7: sla.targets[3].recovery:
...``. A problem about the file as a whole that has no position in it (it does not
exist, is a directory, cannot be read, is too large) has line 0 and prints as
``contract.yaml: message``.
"""

from __future__ import annotations

import difflib
import json
import re
from dataclasses import dataclass

_SHOWN_CHARS = 60
LINE_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")  # what YAML counts as a line break


@dataclass(frozen=True, slots=True, order=True)
class Problem:
    """One thing wrong with a contract file. Line and column are 1-based; 0 = unknown."""

    file: str
    line: int
    column: int
    path: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}:{self.column}" if self.line else self.file
        return f"{where}: {self.path}: {self.message}" if self.path else f"{where}: {self.message}"


class ContractError(Exception):
    """The contract file cannot be used; `problems` lists every reason found in one pass."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


def show(text: str) -> str:
    """`text` in double quotes for a message: on one line, escaped, long text shortened."""
    shown = text if len(text) <= _SHOWN_CHARS else text[: _SHOWN_CHARS - 1] + "…"
    return json.dumps(shown, ensure_ascii=False)


def position(text: str, index: int) -> tuple[int, int]:
    """1-based line and column of character `index` of `text`, counting breaks as YAML does."""
    breaks = list(LINE_BREAK.finditer(text, 0, index))
    start = breaks[-1].end() if breaks else 0
    return len(breaks) + 1, index - start + 1


def closest(word: str, choices: list[str], *, folded: bool = False) -> str | None:
    """The choice `word` most probably misspells; `folded` also compares ignoring case."""
    if folded:
        by_folded = {c.casefold(): c for c in choices}
        if word.casefold() in by_folded:
            return by_folded[word.casefold()]
        close = difflib.get_close_matches(word.casefold(), list(by_folded), n=1, cutoff=0.6)
        return by_folded[close[0]] if close else None
    close = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    return close[0] if close else None


def did_you_mean(word: str, choices: list[str], *, folded: bool = False) -> str:
    guess = closest(word, choices, folded=folded)
    return f' (did you mean "{guess}"?)' if guess is not None else ""
