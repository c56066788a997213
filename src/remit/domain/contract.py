"""The support contract as plain, typed, immutable data.

One `Contract` is one version of the YAML file after loading: every name it
mentions has been resolved (see `remit.contract.loader`). Field documentation
lives next to the field in `Doc` markers; `docs/contract.md` and `remit schema`
are generated from or tested against these declarations.

The sections that describe service terms (SLA, pauses, escalation, ...) are in
`remit.domain.terms`; this module holds who and what: parties, layers, objects,
scope and calendars.
"""

from __future__ import annotations

from dataclasses import field
from datetime import date
from enum import StrEnum
from typing import Annotated

from remit.domain.calendar import CalendarSpec
from remit.domain.schema_marks import Doc, OneOrMany, Ref, Rrule, Text, TimeRanges, TimeZoneName
from remit.domain.schema_marks import Duration as Dur
from remit.domain.terms import (
    Access,
    AccessMode,
    Authorization,
    Backup,
    Billing,
    Closure,
    Commercial,
    Communication,
    Coordination,
    CustomerDuties,
    Escalation,
    PauseRule,
    Priorities,
    Records,
    Sla,
    Suppression,
    VendorHandling,
)
from remit.domain.values import frozen


class PartyRole(StrEnum):
    CLIENT = "client"
    IT_PROVIDER = "it_provider"
    HOSTING_PROVIDER = "hosting_provider"
    DEVELOPER = "developer"
    HARDWARE_CONTRACTOR = "hardware_contractor"
    OS_DBMS_CONTRACTOR = "os_dbms_contractor"
    APPLICATIONS_CONTRACTOR = "applications_contractor"
    INTEGRATOR = "integrator"
    VENDOR = "vendor"
    NETWORK_PROVIDER = "network_provider"


class ChannelKind(StrEnum):
    PHONE = "phone"
    EMAIL = "email"
    PORTAL = "portal"
    CHAT = "chat"
    PAGER = "pager"
    API = "api"


class LayerKind(StrEnum):
    CLIENT_SIDE = "client_side"
    NETWORK = "network"
    HARDWARE = "hardware"
    OS = "os"
    VIRTUALIZATION = "virtualization"
    DBMS = "dbms"
    HOSTING_PLATFORM = "hosting_platform"
    APPLICATION = "application"
    INTEGRATION = "integration"
    BACKUP = "backup"


class ObjectKind(StrEnum):
    SERVER = "server"
    WORKSTATION = "workstation"
    VIRTUAL_MACHINE = "virtual_machine"
    STORAGE = "storage"
    NETWORK_DEVICE = "network_device"
    OPERATING_SYSTEM = "operating_system"
    DBMS = "dbms"
    APPLICATION = "application"
    INTEGRATION = "integration"
    WEB_SERVER = "web_server"
    MAIL = "mail"
    DIRECTORY = "directory"
    DOMAIN_CONTROLLER = "domain_controller"
    TERMINAL_SERVER = "terminal_server"
    BACKUP = "backup"
    SERVICE = "service"


class IntegrationType(StrEnum):
    QUEUE = "queue"
    API = "api"
    CONNECTOR = "connector"
    GATEWAY = "gateway"
    FILE_EXCHANGE = "file_exchange"
    MAIL = "mail"
    DIRECTORY = "directory"
    EXTERNAL_SERVICE = "external_service"
    SCHEDULED_JOB = "scheduled_job"
    SCRIPT = "script"


class Environment(StrEnum):
    PRODUCTION = "production"
    TEST = "test"
    STAGING = "staging"
    DR = "dr"


class Criticality(StrEnum):
    CRITICAL = "critical"
    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"


@frozen
class Contact:
    """A person who can be reached for a party, with a role and channels."""

    name: Annotated[str, Doc("Full name of the person.")]
    role: Annotated[
        str | None, Doc("What the person does for this party, e.g. 'service desk lead'.")
    ] = None
    email: Annotated[str | None, Doc("E-mail address.")] = None
    phone: Annotated[str | None, Doc("Phone number in international format.")] = None
    after_hours: Annotated[bool, Doc("Reachable outside the party's calendar (on call).")] = False


