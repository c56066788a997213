"""Service terms of the contract: priorities, SLA targets, pauses, escalation,
communication, vendors, access, customer duties, backups, closure,
authorization, records and commercial terms."""

from __future__ import annotations

from dataclasses import field
from enum import StrEnum
from typing import Annotated

from remit.domain.schema_marks import Doc, Fraction, OneOrMany, Ref
from remit.domain.schema_marks import Duration as Dur
from remit.domain.values import frozen


class Impact(StrEnum):
    USER = "user"
    DEPARTMENT = "department"
    ORGANIZATION = "organization"


class Urgency(StrEnum):
    WORK_STOPPED = "work_stopped"
    DEGRADED = "degraded"
    CAN_WAIT = "can_wait"


class Side(StrEnum):
    """Who caused a pause: the customer, the provider side, or a third party."""

    CUSTOMER = "customer"
    PROVIDER = "provider"
    THIRD_PARTY = "third_party"


class Measure(StrEnum):
    RESPONSE = "response"
    RECOVERY = "recovery"


class FaultClass(StrEnum):
    INFRASTRUCTURE = "infrastructure"
    APPLICATION_DEFECT = "application_defect"
    HOSTING_RISK = "hosting_risk"
    BUDGET = "budget"
    CLIENT_SIDE = "client_side"
    VENDOR_PRODUCT = "vendor_product"


class Frequency(StrEnum):
    HOURLY = "hourly"
    DAILY = "daily"
    WEEKLY = "weekly"
    MONTHLY = "monthly"
    QUARTERLY = "quarterly"
    YEARLY = "yearly"


class UnauthorizedPolicy(StrEnum):
    HOLD = "hold"
    REJECT = "reject"


class WorkReportField(StrEnum):
    CAUSE = "cause"
    ACTIONS = "actions"
    START_END = "start_end"
    PARTICIPANTS = "participants"
    DOWNTIME = "downtime"
    RECURRENCE_RISK = "recurrence_risk"


class AccessMode(StrEnum):
    REMOTE = "remote"
    ON_SITE = "on_site"
    REMOTE_AND_ON_SITE = "remote_and_on_site"


class Billing(StrEnum):
    INCLUDED = "included"
    BILLABLE = "billable"


class BillingModel(StrEnum):
    FIXED_FEE = "fixed_fee"
    PER_INCIDENT = "per_incident"
    TIME_AND_MATERIALS = "time_and_materials"
    MIXED = "mixed"


@frozen
class Ownership:
    """Who takes, engineers, hands off and updates for one priority."""

    intake: Annotated[
        str | None, Ref("parties"), Doc("Party that accepts tickets of this priority.")
    ] = None
    engineering: Annotated[str | None, Ref("parties"), Doc("Party the helpdesk hands off to.")] = (
        None
    )
    handoff_after: Annotated[
        int | None, Dur(), Doc("Helpdesk hands off to engineering after this long without a fix.")
    ] = None
    vendor_after: Annotated[
        int | None, Dur(), Doc("Vendor escalation starts after this long without a fix.")
    ] = None
    client_updates: Annotated[
        str | None, Ref("parties"), Doc("Party that keeps the client updated.")
    ] = None


@frozen
class PriorityLevel:
    """One priority level: what qualifies for it and its ownership path."""

    description: Annotated[str, Doc("What qualifies for this priority.")]
    ownership: Annotated[Ownership | None, Doc("The ownership path behind the label.")] = None


@frozen
class Category:
    """One ticket category and its default urgency."""

    description: Annotated[str, Doc("What belongs to this category.")]
    urgency: Annotated[Urgency | None, Doc("Default urgency of a ticket in this category.")] = None


@frozen
class Priorities:
    """Priority levels, the impact x urgency matrix and the ticket categories."""

    levels: Annotated[
        dict[str, PriorityLevel], Doc("Priority levels in order, highest first, e.g. P1..P4.")
    ]
    matrix: Annotated[
        dict[Impact, dict[Urgency, Annotated[str, Ref("priorities")]]],
        Doc(
            "Impact (user, department, organization) x urgency (work_stopped, degraded, can_wait) -> priority."
        ),
    ]
    categories: Annotated[
        dict[str, Category],
        Doc("Ticket categories, e.g. outage, degradation, request, integration."),
    ]


