"""Unresolved references, duplicate keys and duplicate names: exact problem lines."""

from __future__ import annotations

from .broken import NAME, at, edit, problems


class TestUnresolvedReferences:
    def test_a_party(self) -> None:
        text = edit("  client: acme", "  client: acne")
        assert problems(text) == [
            f'{NAME}:{at(text, "acne")}: contract.client: unknown party "acne" '
            '(did you mean "acme"?)'
        ]

    def test_a_party_in_a_one_or_many_field(self) -> None:
        text = edit("{kind: os, primary: itp}", "{kind: os, primary: ipt}")
        assert problems(text) == [
            f'{NAME}:{at(text, "ipt")}: layers.os.primary: unknown party "ipt" '
            '(did you mean "itp"?)'
        ]

    def test_a_layer_in_a_list(self) -> None:
        text = edit("layers: [os]", "layers: [os, storage]")
        assert problems(text) == [
            f'{NAME}:{at(text, "storage")}: objects.srv-1.layers[1]: unknown layer "storage"; '
            "declared: os, app"
        ]

    def test_an_object(self) -> None:
        text = edit("{name: nightly, objects: [srv-1]}", "{name: nightly, objects: [srv-01]}")
        assert problems(text) == [
            f'{NAME}:{at(text, "srv-01")}: backups[0].objects[0]: unknown object "srv-01" '
            '(did you mean "srv-1"?)'
        ]

    def test_a_calendar(self) -> None:
        text = edit("recovery: 4h, calendar: always}", "recovery: 4h, calendar: 24x7}")
        assert problems(text) == [
            f'{NAME}:{at(text, "24x7")}: sla.targets[0].calendar: unknown calendar "24x7"; '
            "declared: office, always"
        ]

    def test_a_priority_lists_the_declared_ones(self) -> None:
        text = edit("{priorities: P1,", "{priorities: P9,")
        assert problems(text) == [
            f'{NAME}:{at(text, "P9")}: sla.targets[0].priorities: unknown priority "P9"; '
            "declared: P1, P2"
        ]

    def test_a_priority_in_the_matrix(self) -> None:
        text = edit("degraded: P2,", "degraded: P3,")
        assert problems(text) == [
            f"{NAME}:{at(text, 'P3')}: priorities.matrix.organization.degraded: "
            'unknown priority "P3"; declared: P1, P2'
        ]

    def test_a_category(self) -> None:
        text = edit("categories: outage,", "categories: [outage, outtage],")
        assert problems(text) == [
            f"{NAME}:{at(text, 'outtage')}: sla.targets[0].categories[1]: "
            'unknown category "outtage" (did you mean "outage"?)'
        ]

    def test_an_escalation_level(self) -> None:
        text = edit("level: management}", "level: managment}")
        assert problems(text) == [
            f"{NAME}:{at(text, 'managment')}: escalation.triggers[0].level: "
            'unknown escalation level "managment" (did you mean "management"?)'
        ]

    def test_a_contact(self) -> None:
        text = edit("owner: acme.owner,", "owner: acme.ownr,")
        assert problems(text) == [
            f'{NAME}:{at(text, "acme.ownr")}: objects.srv-1.owner: unknown contact "acme.ownr" '
            '(did you mean "acme.owner"?)'
        ]

    def test_a_contact_of_the_wrong_party(self) -> None:
        text = edit("contact: itp.desk}", "contact: acme.desk}")
        assert problems(text) == [
            f"{NAME}:{at(text, 'acme.desk')}: escalation.levels[0].contact: "
            'unknown contact "acme.desk" (did you mean "itp.desk"?)'
        ]

    def test_a_contact_written_without_its_party(self) -> None:
        text = edit("owner: acme.owner,", "owner: owner,")
        assert problems(text) == [
            f'{NAME}:{at(text, "owner,")}: objects.srv-1.owner: unknown contact "owner" '
            '(write contacts as "party.contact": did you mean "acme.owner"?)'
        ]

    def test_a_contact_without_its_party_and_like_no_contact(self) -> None:
        text = edit("owner: acme.owner,", "owner: bob,")
        assert problems(text) == [
            f'{NAME}:{at(text, "bob")}: objects.srv-1.owner: unknown contact "bob" '
            '(write contacts as "party.contact", e.g. "acme.owner")'
        ]

    def test_a_reference_into_a_section_the_contract_lacks(self) -> None:
        text = edit("  erp: {kind: application, layers: app, depends_on: srv-1}\n", "")
        text = edit(
            "objects:\n  srv-1: {kind: server, layers: [os], owner: acme.owner, support_hours: always}\n",
            "",
            text,
        )
        assert problems(text) == [
            f'{NAME}:{at(text, "srv-1")}: backups[0].objects[0]: unknown object "srv-1"; '
            "the contract declares no objects"
        ]

    def test_references_are_checked_although_other_values_are_wrong(self) -> None:
        text = edit("  client: acme", "  client: acne")
        text = edit("retention_years: 5", "retention_years: five", text)
        assert problems(text) == [
            f'{NAME}:{at(text, "acne")}: contract.client: unknown party "acne" '
            '(did you mean "acme"?)',
            f"{NAME}:{at(text, 'five')}: records.retention_years: "
            'expected a whole number, got "five"',
        ]

    def test_no_reference_noise_when_the_section_itself_is_broken(self) -> None:
        text = edit(
            "layers:\n  os: {kind: os, primary: itp}\n  app: {kind: application, primary: itp}",
            "layers: [os, app]",
        )
        assert problems(text) == [
            f"{NAME}:{at(text, '[os, app]')}: layers: expected a mapping, got a list"
        ]

    def test_no_reference_noise_when_a_required_part_is_missing(self) -> None:
        text = edit("  categories:\n    outage: {description: Down, urgency: work_stopped}\n", "")
        assert problems(text) == [
            f"{NAME}:{at(text, 'levels:')}: priorities.categories: "
            'missing required field "categories"'
        ]