@frozen
class Channel:
    """One way to reach someone: phone, e-mail, portal, chat, pager or API."""

    kind: Annotated[ChannelKind, Doc("phone, email, portal, chat, pager or api.")]
    address: Annotated[str, Doc("Number, address or URL to use.")]
    calendar: Annotated[
        str | None,
        Ref("calendars"),
        Doc("When the channel is staffed; the party's calendar if omitted."),
    ] = None


@frozen
class Channels:
    """How a party is reached, for normal work and for emergencies."""

    emergency: Annotated[
        tuple[Channel, ...],
        Doc("Channels for outages and other urgent requests, in order of preference."),
    ] = ()
    routine: Annotated[tuple[Channel, ...], Doc("Channels for routine requests.")] = ()


@frozen
class UnderpinningTarget:
    """What a party promises for its own layers: an operational-level or underpinning target."""

    layers: Annotated[
        tuple[str, ...],
        OneOrMany(),
        Ref("layers"),
        Doc("Layers whose work the target covers, on every object of those layers."),
    ]
    priorities: Annotated[
        tuple[str, ...],
        OneOrMany(),
        Ref("priorities"),
        Doc("Priorities it applies to; all if omitted."),
    ] = ()
    response: Annotated[
        int | None, Dur(), Doc("Time for the party to take a handed-off ticket into work.")
    ] = None
    recovery: Annotated[
        int | None, Dur(), Doc("Time for the party to restore its layer after the hand-off.")
    ] = None
    calendar: Annotated[
        str | None,
        Ref("calendars"),
        Doc("The calendar the party's clock runs on; the party's own calendar if omitted."),
    ] = None
    handoff: Annotated[
        int | None,
        Dur(),
        Doc(
            "Time from the client's intake until the ticket reaches the party, on the client's clock."
        ),
    ] = None


@frozen
class Party:
    """Someone in the contract: the client, a provider or a vendor."""

    name: Annotated[str, Doc("Legal or trading name.")]
    roles: Annotated[
        tuple[PartyRole, ...],
        OneOrMany(),
        Doc("What the party is in this contract; one party may fill several roles."),
    ]
    calendar: Annotated[str, Ref("calendars"), Doc("The party's own working calendar.")]
    contacts: Annotated[
        dict[str, Contact],
        Doc("People, keyed by a short id used in references as 'party.contact'."),
    ] = field(default_factory=dict)
    channels: Annotated[
        Channels, Doc("How to reach the party: emergency and routine channels.")
    ] = field(default_factory=Channels)
    backup_contacts: Annotated[
        tuple[str, ...],
        Ref("contacts"),
        Doc("Contacts ('party.contact') to call when the usual ones do not answer."),
    ] = ()
    responsible_for: Annotated[
        tuple[str, ...], Doc("What the party answers for, in plain words (appendix matrix).")
    ] = ()
    not_responsible_for: Annotated[
        tuple[str, ...], Doc("What the party explicitly does not answer for.")
    ] = ()
    targets: Annotated[
        tuple[UnderpinningTarget, ...],
        Doc("The party's own response and recovery targets for its layers."),
    ] = ()


@frozen
class OperatingModel:
    """Which party plays which part: IT provider, hosting, development."""

    it_provider: Annotated[
        str | None, Ref("parties"), Doc("The party providing client-side IT support.")
    ] = None
    hosting_provider: Annotated[
        str | None,
        Ref("parties"),
        Doc("The party running the hosting platform (may be the IT provider)."),
    ] = None
    developer: Annotated[str | None, Ref("parties"), Doc("The party owning application code.")] = (
        None
    )
    client_owner: Annotated[
        str | None,
        Ref("contacts"),
        Doc(
            "The client's owner or manager who decides on risk, budget and responsibility transfers ('party.contact')."
        ),
    ] = None
    notes: Annotated[str | None, Doc("Free text on how the roles are split.")] = None


