"""Run the selected rules over a loaded contract and apply its suppressions."""

from __future__ import annotations

from remit.checks import suppressions
from remit.checks.model import Finding, Hit, Rule, Severity, Suppressed
from remit.checks.registry import BY_CODE, choose
from remit.contract import LoadedContract
from remit.contract_facts import Facts
from remit.domain.values import frozen

META = frozenset({"RM001", "RM002", "RM003"})  # findings about suppressions cannot be suppressed


@frozen
class Report:
    file: str
    findings: tuple[Finding, ...]
    suppressed: tuple[Suppressed, ...]
    rules: tuple[Rule, ...]  # the rules that ran

    def count(self, severity: Severity) -> int:
        return sum(1 for f in self.findings if f.severity is severity)

    @property
    def exit_code(self) -> int:
        return 1 if self.count(Severity.ERROR) else 0


def run_checks(
    loaded: LoadedContract, *, select: tuple[str, ...] = (), ignore: tuple[str, ...] = ()
) -> Report:
    """Findings of the chosen rules; `UnknownCodeError` for a selection matching no code."""
    facts = Facts(loaded.contract)
    rules = choose(select, ignore)
    ran = frozenset(rule.code for rule in rules)
    found = [
        _finding(loaded, rule, hit) for rule in rules if rule.check for hit in rule.check(facts)
    ]
    if "RM003" in ran:
        hits = suppressions.unknown_code_suppressed(facts, frozenset(BY_CODE))
        found += [_finding(loaded, BY_CODE["RM003"], hit) for hit in hits]
    kept, accepted, used = _apply(loaded, found)
    if "RM002" in ran:
        kept += [
            _finding(loaded, BY_CODE["RM002"], h) for h in suppressions.unused(facts, used, ran)
        ]
    return Report(
        loaded.file,
        tuple(sorted(kept, key=lambda f: f.sort_key)),
        tuple(accepted),
        rules,
    )


def _apply(
    loaded: LoadedContract, found: list[Finding]
) -> tuple[list[Finding], list[Suppressed], set[int]]:
    kept: list[Finding] = []
    accepted: list[Suppressed] = []
    used: set[int] = set()
    rules = loaded.contract.suppress
    for finding in found:
        index = next(
            (
                i
                for i, s in enumerate(rules)
                if finding.code not in META and suppressions.covers(s, finding.code, finding.path)
            ),
            None,
        )
        if index is None:
            kept.append(finding)
            continue
        used.add(index)
        accepted.append(Suppressed(finding, rules[index].reason, f"suppress[{index}]"))
    return kept, accepted, used


FILE_LEVEL = (0, 0)  # the finding is about a section the file does not have


def _written(loaded: LoadedContract, path: str) -> bool:
    """True when `path` or one of its ancestors is in the file."""
    probe = path
    while probe:
        if probe in loaded.marks:
            return True
        cut = max(probe.rfind("."), probe.rfind("["))
        probe = probe[:cut] if cut > 0 else ""
    return False


def _finding(loaded: LoadedContract, rule: Rule, hit: Hit) -> Finding:
    line, column = loaded.where(hit.path) if _written(loaded, hit.path) else FILE_LEVEL
    return Finding(
        rule.code,
        rule.severity,
        hit.message,
        hit.path,
        hit.hint or rule.hint,
        loaded.file,
        line,
        column,
    )
