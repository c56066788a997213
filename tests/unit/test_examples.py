"""The shipped contracts (examples/*.yaml and the starter template) are usable as they stand.

Each file must load without problems, pass `remit check`, validate against the
JSON Schema that editors use, and keep its dependency graph closed and acyclic.
The examples must also stay realistic: a full registry, named owners and
versions, public holidays, example-domain contacts.
"""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml
from jsonschema import Draft7Validator
from typer.testing import CliRunner

from remit.cli import app
from remit.contract import ContractError, load_contract
from remit.contract.jsonschema import contract_schema
from remit.domain.contract import Contract, LayerKind, ObjectKind, PartyRole
from remit.domain.terms import FaultClass, UnauthorizedPolicy

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES_DIR = ROOT / "examples"
STARTER = ROOT / "src" / "remit" / "templates" / "starter.yaml"
EXPECTED_EXAMPLES = {
    "mixed-environment.yaml",
    "hosted-app-separate-hosting.yaml",
    "hosted-app-it-provider-hosts.yaml",
    "managed-hosting-authorization.yaml",
}
EXAMPLES = sorted(EXAMPLES_DIR.glob("*.yaml"))
SHIPPED = [*EXAMPLES, STARTER]
PHONE = re.compile(r"^\+\d{1,3}( ?\d){6,14}$")
EMAIL = re.compile(r"^[\w.+-]+@([\w-]+\.)*example\.[a-z.]+$")