@frozen
class Layer:
    """A layer of the stack and the one party primary for it."""

    kind: Annotated[LayerKind, Doc("Which layer of the stack this is.")]
    primary: Annotated[
        tuple[str, ...],
        OneOrMany(),
        Ref("parties"),
        Doc(
            "The one party primarily responsible. Exactly one is required; `remit check` flags none or several."
        ),
    ] = ()
    secondary: Annotated[
        tuple[str, ...], OneOrMany(), Ref("parties"), Doc("Parties that assist the primary.")
    ] = ()
    escalation: Annotated[
        tuple[str, ...],
        OneOrMany(),
        Ref("parties"),
        Doc("Parties the primary escalates to (vendors, third line)."),
    ] = ()
    description: Annotated[str | None, Doc("What the layer includes.")] = None


@frozen
class SupportObject:
    """A system under support: its layers, dependencies, hours and criticality."""

    kind: Annotated[ObjectKind, Doc("What the object is.")]
    layers: Annotated[
        tuple[str, ...], OneOrMany(), Ref("layers"), Doc("Layers the object belongs to.")
    ]
    role: Annotated[str | None, Doc("What the object does for the business.")] = None
    integration_type: Annotated[
        IntegrationType | None,
        Doc(
            "For integration objects: queue, api, connector, gateway, file_exchange, mail, directory, external_service, scheduled_job or script."
        ),
    ] = None
    location: Annotated[
        str | None, Doc("Where it runs: site, room, rack, data centre or cloud region.")
    ] = None
    environment: Annotated[Environment | None, Doc("production, test, staging or dr.")] = None
    product: Annotated[str | None, Text(), Doc("Product name, e.g. 'Microsoft SQL Server'.")] = None
    edition: Annotated[str | None, Text(), Doc("Edition, e.g. 'Standard'.")] = None
    version: Annotated[
        str | None, Text(), Doc("Version exactly as the vendor states it, e.g. '2019 CU22'.")
    ] = None
    owner: Annotated[str | None, Ref("contacts"), Doc("Customer-side owner ('party.contact').")] = (
        None
    )
    executor: Annotated[
        str | None, Ref("parties"), Doc("The party that does the work on this object.")
    ] = None
    vendor: Annotated[
        str | None, Ref("parties"), Doc("The vendor party whose product this is.")
    ] = None
    business_unit: Annotated[
        str | None, Doc("The business unit that stops when this object stops.")
    ] = None
    criticality: Annotated[Criticality | None, Doc("critical, high, medium or low.")] = None
    support_hours: Annotated[
        str | None, Ref("calendars"), Doc("The calendar on which the object is supported.")
    ] = None
    access: Annotated[AccessMode | None, Doc("remote, on_site or remote_and_on_site.")] = None
    depends_on: Annotated[
        tuple[str, ...],
        OneOrMany(),
        Doc(
            "Objects this one needs to work. Undeclared names and cycles are reported by `remit check`."
        ),
    ] = ()
    comments: Annotated[str | None, Doc("Free text for the appendix.")] = None


@frozen
class ExclusionRule:
    """A clause that puts work out of scope, with the objects it covers."""

    clause: Annotated[str, Doc("The clause as the contract words it; the desk quotes it.")]
    objects: Annotated[
        tuple[str, ...],
        OneOrMany(),
        Ref("objects"),
        Doc("Objects the clause excludes; any object if omitted."),
    ] = ()
    environments: Annotated[
        tuple[Environment, ...],
        OneOrMany(),
        Doc("Environments the clause excludes; any environment if omitted."),
    ] = ()
    categories: Annotated[
        tuple[str, ...],
        OneOrMany(),
        Ref("categories"),
        Doc("Ticket categories (activities) the clause excludes; any category if omitted."),
    ] = ()
    billing: Annotated[
        Billing, Doc("What excluded work costs: billable (the default) or included.")
    ] = Billing.BILLABLE