@frozen
class Target:
    """A response and recovery target on a calendar, for some priorities and categories."""

    calendar: Annotated[str, Ref("calendars"), Doc("The calendar the clock runs on.")]
    categories: Annotated[
        tuple[str, ...],
        OneOrMany(),
        Ref("categories"),
        Doc("Categories it applies to; all if omitted."),
    ] = ()
    priorities: Annotated[
        tuple[str, ...],
        OneOrMany(),
        Ref("priorities"),
        Doc("Priorities it applies to; all if omitted."),
    ] = ()
    response: Annotated[int | None, Dur(), Doc("Time to take the ticket into work.")] = None
    recovery: Annotated[
        int | None, Dur(), Doc("Time to restore the service in the agreed scope.")
    ] = None


@frozen
class Override:
    """Targets that replace the defaults for some objects, categories or priorities."""

    objects: Annotated[
        tuple[str, ...], OneOrMany(), Ref("objects"), Doc("Objects the override applies to.")
    ]
    calendar: Annotated[str, Ref("calendars"), Doc("The calendar the clock runs on.")]
    categories: Annotated[
        tuple[str, ...],
        OneOrMany(),
        Ref("categories"),
        Doc("Categories it applies to; all if omitted."),
    ] = ()
    priorities: Annotated[
        tuple[str, ...],
        OneOrMany(),
        Ref("priorities"),
        Doc("Priorities it applies to; all if omitted."),
    ] = ()
    response: Annotated[int | None, Dur(), Doc("Time to take the ticket into work.")] = None
    recovery: Annotated[int | None, Dur(), Doc("Time to restore the service.")] = None


@frozen
class AfterHours:
    """Who answers and who has access outside business hours, and for which tickets."""

    priorities: Annotated[
        tuple[str, ...],
        OneOrMany(),
        Ref("priorities"),
        Doc(
            "Priorities handled outside business hours (the incident boundary); empty covers none."
        ),
    ] = ()
    categories: Annotated[
        tuple[str, ...],
        OneOrMany(),
        Ref("categories"),
        Doc("Categories handled outside business hours; empty covers every category."),
    ] = ()
    answered_by: Annotated[
        str | None, Ref("parties"), Doc("Party that answers at night, on weekends and holidays.")
    ] = None
    access_by: Annotated[
        tuple[str, ...],
        OneOrMany(),
        Ref("parties"),
        Doc("Parties with access to systems at night."),
    ] = ()
    approved_by: Annotated[
        str | None,
        Ref("contacts"),
        Doc("Who approves emergency actions at night ('party.contact')."),
    ] = None
    without_approval: Annotated[
        tuple[str, ...], Doc("Work that may be done at night without further approval.")
    ] = ()


@frozen
class Sla:
    """The service levels: targets, overrides, after-hours cover and the business calendar."""

    targets: Annotated[
        tuple[Target, ...], Doc("Response and recovery targets per category x priority.")
    ] = ()
    overrides: Annotated[
        tuple[Override, ...], Doc("Per-object targets that replace the general ones.")
    ] = ()
    after_hours: Annotated[
        AfterHours | None, Doc("What is handled outside business hours, and by whom.")
    ] = None
    business_calendar: Annotated[
        str | None,
        Ref("calendars"),
        Doc("The calendar that defines business hours for after-hours decisions."),
    ] = None


@frozen
class PauseRule:
    """A reason the clock may pause: whose side it is, who sets it, what evidence it needs."""

    reason: Annotated[str, Doc("Code of the reason, e.g. no_access.")]
    description: Annotated[str, Doc("When the reason applies.")]
    attributed_to: Annotated[
        Side | None, Doc("Side that caused the pause: customer, provider or third_party.")
    ] = None
    set_by: Annotated[
        tuple[str, ...], OneOrMany(), Ref("parties"), Doc("Parties allowed to set this pause.")
    ] = ()
    evidence: Annotated[str | None, Doc("What must be recorded when pausing.")] = None


