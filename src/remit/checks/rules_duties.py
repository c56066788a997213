"""Rules on duties around incidents: backups and data loss, maintenance and
changes, customer duties, authorization and records, closure
and access, and incentives."""

from __future__ import annotations

from collections.abc import Iterator

from remit.checks.model import Hit, Rule, Severity
from remit.contract_facts import Facts
from remit.domain.terms import Billing, BillingModel, WorkReportField

BACKUP_DUTIES = (
    ("copies", "makes copies"),
    ("verification", "checks the copies succeeded"),
    ("test_restore", "runs test restores"),
)


def backup_without_owner(facts: Facts) -> Iterator[Hit]:
    backups = facts.contract.backups
    if not backups and facts.objects:
        yield Hit("backups", "the contract describes no backups")
    for index, backup in enumerate(backups):
        fields = [f for f, _ in BACKUP_DUTIES if getattr(backup, f).party is None]
        missing = [f"nobody {what}" for field, what in BACKUP_DUTIES if field in fields]
        hints = [f"`{f}.party`" for f in fields]
        if backup.test_restore.party is not None and backup.test_restore.frequency is None:
            missing.append("nothing says how often test restores run")
            hints.append("`test_restore.frequency`")
        if missing:
            yield Hit(
                f"backups[{index}]",
                f'backup "{backup.name}": {"; ".join(missing)}',
                f"add {', '.join(hints)} to the backup",
            )


def restore_without_party(facts: Facts) -> Iterator[Hit]:
    for index, backup in enumerate(facts.contract.backups):
        if backup.restore_by is None:
            yield Hit(
                f"backups[{index}]",
                f'backup "{backup.name}": nobody restores after data loss',
                "add `restore_by: <party>` to the backup",
            )
        if backup.failed_recovery is None:
            yield Hit(
                f"backups[{index}]",
                f'backup "{backup.name}": no rule for what happens when recovery fails',
                "add `failed_recovery:` to the backup",
            )


def no_maintenance_windows(facts: Facts) -> Iterator[Hit]:
    if not facts.contract.maintenance.windows:
        yield Hit("maintenance", "the contract fixes no maintenance windows")


def no_change_procedure(facts: Facts) -> Iterator[Hit]:
    if facts.contract.maintenance.change_procedure is None:
        yield Hit("maintenance", "the contract has no change procedure")


CUSTOMER_DUTIES = (
    ("credentials", "access credentials"),
    ("change_approvals", "change approvals"),
    ("maintenance_confirmation", "maintenance-window confirmation"),
    ("contact_list", "an up-to-date contact list"),
    ("external_changes", "notice of external changes"),
    ("internal_it_contact", "a named internal IT contact"),
)


def customer_duties_missing(facts: Facts) -> Iterator[Hit]:
    duties = facts.contract.customer_duties
    fields = [f for f, _ in CUSTOMER_DUTIES if getattr(duties, f) is None]
    missing = [what for field, what in CUSTOMER_DUTIES if field in fields]
    if missing:
        yield Hit(
            "customer_duties",
            f"customer duties do not cover {', '.join(missing)}",
            f"add {', '.join(f'`customer_duties.{f}`' for f in fields)}",
        )


def no_authorized_requesters(facts: Facts) -> Iterator[Hit]:
    auth = facts.contract.authorization
    if auth.primary_contact is None and not auth.sub_accounts:
        yield Hit(
            "authorization",
            "the contract names nobody authorized to open requests",
            "name `authorization.primary_contact` or list `authorization.sub_accounts`",
        )
    if auth.unauthorized is None:
        yield Hit(
            "authorization",
            "the contract does not say what happens to requests from anyone else",
            "add `authorization.unauthorized: hold` (held until an authorized contact confirms)",
        )


def records_retention(facts: Facts) -> Iterator[Hit]:
    years = facts.contract.records.retention_years
    if years is None:
        yield Hit("records", "the contract does not say how long interaction records are kept")
    elif years < 3:
        yield Hit("records.retention_years", f"records are kept {years} year(s), under 3 years")


def closure_incomplete(facts: Facts) -> Iterator[Hit]:
    closure = facts.contract.closure
    missing = [f.value for f in WorkReportField if f not in closure.work_report]
    if missing:
        yield Hit(
            "closure.work_report" if closure.work_report else "closure",
            f"the work report does not require {', '.join(missing)}",
            f"add {', '.join(missing)} to `closure.work_report`",
        )
    if not closure.customer_confirmation:
        yield Hit(
            "closure",
            "closure does not require the customer's confirmation",
            "set `closure.customer_confirmation: true`",
        )


ACCESS_ORDER = (
    ("after_hours_approval", "whether work outside business hours needs the client's approval"),
    ("emergency_approver", "who approves emergency access"),
    ("emergency_procedure", "how emergency access is granted and recorded"),
    ("completion_confirmed_by", "who confirms that the work is finished"),
)