@frozen
class Scope:
    """What is covered: environments, objects and exclusions."""

    environments: Annotated[
        tuple[Environment, ...],
        OneOrMany(),
        Doc("Environments in scope: production, test, staging, dr."),
    ] = ()
    exclusions: Annotated[
        tuple[str, ...],
        Doc(
            "What the contract does not cover (new functionality, licence purchases, user training, ...)."
        ),
    ] = ()
    exclusion_rules: Annotated[
        tuple[ExclusionRule, ...],
        Doc(
            "Exclusions the desk applies at intake: a ticket matching every condition a rule names (objects, environments, categories) is out of scope with the rule's clause."
        ),
    ] = ()


@frozen
class HolidayRule:
    """Public holidays of a country (and subdivision) that close a calendar."""

    country: Annotated[str, Text(), Doc("ISO 3166-1 alpha-2 country code, e.g. 'DE'.")]
    subdivision: Annotated[
        str | None, Text(), Doc("Subdivision code as the holidays package names it, e.g. 'BE'.")
    ] = None


@frozen
class ExtraOpen:
    """A date a calendar is open beyond its usual hours."""

    date: Annotated[date, Doc("The date, YYYY-MM-DD.")]
    hours: Annotated[
        tuple[str, ...] | None,
        TimeRanges(),
        Doc("Open intervals that day; the weekday's regular hours if omitted."),
    ] = None


@frozen
class CalendarDecl:
    """A business calendar: time zone, hours, holidays and exceptions."""

    timezone: Annotated[str, TimeZoneName(), Doc("IANA time zone, e.g. 'Europe/Berlin'.")]
    always_open: Annotated[
        bool, Doc("Open around the clock (24/7); weekly hours and holidays are then ignored.")
    ] = False
    hours: Annotated[
        dict[str, Annotated[tuple[str, ...], TimeRanges()]],
        Doc(
            "Weekly hours: keys mon..sun or ranges like mon-fri; values lists of HH:MM-HH:MM. An interval ending at or before its start runs overnight and belongs to the day it starts."
        ),
    ] = field(default_factory=dict)
    holidays: Annotated[
        tuple[HolidayRule, ...], Doc("Public holidays to close, by country and subdivision.")
    ] = ()
    closed: Annotated[
        tuple[date, ...], Doc("Extra closed dates; a closed date closes intervals starting on it.")
    ] = ()
    open: Annotated[tuple[ExtraOpen, ...], Doc("Dates open despite weekly hours or holidays.")] = ()


@frozen
class MaintenanceWindow:
    """A planned maintenance window, recurring by RRULE, and what it does to clocks."""

    name: Annotated[str, Doc("Short name of the window.")]
    rrule: Annotated[
        str,
        Rrule(),
        Doc(
            "iCalendar recurrence rule of the window's start, e.g. FREQ=WEEKLY;BYDAY=SU;BYHOUR=2;BYMINUTE=0."
        ),
    ]
    duration: Annotated[int, Dur(), Doc("How long each window lasts.")]
    timezone: Annotated[str, TimeZoneName(), Doc("IANA time zone of the rule.")]
    objects: Annotated[
        tuple[str, ...],
        OneOrMany(),
        Ref("objects"),
        Doc("Objects that may be interrupted; all if omitted."),
    ] = ()
    confirmed_by: Annotated[
        str | None,
        Ref("contacts"),
        Doc(
            "Who on the customer side confirms each occurrence at the desk ('party.contact'); without it the signed contract agrees every occurrence."
        ),
    ] = None
    clocks_run: Annotated[
        bool,
        Doc(
            "Whether SLA clocks run during a confirmed occurrence. Default false: a planned interruption of the agreed scope does not breach, and the clocks run from the window's end."
        ),
    ] = False
    escalations_fire: Annotated[
        bool,
        Doc(
            "Whether escalations fire during a confirmed occurrence. Default false: escalations that fall inside it are held until the window ends, then fire once."
        ),
    ] = False


@frozen
class Maintenance:
    """Planned maintenance windows and the change procedure."""

    windows: Annotated[tuple[MaintenanceWindow, ...], Doc("Planned maintenance windows.")] = ()
    change_procedure: Annotated[
        str | None, Doc("How changes are requested, approved and scheduled.")
    ] = None
    change_approver: Annotated[
        str | None,
        Ref("contacts"),
        Doc("Who approves changes on the customer side ('party.contact')."),
    ] = None