@frozen
class EscalationLevel:
    """One rung of the escalation ladder: its name, party and contact."""

    name: Annotated[str, Doc("Level name, e.g. helpdesk, engineering, vendor, management.")]
    party: Annotated[str, Ref("parties"), Doc("Party at this level.")]
    contact: Annotated[
        str | None, Ref("contacts"), Doc("Named contact at this level ('party.contact').")
    ] = None


@frozen
class Trigger:
    """When a ticket moves up the ladder: at a share of a target, to a level, notifying whom."""

    at: Annotated[float, Fraction(), Doc("Share of the target consumed: 0.5 or 50%.")]
    of: Annotated[Measure, Doc("response or recovery.")]
    level: Annotated[str, Ref("escalation_levels"), Doc("Level to escalate to.")]
    priorities: Annotated[
        tuple[str, ...],
        OneOrMany(),
        Ref("priorities"),
        Doc("Priorities it applies to; all if omitted."),
    ] = ()
    notify: Annotated[
        tuple[str, ...], OneOrMany(), Ref("parties"), Doc("Parties notified when it fires.")
    ] = ()


@frozen
class SymptomTrigger:
    """A symptom that raises a ticket's priority or engages a party at once."""

    symptom: Annotated[str, Doc("Symptom that escalates at once, e.g. 'data loss'.")]
    level: Annotated[str, Ref("escalation_levels"), Doc("Level to escalate to.")]


@frozen
class Escalation:
    """The escalation ladder and what moves a ticket up it."""

    levels: Annotated[tuple[EscalationLevel, ...], Doc("Escalation levels in order.")] = ()
    triggers: Annotated[
        tuple[Trigger, ...], Doc("Time triggers: a share of a target consumed.")
    ] = ()
    symptoms: Annotated[tuple[SymptomTrigger, ...], Doc("Symptom triggers.")] = ()
    fault_classes: Annotated[
        dict[FaultClass, Annotated[str, Ref("parties")]],
        Doc(
            "Escalation target by fault class: infrastructure, application_defect, hosting_risk, budget, client_side, vendor_product."
        ),
    ] = field(default_factory=dict)


@frozen
class Coordination:
    """The one coordinator per incident, until when, and how the role is transferred."""

    coordinator: Annotated[
        str, Ref("parties"), Doc("The party that owns every incident from intake to closure.")
    ]
    until: Annotated[str, Doc("When coordination ends: 'restoration' or 'closure'.")] = "closure"
    transfer_approval: Annotated[
        bool,
        Doc(
            "Whether a transfer of responsibility (coordination, or a layer's work away from its primary) waits for approval."
        ),
    ] = True
    transfer_approver: Annotated[
        str | None,
        Ref("contacts"),
        Doc(
            "Who approves responsibility transfers ('party.contact'); the client owner if omitted."
        ),
    ] = None


@frozen
class Communication:
    """Who keeps the client informed, through which channel and how often."""

    cadence: Annotated[
        dict[str, Annotated[int, Dur()]], Doc("Client-update interval per priority.")
    ] = field(default_factory=dict)
    owner: Annotated[str | None, Ref("parties"), Doc("Party that owns client updates.")] = None
    owner_with_vendors: Annotated[
        str | None,
        Ref("parties"),
        Doc("Party that owns client updates while vendors are involved."),
    ] = None
    calendar: Annotated[
        str | None,
        Ref("calendars"),
        Doc("Calendar the cadence runs on; the target's calendar if omitted."),
    ] = None
    contents: Annotated[
        tuple[str, ...], Doc("What every update states: known, checking, next_action, next_update.")
    ] = ("known", "checking", "next_action", "next_update")