def access_order_missing(facts: Facts) -> Iterator[Hit]:
    access = facts.contract.access
    fields = [field for field, _ in ACCESS_ORDER if getattr(access, field) is None]
    missing = [what for field, what in ACCESS_ORDER if field in fields]
    if not access.rules and facts.objects:
        fields.insert(0, "rules")
        missing.insert(0, "which systems engineers reach remotely and which only on site")
    if missing:
        yield Hit(
            "access",
            f"the contract does not say how engineers get access: {'; '.join(missing)}",
            f"add {', '.join(f'`access.{f}`' for f in fields)}",
        )


def rewards_problems(facts: Facts) -> Iterator[Hit]:
    com = facts.contract.commercial
    if com.recurring_issues is Billing.BILLABLE:
        yield Hit("commercial.recurring_issues", "fixing recurring issues is billed separately")
    elif com.model in (BillingModel.PER_INCIDENT, BillingModel.TIME_AND_MATERIALS) and (
        com.recurring_issues is not Billing.INCLUDED
    ):
        yield Hit(
            "commercial.model",
            f"billing is {com.model.value.replace('_', ' ')} and recurring issues are not "
            "included: each repeat of a problem earns money",
        )
    if com.malware_remediation is Billing.BILLABLE:
        yield Hit("commercial.malware_remediation", "malware remediation is billed separately")


RULES = (
    Rule(
        "RM401",
        "backup-without-owner",
        Severity.ERROR,
        "Backups without an owner for copies, verification or test restores",
        "001",
        "Backups are described separately: who makes copies, who checks they succeeded and "
        "who is responsible for test restores, and how often.",
        "fill `copies`, `verification` and `test_restore` with a party and a frequency",
        backup_without_owner,
    ),
    Rule(
        "RM402",
        "restore-without-party",
        Severity.ERROR,
        "Data-loss restore without a party or without a rule for failed recovery",
        "004",
        "In the event of data loss, who restores the data, and what happens if recovery fails?",
        "add `restore_by:` and `failed_recovery:` to the backup",
        restore_without_party,
    ),
    Rule(
        "RM403",
        "no-maintenance-windows",
        Severity.ERROR,
        "No maintenance windows",
        "001",
        "Fixed windows protect both sides: the customer knows when interruptions are possible, "
        "the provider is not liable for an agreed update.",
        "add `maintenance.windows` with a recurrence rule each",
        no_maintenance_windows,
    ),
    Rule(
        "RM404",
        "no-change-procedure",
        Severity.ERROR,
        "No change procedure",
        "001",
        "Without a change procedure a night update becomes a separate dispute.",
        "describe `maintenance.change_procedure` and name `maintenance.change_approver`",
        no_change_procedure,
    ),
    Rule(
        "RM405",
        "customer-duties-missing",
        Severity.ERROR,
        "Customer duties are missing",
        "001",
        "Credentials, change approvals, window confirmation, contacts and notice of external "
        "changes stay with the customer; without them even a strong provider cannot act.",
        "fill the missing `customer_duties` fields",
        customer_duties_missing,
    ),
    Rule(
        "RM406",
        "no-authorized-requesters",
        Severity.ERROR,
        "No authorized requesters, or no policy for requests from anyone else",
        "003",
        "Only authorized individuals may initiate requests; a request from anyone else is not "
        "acted upon until an authorized customer confirms it.",
        "name `authorization.primary_contact` and set `authorization.unauthorized`",
        no_authorized_requesters,
    ),
    Rule(
        "RM407",
        "records-retention",
        Severity.ERROR,
        "Records retention missing or under 3 years",
        "003",
        "Every interaction that changes or accesses the service is documented and kept for "
        "a minimum of 3 years.",
        "set `records.retention_years: 3` or more",
        records_retention,
    ),
    Rule(
        "RM408",
        "closure-incomplete",
        Severity.ERROR,
        "Closure without work-report fields or without customer confirmation",
        "001",
        "A provider may otherwise just state that it works again; the customer needs cause, "
        "actions, times, participants, downtime and recurrence risk, and confirms the result.",
        "list all six `closure.work_report` fields, and set `customer_confirmation: true` "
        "when it is not",
        closure_incomplete,
    ),
    Rule(
        "RM410",
        "access-order-missing",
        Severity.WARNING,
        "The contract does not fully say how engineers get access",
        "001",
        'A promise that "access will be provided" leaves the engineer on call at a locked '
        "door at night: say which systems are reached remotely or only on site, who grants "
        "access and how fast, whether night work needs approval, who approves emergency "
        "access, how it is recorded and who confirms the work is finished.",
        "fill the missing `access` fields",
        access_order_missing,
    ),
    Rule(
        "RM501",
        "rewards-problems",
        Severity.WARNING,
        "Commercial terms reward problems",
        "004",
        "If the provider earns more when things break (per-incident billing of recurring "
        "issues, paid malware remediation) its incentives oppose a stable environment.",
        "include recurring issues and malware remediation in the fee",
        rewards_problems,
    ),
)