@frozen
class ContractInfo:
    """The contract's title, version, effective date and client."""

    name: Annotated[str, Doc("Title of the contract.")]
    version: Annotated[str, Text(), Doc("Version label of this revision, e.g. '2026.2'.")]
    effective_from: Annotated[date, Doc("Date this version takes effect.")]
    client: Annotated[str, Ref("parties"), Doc("The party that buys the support.")]
    reference: Annotated[str | None, Doc("Contract number or reference.")] = None


@frozen
class Contract:
    """An IT support contract between a client and its providers, as code."""

    contract: Annotated[ContractInfo, Doc("Title, version, effective date and client.")]
    parties: Annotated[dict[str, Party], Doc("Everyone in the contract, keyed by a short id.")]
    calendars: Annotated[
        dict[str, CalendarSpec], Doc("Named business calendars (written as `CalendarDecl`).")
    ]
    layers: Annotated[
        dict[str, Layer], Doc("Layers of the stack with their responsible parties, keyed by id.")
    ]
    objects: Annotated[
        dict[str, SupportObject], Doc("The registry of support objects, keyed by name.")
    ] = field(default_factory=dict)
    operating_model: Annotated[
        OperatingModel, Doc("Which party fills which role; one party may fill two.")
    ] = field(default_factory=OperatingModel)
    scope: Annotated[Scope, Doc("Environments in scope and exclusions.")] = field(
        default_factory=Scope
    )
    maintenance: Annotated[Maintenance, Doc("Maintenance windows and the change procedure.")] = (
        field(default_factory=Maintenance)
    )
    priorities: Annotated[
        Priorities | None, Doc("Priority levels, the impact x urgency matrix and categories.")
    ] = None
    sla: Annotated[
        Sla, Doc("Response and recovery targets, overrides and after-hours coverage.")
    ] = field(default_factory=lambda: Sla())
    pauses: Annotated[tuple[PauseRule, ...], Doc("The only reasons an SLA clock may stop.")] = ()
    escalation: Annotated[
        Escalation, Doc("Escalation levels, time triggers and targets by fault class.")
    ] = field(default_factory=lambda: Escalation())
    coordination: Annotated[Coordination | None, Doc("Who coordinates incidents.")] = None
    communication: Annotated[Communication, Doc("Client-update cadence and contents.")] = field(
        default_factory=lambda: Communication()
    )
    vendors: Annotated[
        tuple[VendorHandling, ...],
        Doc("Per vendor product: who opens cases, collects logs, corresponds and decides fixes."),
    ] = ()
    access: Annotated[
        Access, Doc("Remote and on-site access, emergency access, completion sign-off.")
    ] = field(default_factory=lambda: Access())
    customer_duties: Annotated[CustomerDuties, Doc("What the customer must provide.")] = field(
        default_factory=lambda: CustomerDuties()
    )
    backups: Annotated[
        tuple[Backup, ...],
        Doc("Backup duties: copies, verification, test restores, restore after data loss."),
    ] = ()
    closure: Annotated[Closure, Doc("Work report contents and customer confirmation.")] = field(
        default_factory=lambda: Closure()
    )
    authorization: Annotated[
        Authorization, Doc("Who may open technical requests and billing changes.")
    ] = field(default_factory=lambda: Authorization())
    records: Annotated[Records, Doc("How long interaction records are kept.")] = field(
        default_factory=lambda: Records()
    )
    commercial: Annotated[Commercial, Doc("What is included and what is billable.")] = field(
        default_factory=lambda: Commercial()
    )
    suppress: Annotated[
        tuple[Suppression, ...],
        Doc("`remit check` findings accepted on purpose, each with a reason."),
    ] = ()

    def party_for_contact(self, ref: str) -> str:
        """The party id of a 'party.contact' reference."""
        return ref.split(".", 1)[0]

    def contact(self, ref: str) -> Contact:
        party, _, key = ref.partition(".")
        return self.parties[party].contacts[key]