@frozen
class VendorHandling:
    """How vendor cases are opened, owned and followed up."""

    product: Annotated[str, Doc("The vendor product, e.g. 'Microsoft SQL Server'.")]
    vendor: Annotated[str, Ref("parties"), Doc("The vendor party.")]
    opens_cases: Annotated[str | None, Ref("parties"), Doc("Party that opens vendor cases.")] = None
    collects_logs: Annotated[
        str | None, Ref("parties"), Doc("Party that collects logs for the vendor.")
    ] = None
    correspondence: Annotated[
        str | None, Ref("parties"), Doc("Party that handles correspondence with the vendor.")
    ] = None
    decides_fixes: Annotated[
        str | None, Ref("parties"), Doc("Party that makes the final decision on fixes.")
    ] = None
    support_agreement: Annotated[
        str | None, Doc("The vendor support agreement and who pays for it.")
    ] = None
    follow_up: Annotated[
        int | None,
        Dur(),
        Doc(
            "How often an open vendor case is followed up; the follow-through party is reminded and a missed follow-up is recorded."
        ),
    ] = None
    follow_up_calendar: Annotated[
        str | None,
        Ref("calendars"),
        Doc("Calendar the follow-up interval runs on; the ticket's clock calendar if omitted."),
    ] = None


@frozen
class AccessRule:
    """How access to some objects is given: the mode, who issues it, the lead time."""

    objects: Annotated[
        tuple[str, ...], OneOrMany(), Ref("objects"), Doc("Objects this rule covers.")
    ]
    mode: Annotated[AccessMode, Doc("remote, on_site or remote_and_on_site.")]
    issued_by: Annotated[str | None, Ref("parties"), Doc("Party that issues access.")] = None
    lead_time: Annotated[int | None, Dur(), Doc("How fast access is issued.")] = None


@frozen
class Access:
    """Access to the client's systems: the rules and how they are requested."""

    rules: Annotated[
        tuple[AccessRule, ...],
        Doc("Which systems are reachable remotely or only on site, and who issues access."),
    ] = ()
    after_hours_approval: Annotated[
        bool | None, Doc("Whether work outside business hours needs separate approval.")
    ] = None
    emergency_approver: Annotated[
        str | None,
        Ref("contacts"),
        Doc("Who approves emergency access to critical nodes ('party.contact')."),
    ] = None
    emergency_procedure: Annotated[str | None, Doc("How emergency access is formalized.")] = None
    completion_confirmed_by: Annotated[
        str | None, Ref("contacts"), Doc("Who confirms completion of work ('party.contact').")
    ] = None


@frozen
class CustomerDuties:
    """What the client owes: credentials, change approvals, confirmations, contacts."""

    credentials: Annotated[
        str | None, Doc("Access credentials the customer provides and keeps current.")
    ] = None
    change_approvals: Annotated[str | None, Doc("How the customer approves changes.")] = None
    maintenance_confirmation: Annotated[
        str | None, Doc("How the customer confirms maintenance windows.")
    ] = None
    contact_list: Annotated[str | None, Doc("Keeping the contact list up to date.")] = None
    external_changes: Annotated[
        str | None, Doc("Notice of external changes made with the customer's own vendors.")
    ] = None
    hardware_warranty: Annotated[str | None, Doc("Keeping critical hardware under warranty.")] = (
        None
    )
    third_party_agreements: Annotated[str | None, Doc("Maintaining vendor support agreements.")] = (
        None
    )
    internal_it_contact: Annotated[
        str | None,
        Ref("contacts"),
        Doc("The customer's named internal IT contact ('party.contact')."),
    ] = None
    timely_payment: Annotated[str | None, Doc("Payment terms.")] = None


@frozen
class BackupDuty:
    """One backup obligation: what is backed up, by whom, how often."""

    party: Annotated[str | None, Ref("parties"), Doc("Party that does it.")] = None
    frequency: Annotated[
        Frequency | None, Doc("hourly, daily, weekly, monthly, quarterly or yearly.")
    ] = None


