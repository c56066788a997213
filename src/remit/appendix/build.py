"""The appendix as plain data: every table the source documents ask for.

The object table has one row per support object: owner, executor, support
hours, the priority its criticality gives and the SLA that applies to it per
category. The priority of an object comes from the desk's own classification
(`remit.domain.routing.criticality_priority`): the matrix cell of the scope that
stops when it stops (`routing.CRITICALITY_CELL`): critical = organization x
work_stopped, high = department x work_stopped, medium = user x work_stopped,
low = user x can_wait. The SLA per category is the rule a ticket of that
category and priority on that object would get (an override beats a general
target).

The sections on how the work is run (who may open requests, client updates,
vendor handling, access order, change procedure, customer duties, commercial
terms) are built in `remit.appendix.sections`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from remit.appendix import sections
from remit.appendix.labels import calendar_label, hours, person
from remit.appendix.sections import Section, Table
from remit.appendix.windows import WindowRow, window_rows
from remit.contract.durations import format_duration
from remit.contract_facts import Facts
from remit.domain.contract import Contract, PartyRole, SupportObject
from remit.domain.terms import BackupDuty, Impact, Urgency

ROLES = ("primary", "secondary", "escalation")


@dataclass(frozen=True, slots=True)
class ObjectRow:
    name: str
    what: str  # kind and role
    owner: str
    executor: str
    support_hours: str
    priority: str
    sla: tuple[str, ...]  # one line per category
    comments: str


@dataclass(frozen=True, slots=True)
class Appendix:
    title: str
    subtitle: str
    parties: tuple[tuple[str, str, str], ...]  # id, name, roles
    signatories: tuple[tuple[str, str, str], ...]  # the parties that sign: all but vendors
    objects: tuple[ObjectRow, ...]
    matrix_parties: tuple[str, ...]
    matrix: tuple[tuple[str, tuple[str, ...]], ...]  # layer label, one cell per party
    responsible_for: tuple[tuple[str, str, str], ...]  # party, responsible for, not responsible for
    calendars: tuple[tuple[str, str], ...]
    priorities: tuple[tuple[str, ...], ...]  # header row first
    after_hours: tuple[tuple[str, str], ...]
    backups: tuple[tuple[str, ...], ...]
    escalation: tuple[tuple[str, str, str], ...]  # level, party, contact
    triggers: tuple[str, ...]
    fault_classes: tuple[tuple[str, str], ...]
    pauses: tuple[tuple[str, str, str, str], ...]
    exclusions: tuple[str, ...]
    requesters: Section
    updates: Section
    vendors: Section
    access: Section
    changes: Section
    duties: Section
    commercial: Section

    def table(self, key: str) -> Table:
        """A table of the term sections by key (`sections.HEADERS`); no rows if not stated."""
        found = (self.requesters, self.updates, self.vendors, self.access, self.changes)
        tables = {t.key: t for s in (*found, self.duties, self.commercial) for t in s.tables}
        return tables.get(key) or Table(key, sections.HEADERS[key], ())

    windows: tuple[WindowRow, ...] = ()


def build_appendix(
    contract: Contract, facts: Facts | None = None, *, windows_from: datetime | None = None
) -> Appendix:
    facts = facts or Facts(contract)
    info = contract.contract
    party_ids = tuple(contract.parties)
    return Appendix(
        title=info.name,
        subtitle=f"Version {info.version}, effective {info.effective_from.isoformat()}"
        + (f", reference {info.reference}" if info.reference else ""),
        parties=tuple(
            (pid, p.name, ", ".join(r.value.replace("_", " ") for r in p.roles))
            for pid, p in contract.parties.items()
        ),
        signatories=tuple(
            (pid, p.name, ", ".join(r.value.replace("_", " ") for r in p.roles))
            for pid, p in contract.parties.items()
            if PartyRole.VENDOR not in p.roles
        ),
        objects=tuple(
            _object_row(contract, facts, name, obj) for name, obj in contract.objects.items()
        ),
        matrix_parties=party_ids,
        matrix=tuple(_matrix_row(contract, layer, party_ids) for layer in contract.layers),
        responsible_for=tuple(
            (pid, "; ".join(p.responsible_for), "; ".join(p.not_responsible_for))
            for pid, p in contract.parties.items()
            if p.responsible_for or p.not_responsible_for
        ),
        calendars=tuple((name, calendar_label(spec)) for name, spec in contract.calendars.items()),
        priorities=_priority_table(contract),
        after_hours=_afterhours(contract),
        backups=_backups(contract),
        escalation=tuple(
            (lvl.name, lvl.party, person(contract, lvl.contact))
            for lvl in contract.escalation.levels
        ),
        triggers=tuple(
            f"{t.at:.0%} of {t.of.value} used -> {t.level}"
            + (f" ({', '.join(t.priorities)})" if t.priorities else "")
            for t in contract.escalation.triggers
        )
        + tuple(f"{s.symptom} -> {s.level} at once" for s in contract.escalation.symptoms),
        fault_classes=tuple(
            (k.value.replace("_", " "), v) for k, v in contract.escalation.fault_classes.items()
        ),
        pauses=tuple(
            (
                p.reason,
                p.description,
                p.attributed_to.value if p.attributed_to else "not stated",
                ", ".join(p.set_by),
            )
            for p in contract.pauses
        ),
        exclusions=contract.scope.exclusions,
        requesters=sections.requesters(contract),
        updates=sections.client_updates(contract),
        vendors=sections.vendor_handling(contract),
        access=sections.access_order(contract),
        changes=sections.change_procedure(contract),
        duties=sections.customer_duties(contract),
        commercial=sections.commercial_terms(contract),
        windows=window_rows(contract, windows_from),
    )


def _object_row(contract: Contract, facts: Facts, name: str, obj: SupportObject) -> ObjectRow:
    priority = facts.priority_for_criticality(obj.criticality)
    what = obj.kind.value.replace("_", " ") + (f": {obj.role}" if obj.role else "")
    return ObjectRow(
        name=name,
        what=what,
        owner=person(contract, obj.owner) or "not named",
        executor=obj.executor or "not named",
        support_hours=hours(contract, obj.support_hours),
        priority=f"{priority} ({obj.criticality.value})"
        if priority and obj.criticality
        else "not derivable",
        sla=_sla_lines(facts, name, priority),
        comments=_comments(obj),
    )


def _sla_lines(facts: Facts, name: str, priority: str | None) -> tuple[str, ...]:
    if priority is None:
        return ("no criticality, so no priority",)
    lines = []
    for category in facts.categories:
        rules = facts.rules_for(name, category, priority)
        if not rules:
            lines.append(f"{category}: no target")
            continue
        rule = rules[0]
        response = format_duration(rule.response) if rule.response is not None else "-"
        recovery = format_duration(rule.recovery) if rule.recovery is not None else "-"
        lines.append(f"{category}: {response} / {recovery} ({rule.calendar})")
    return tuple(lines)


def _comments(obj: SupportObject) -> str:
    parts = [obj.comments] if obj.comments else []
    version = " ".join(v for v in (obj.product, obj.edition, obj.version) if v)
    if version:
        parts.append(version)
    if obj.environment:
        parts.append(obj.environment.value)
    if obj.location:
        parts.append(f"at {obj.location}")
    if obj.depends_on:
        parts.append(f"needs {', '.join(obj.depends_on)}")
    return "; ".join(parts)


def _matrix_row(
    contract: Contract, layer_id: str, parties: tuple[str, ...]
) -> tuple[str, tuple[str, ...]]:
    layer = contract.layers[layer_id]
    cells = []
    for party in parties:
        roles = [role for role in ROLES if party in getattr(layer, role)]
        cells.append(", ".join(roles))
    label = (
        layer_id
        if layer_id == layer.kind.value
        else f"{layer_id} ({layer.kind.value.replace('_', ' ')})"
    )
    return (label, tuple(cells))


def _priority_table(contract: Contract) -> tuple[tuple[str, ...], ...]:
    p = contract.priorities
    if p is None:
        return ()
    header = ("impact \\ urgency", *(u.value.replace("_", " ") for u in Urgency))
    rows = [
        (i.value, *(p.matrix.get(i, {}).get(u, "-") for u in Urgency)) for i in reversed(Impact)
    ]
    return (header, *rows)


def _afterhours(contract: Contract) -> tuple[tuple[str, str], ...]:
    a = contract.sla.after_hours
    if a is None:
        return ()
    return (
        ("priorities", ", ".join(a.priorities) or "not stated"),
        ("categories", ", ".join(a.categories) or "not stated"),
        ("answered by", a.answered_by or "not named"),
        ("access at night", ", ".join(a.access_by) or "not named"),
        ("approves emergency actions", person(contract, a.approved_by) or "not named"),
        ("allowed without approval", "; ".join(a.without_approval) or "nothing listed"),
    )


def _duty(duty: BackupDuty) -> str:
    if duty.party is None:
        return "not named"
    return duty.party + (f", {duty.frequency.value}" if duty.frequency else "")


def _backups(contract: Contract) -> tuple[tuple[str, ...], ...]:
    return tuple(
        (
            b.name,
            ", ".join(b.objects),
            _duty(b.copies),
            _duty(b.verification),
            _duty(b.test_restore),
            b.restore_by or "not named",
            b.failed_recovery or "not stated",
        )
        for b in contract.backups
    )
