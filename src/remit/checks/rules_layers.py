"""Rules on layers and the operating model: one primary party per layer,
and layers that agree with who hosts and who owns the code."""

from __future__ import annotations

from collections.abc import Iterator

from remit.checks.model import Hit, Rule, Severity
from remit.contract_facts import Facts, layer_path
from remit.domain.contract import LayerKind, PartyRole

# Layers that move to the IT provider when it also hosts the platform.
HOSTING_KINDS = frozenset(
    {LayerKind.HOSTING_PLATFORM, LayerKind.OS, LayerKind.DBMS, LayerKind.VIRTUALIZATION}
)


def layer_without_primary(facts: Facts) -> Iterator[Hit]:
    for name, layer in facts.contract.layers.items():
        if not layer.primary:
            yield Hit(layer_path(name), f'layer "{name}" has no primary party')


def layer_with_several_primaries(facts: Facts) -> Iterator[Hit]:
    for name, layer in facts.contract.layers.items():
        if len(layer.primary) > 1:
            names = ", ".join(layer.primary)
            yield Hit(
                f"{layer_path(name)}.primary",
                f'layer "{name}" has {len(layer.primary)} primary parties ({names})',
                f"keep one primary and move the others to `secondary:` or `escalation:` of {name}",
            )


def operating_model_contradicts_layers(facts: Facts) -> Iterator[Hit]:
    yield from _roles_not_carried(facts)
    yield from _hosting_layers(facts)


def _roles_not_carried(facts: Facts) -> Iterator[Hit]:
    model = facts.contract.operating_model
    for field, party, role in (
        ("it_provider", model.it_provider, PartyRole.IT_PROVIDER),
        ("hosting_provider", model.hosting_provider, PartyRole.HOSTING_PROVIDER),
        ("developer", model.developer, PartyRole.DEVELOPER),
    ):
        if party and role not in facts.contract.parties[party].roles:
            yield Hit(
                f"operating_model.{field}",
                f'the operating model names "{party}" as {field.replace("_", " ")}, '
                f"but that party's roles do not include {role.value}",
                f"add {role.value} to parties.{party}.roles, or name the right party",
            )


def _hosting_layers(facts: Facts) -> Iterator[Hit]:
    host = facts.contract.operating_model.hosting_provider
    if not host:
        return
    parties = facts.contract.parties
    for name, layer in facts.contract.layers.items():
        for index, party in enumerate(layer.primary):
            other_host = party != host and PartyRole.HOSTING_PROVIDER in parties[party].roles
            platform = layer.kind is LayerKind.HOSTING_PLATFORM and party != host
            if (layer.kind in HOSTING_KINDS and other_host) or platform:
                yield Hit(
                    f"{layer_path(name)}.primary[{index}]",
                    f'the operating model says "{host}" hosts the platform, '
                    f'but layer "{name}" ({layer.kind.value}) names "{party}" as primary',
                    f"make {host} the primary of {name}, or correct operating_model.hosting_provider",
                )


def application_moved_with_hosting(facts: Facts) -> Iterator[Hit]:
    model = facts.contract.operating_model
    dev, host = model.developer, model.hosting_provider
    if not dev or not host or dev == host:
        return
    for name, layer in facts.contract.layers.items():
        if (
            layer.kind is LayerKind.APPLICATION
            and host in layer.primary
            and dev not in layer.primary
        ):
            yield Hit(
                f"{layer_path(name)}.primary",
                f'application layer "{name}" names the hosting provider "{host}" as primary; '
                f'application code stays with the developer "{dev}" unless separately contracted',
            )


RULES = (
    Rule(
        "RM101",
        "layer-without-primary",
        Severity.ERROR,
        "A layer has no primary party",
        "001",
        "Each layer must have one primary responsible party; without one, nobody is obliged "
        "to take a failure in that layer into work and the ticket circulates.",
        "name exactly one party under `primary:` of the layer",
        layer_without_primary,
    ),
    Rule(
        "RM102",
        "layer-with-several-primaries",
        Severity.ERROR,
        "A layer has more than one primary party",
        "001",
        '"Not two and not depending on the situation": two primaries spend the night '
        "exchanging messages instead of restoring service.",
        "keep one primary; move the others to `secondary:` or `escalation:`",
        layer_with_several_primaries,
    ),
    Rule(
        "RM103",
        "operating-model-contradicts-layers",
        Severity.ERROR,
        "The operating model and the layers disagree on who hosts",
        "000",
        "When the IT provider also hosts, server, database and platform duties move to it; "
        "layers that still name a separate hosting provider leave two owners for one fault.",
        "make the layers' primary parties match `operating_model`",
        operating_model_contradicts_layers,
    ),
    Rule(
        "RM104",
        "application-moved-with-hosting",
        Severity.ERROR,
        "Application duties moved with hosting",
        "000",
        "Application-layer ownership does not shift with hosting: code, business rules and "
        "framework behaviour remain the developer's scope unless separately contracted.",
        "make the developer the primary of the application layer, or contract the transfer "
        "and name the hosting provider in `operating_model.developer`",
        application_moved_with_hosting,
    ),
)