@frozen
class Backup:
    """A backup regime: objects, copies, verification, test restores and retention."""

    name: Annotated[str, Doc("Name of the backup set.")]
    objects: Annotated[tuple[str, ...], OneOrMany(), Ref("objects"), Doc("Objects backed up.")]
    copies: Annotated[BackupDuty, Doc("Who makes copies, how often.")] = field(
        default_factory=BackupDuty
    )
    verification: Annotated[BackupDuty, Doc("Who checks the copies succeeded, how often.")] = field(
        default_factory=BackupDuty
    )
    test_restore: Annotated[BackupDuty, Doc("Who runs test restores, how often.")] = field(
        default_factory=BackupDuty
    )
    restore_by: Annotated[
        str | None, Ref("parties"), Doc("Party that restores after data loss.")
    ] = None
    failed_recovery: Annotated[str | None, Doc("What happens when recovery fails.")] = None
    retention: Annotated[str | None, Doc("How long copies are kept.")] = None


@frozen
class Closure:
    """When a ticket may close: the work report and the client's confirmation."""

    work_report: Annotated[
        tuple[WorkReportField, ...],
        Doc(
            "Fields the work report must contain: cause, actions, start_end, participants, downtime, recurrence_risk."
        ),
    ] = ()
    customer_confirmation: Annotated[
        bool, Doc("Closure only after the customer confirms the result.")
    ] = False
    auto_confirm_after_days: Annotated[
        int | None, Doc("Business days after which an unanswered report counts as confirmed.")
    ] = None
    auto_confirm_calendar: Annotated[
        str | None, Ref("calendars"), Doc("Calendar for counting those business days.")
    ] = None
    confirmed_by: Annotated[
        tuple[str, ...],
        OneOrMany(),
        Ref("contacts"),
        Doc(
            "Who else may confirm the result besides access.completion_confirmed_by ('party.contact')."
        ),
    ] = ()


@frozen
class SubAccount:
    """A person the client's primary contact has authorized to request work."""

    contact: Annotated[str, Ref("contacts"), Doc("The authorized person ('party.contact').")]
    technical: Annotated[bool, Doc("May open technical requests.")] = True
    billing: Annotated[bool, Doc("May request billing changes.")] = False


@frozen
class Authorization:
    """Who may request work, and how a request from anyone else is held."""

    primary_contact: Annotated[
        str | None,
        Ref("contacts"),
        Doc("The client's primary contact ('party.contact'); may add sub-accounts."),
    ] = None
    sub_accounts: Annotated[tuple[SubAccount, ...], Doc("Others authorized to open requests.")] = ()
    unauthorized: Annotated[
        UnauthorizedPolicy | None,
        Doc(
            "What happens to a request from anyone else: hold (until an authorized contact confirms) or reject."
        ),
    ] = None


@frozen
class Records:
    """How long records are kept, and in which system."""

    retention_years: Annotated[int | None, Doc("Years every interaction is kept (at least 3).")] = (
        None
    )
    system: Annotated[str | None, Doc("Where records are kept.")] = None


@frozen
class Commercial:
    """How work is billed: the model and what is included or billable."""

    model: Annotated[
        BillingModel | None, Doc("fixed_fee, per_incident, time_and_materials or mixed.")
    ] = None
    included: Annotated[tuple[str, ...], Doc("Work included in the fee.")] = ()
    billable: Annotated[tuple[str, ...], Doc("Work billed separately.")] = ()
    recurring_issues: Annotated[
        Billing | None, Doc("Whether fixing recurring issues is included or billable.")
    ] = None
    malware_remediation: Annotated[
        Billing | None, Doc("Whether malware remediation is included or billable.")
    ] = None
    new_hardware: Annotated[
        Billing | None, Doc("Whether deploying new hardware is included or billable.")
    ] = None


@frozen
class Suppression:
    """A finding of `remit check` accepted on purpose, with the reason."""

    code: Annotated[str, Doc("Check code, e.g. RM140.")]
    reason: Annotated[str, Doc("Why the finding is accepted.")]
    at: Annotated[
        str | None, Doc("Dotted path of the element, e.g. objects.erp-db; anywhere if omitted.")
    ] = None