def _id(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


def _contract(path: Path) -> Contract:
    try:
        return load_contract(path).contract
    except ContractError as error:
        pytest.fail(f"{_id(path)} does not load:\n{error}")


def _plain_yaml(path: Path) -> Any:
    """The file as JSON-like data; dates stay ISO strings as an editor sees them."""

    def strings(value: Any) -> Any:
        if isinstance(value, date):
            return value.isoformat()
        if isinstance(value, dict):
            return {str(k): strings(v) for k, v in value.items()}
        if isinstance(value, list):
            return [strings(v) for v in value]
        return value

    return strings(yaml.safe_load(path.read_text(encoding="utf-8")))


def test_every_expected_example_is_present() -> None:
    assert {p.name for p in EXAMPLES} >= EXPECTED_EXAMPLES


@pytest.mark.parametrize("path", SHIPPED, ids=_id)
def test_loads_without_problems(path: Path) -> None:
    contract = _contract(path)
    assert contract.parties
    assert contract.layers


@pytest.mark.parametrize("path", SHIPPED, ids=_id)
def test_remit_check_exits_zero(path: Path) -> None:
    result = CliRunner().invoke(app, ["check", str(path)])
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize("path", SHIPPED, ids=_id)
def test_remit_check_finds_nothing_not_even_a_warning(path: Path) -> None:
    result = CliRunner().invoke(app, ["check", "--format", "json", str(path)])
    report = json.loads(result.output)
    assert report["findings"] == [], "\n".join(
        f"{f['line']}:{f['column']} {f['code']} {f['message']}" for f in report["findings"]
    )


def test_contract_schema_is_a_valid_draft7_schema() -> None:
    Draft7Validator.check_schema(contract_schema())


@pytest.mark.parametrize("path", SHIPPED, ids=_id)
def test_validates_against_the_json_schema(path: Path) -> None:
    validator = Draft7Validator(contract_schema())
    errors = sorted(validator.iter_errors(_plain_yaml(path)), key=lambda e: list(e.path))
    assert not errors, "\n".join(
        f"{'.'.join(map(str, e.absolute_path))}: {e.message}" for e in errors
    )


@pytest.mark.parametrize("path", SHIPPED, ids=_id)
def test_dependencies_name_declared_objects_without_cycles(path: Path) -> None:
    objects = _contract(path).objects
    undeclared = [
        f"{name} -> {dep}"
        for name, obj in objects.items()
        for dep in obj.depends_on
        if dep not in objects
    ]
    assert not undeclared
    assert _cycle(objects) == []


def _cycle(objects: dict[str, Any]) -> list[str]:
    """One dependency cycle as a path of names, or [] when the graph is acyclic."""
    state: dict[str, int] = {}  # 1 = on the current path, 2 = finished
    path: list[str] = []

    def visit(name: str) -> list[str]:
        state[name] = 1
        path.append(name)
        for dep in objects[name].depends_on:
            if state.get(dep) == 1:
                return [*path[path.index(dep) :], dep]
            if dep not in state and (found := visit(dep)):
                return found
        path.pop()
        state[name] = 2
        return []

    for name in objects:
        if name not in state and (found := visit(name)):
            return found
    return []


@pytest.mark.parametrize("path", EXAMPLES, ids=_id)
def test_example_registry_is_complete(path: Path) -> None:
    contract = _contract(path)
    assert 30 <= len(contract.objects) <= 60
    for name, obj in contract.objects.items():
        missing = [
            field
            for field in ("role", "location", "environment", "version", "owner", "executor")
            if getattr(obj, field) is None
        ]
        assert not missing, f"{name} lacks {missing}"
        assert (obj.kind is ObjectKind.INTEGRATION) == (obj.integration_type is not None), name
    kinds = {obj.integration_type for obj in contract.objects.values()} - {None}
    assert len(kinds) >= 3, "integration components of several types are declared"


@pytest.mark.parametrize("path", EXAMPLES, ids=_id)
def test_example_has_one_primary_per_layer(path: Path) -> None:
    for name, layer in _contract(path).layers.items():
        assert len(layer.primary) == 1, name


def _filled_sections(c: Contract) -> dict[str, object]:
    """What a complete contract must state, by the name a reader would look for."""
    return {
        "priorities": c.priorities,
        "coordination": c.coordination,
        "scope.exclusions": c.scope.exclusions,
        "scope.environments": c.scope.environments,
        "maintenance.windows": c.maintenance.windows,
        "maintenance.change_approver": c.maintenance.change_approver,
        "sla.targets": c.sla.targets,
        "sla.overrides": c.sla.overrides,
        "sla.after_hours": c.sla.after_hours,
        "sla.targets with both times": all(
            t.response is not None and t.recovery is not None for t in c.sla.targets
        ),
        "pauses": c.pauses,
        "escalation.levels": c.escalation.levels,
        "escalation.triggers": c.escalation.triggers,
        "escalation.symptoms": c.escalation.symptoms,
        "escalation.fault_classes": c.escalation.fault_classes,
        "communication.cadence": c.communication.cadence,
        "vendors": c.vendors,
        "access.rules": c.access.rules,
        "customer_duties.internal_it_contact": c.customer_duties.internal_it_contact,
        "backups": c.backups,
        "backups with a test-restore party": all(b.test_restore.party for b in c.backups),
        "closure.customer_confirmation": c.closure.customer_confirmation,
        "closure.work_report complete": len(c.closure.work_report) == 6,
        "authorization.primary_contact": c.authorization.primary_contact,
        "authorization.sub_accounts": c.authorization.sub_accounts,
        "records.retention_years >= 3": (c.records.retention_years or 0) >= 3,
        "commercial.model": c.commercial.model,
        "commercial.included": c.commercial.included,
        "commercial.billable": c.commercial.billable,
        "operating_model.client_owner": c.operating_model.client_owner,
    }


@pytest.mark.parametrize("path", EXAMPLES, ids=_id)
def test_example_fills_every_section(path: Path) -> None:
    empty = [name for name, value in _filled_sections(_contract(path)).items() if not value]
    assert empty == []


@pytest.mark.parametrize("path", EXAMPLES, ids=_id)
def test_example_calendars_close_public_holidays(path: Path) -> None:
    calendars = _contract(path).calendars.values()
    assert any(spec.holidays for spec in calendars)
    assert any(spec.always_open for spec in calendars)


@pytest.mark.parametrize("path", EXAMPLES, ids=_id)
def test_example_contacts_are_fictional_and_well_formed(path: Path) -> None:
    contract = _contract(path)
    for party_id, party in contract.parties.items():
        for key, person in party.contacts.items():
            where = f"{party_id}.{key}"
            assert person.email is None or EMAIL.match(person.email), where
            assert person.phone is None or PHONE.match(person.phone), where
        for channel in (*party.channels.emergency, *party.channels.routine):
            if channel.kind.value == "phone":
                assert PHONE.match(channel.address), f"{party_id}: {channel.address}"
            if channel.kind.value == "email":
                assert EMAIL.match(channel.address), f"{party_id}: {channel.address}"


def _example(name: str) -> Contract:
    return _contract(EXAMPLES_DIR / name)


def test_mixed_environment_has_the_five_parties_and_the_seed_scenario_objects() -> None:
    contract = _example("mixed-environment.yaml")
    roles = {role for party in contract.parties.values() for role in party.roles}
    assert {
        PartyRole.CLIENT,
        PartyRole.HARDWARE_CONTRACTOR,
        PartyRole.OS_DBMS_CONTRACTOR,
        PartyRole.APPLICATIONS_CONTRACTOR,
        PartyRole.VENDOR,
    } <= roles
    assert len(contract.parties) == 5
    assert all(p.responsible_for and p.not_responsible_for for p in contract.parties.values())
    kinds = {layer.kind for layer in contract.layers.values()}
    assert {
        LayerKind.HARDWARE,
        LayerKind.OS,
        LayerKind.DBMS,
        LayerKind.APPLICATION,
        LayerKind.INTEGRATION,
        LayerKind.BACKUP,
    } <= kinds
    objects = contract.objects
    assert any(o.kind is ObjectKind.DOMAIN_CONTROLLER for o in objects.values())
    nightly = objects["acc-nightly-exchange"]
    assert nightly.integration_type is not None
    assert nightly.integration_type.value in ("file_exchange", "scheduled_job")
    assert set(nightly.depends_on) == {"acc-1c", "acc-db"}
    assert objects["acc-db"].kind is ObjectKind.DBMS
    assert objects["branch-exchange"].integration_type is not None
    assert objects["pos-terminals"].business_unit == "Retail stores"
    assert contract.sla.after_hours is not None
    assert "P1" in contract.sla.after_hours.priorities


def test_separate_hosting_routes_fault_classes_to_three_parties() -> None:
    contract = _example("hosted-app-separate-hosting.yaml")
    model = contract.operating_model
    assert len({model.it_provider, model.hosting_provider, model.developer}) == 3
    classes = contract.escalation.fault_classes
    assert classes[FaultClass.INFRASTRUCTURE] == model.hosting_provider
    assert classes[FaultClass.APPLICATION_DEFECT] == model.developer
    assert classes[FaultClass.HOSTING_RISK] == contract.contract.client
    assert classes[FaultClass.BUDGET] == contract.contract.client
    for name in ("app-pool", "iis", "sql-server", "app", "mail-gateway", "app-outgoing-mail"):
        assert name in contract.objects, name


_HOSTING_KINDS = {LayerKind.HOSTING_PLATFORM, LayerKind.DBMS, LayerKind.OS, LayerKind.HARDWARE}


def test_when_the_it_provider_hosts_the_hosting_layers_move_and_the_application_stays() -> None:
    separate = _example("hosted-app-separate-hosting.yaml")
    hosted = _example("hosted-app-it-provider-hosts.yaml")
    model = hosted.operating_model
    assert model.hosting_provider == model.it_provider
    assert PartyRole.HOSTING_PROVIDER in hosted.parties[model.it_provider or ""].roles
    assert set(hosted.layers) == set(separate.layers)
    hosting = [name for name in hosted.layers if name.startswith("hosting_")]
    assert {hosted.layers[name].kind for name in hosting} >= _HOSTING_KINDS
    for name in hosting:
        assert separate.layers[name].primary == (separate.operating_model.hosting_provider,)
        assert hosted.layers[name].primary == (model.it_provider,), name
    app_layers = [lay for lay in hosted.layers.values() if lay.kind is LayerKind.APPLICATION]
    assert app_layers
    assert all(lay.primary == (model.developer,) for lay in app_layers)
    assert hosted.escalation.fault_classes[FaultClass.APPLICATION_DEFECT] == model.developer
    assert separate.operating_model.developer == model.developer


def test_the_two_hosted_app_examples_describe_the_same_client() -> None:
    separate = _example("hosted-app-separate-hosting.yaml")
    hosted = _example("hosted-app-it-provider-hosts.yaml")
    client = separate.contract.client
    assert hosted.contract.client == client
    assert hosted.parties[client] == separate.parties[client]
    assert hosted.parties["developer"] == separate.parties["developer"]
    client_side = [
        name
        for name, obj in separate.objects.items()
        if obj.executor == separate.operating_model.it_provider
    ]
    assert len(client_side) >= 10
    for name in client_side:
        assert hosted.objects[name] == separate.objects[name], name
    assert set(hosted.objects) == set(separate.objects)


def test_managed_hosting_authorizes_sub_accounts_and_holds_everyone_else() -> None:
    contract = _example("managed-hosting-authorization.yaml")
    auth = contract.authorization
    assert auth.unauthorized is UnauthorizedPolicy.HOLD
    assert auth.primary_contact is not None
    assert auth.primary_contact.startswith(f"{contract.contract.client}.")
    assert len(auth.sub_accounts) >= 3
    flags = {(s.technical, s.billing) for s in auth.sub_accounts}
    assert (True, False) in flags
    assert (False, True) in flags
    assert contract.records.retention_years is not None
    assert contract.records.retention_years >= 3
    provider = contract.operating_model.hosting_provider
    developer = contract.operating_model.developer
    assert provider is not None
    assert developer not in (None, provider)
    code = {LayerKind.APPLICATION, LayerKind.INTEGRATION}
    for name, layer in contract.layers.items():
        assert layer.primary == ((developer,) if layer.kind in code else (provider,)), name
    assert {layer.kind for layer in contract.layers.values()} >= code | {LayerKind.OS}
    assert contract.coordination is not None
    assert contract.coordination.coordinator == provider