class TestDuplicateKeys:
    def test_a_key_written_twice_is_an_error_not_silently_the_last(self) -> None:
        text = edit('  version: "1.0"\n', '  version: "1.0"\n  name: Other agreement\n')
        assert problems(text) == [
            f'{NAME}:{at(text, "name: Other")}: contract.name: duplicate key "name" '
            "(first at line 2)"
        ]

    def test_a_name_declared_twice_in_a_section(self) -> None:
        text = edit(
            "  app: {kind: application, primary: itp}",
            "  app: {kind: application, primary: itp}\n  os: {kind: os, primary: itp}",
        )
        first_line = at(text, "  os:").split(":")[0]
        assert problems(text) == [
            f'{NAME}:{at(text, "os:", nth=2)}: layers.os: duplicate key "os" (first at line {first_line})'
        ]

    def test_a_duplicate_key_in_a_flow_mapping(self) -> None:
        text = edit("{kind: server, layers: [os],", "{kind: server, kind: dbms, layers: [os],")
        line = at(text, "kind: server").split(":")[0]
        assert problems(text) == [
            f'{NAME}:{at(text, "kind: dbms")}: objects.srv-1.kind: duplicate key "kind" '
            f"(first at line {line})"
        ]


class TestDuplicateNames:
    def test_escalation_levels(self) -> None:
        text = edit("{name: management, party: acme}", "{name: helpdesk, party: acme}")
        text = edit("level: management}", "level: helpdesk}", text)
        first = at(text, "helpdesk").split(":")[0]
        assert problems(text) == [
            f"{NAME}:{at(text, 'helpdesk', nth=2)}: escalation.levels[1].name: "
            f'duplicate name "helpdesk" (first at escalation.levels[0], line {first})'
        ]

    def test_pause_reasons(self) -> None:
        text = edit("{reason: no_approver,", "{reason: no_access,")
        first = at(text, "no_access").split(":")[0]
        assert problems(text) == [
            f"{NAME}:{at(text, 'no_access', nth=2)}: pauses[1].reason: "
            f'duplicate reason "no_access" (first at pauses[0], line {first})'
        ]

    def test_backups(self) -> None:
        text = edit(
            "  - {name: nightly, objects: [srv-1]}",
            "  - {name: nightly, objects: [srv-1]}\n  - {name: nightly, objects: [erp]}",
        )
        first = at(text, "nightly").split(":")[0]
        assert problems(text) == [
            f"{NAME}:{at(text, 'nightly', nth=2)}: backups[1].name: "
            f'duplicate name "nightly" (first at backups[0], line {first})'
        ]

    def test_maintenance_windows(self) -> None:
        window = (
            "  - {name: patching, rrule: FREQ=WEEKLY;BYDAY=SU;BYHOUR=2, duration: 2h, "
            "timezone: Europe/Berlin}\n"
        )
        text = edit("records:\n", f"maintenance:\n  windows:\n{window}{window}records:\n")
        first = at(text, "patching").split(":")[0]
        assert problems(text) == [
            f"{NAME}:{at(text, 'patching', nth=2)}: maintenance.windows[1].name: "
            f'duplicate name "patching" (first at maintenance.windows[0], line {first})'
        ]
