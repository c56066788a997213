"""Wrong types, missing fields, unknown keys and misspelled choices: exact problem lines."""

from __future__ import annotations

import pytest

from .broken import NAME, at, edit, locate, problems

OBJECT_KINDS = (
    "server, workstation, virtual_machine, storage, network_device, operating_system, dbms, "
    "application, integration, web_server, mail, directory, domain_controller, terminal_server, "
    "backup, service"
)


class TestWrongTypes:
    def test_a_list_where_text_belongs(self) -> None:
        text = edit("  name: Support agreement", "  name: [Support, agreement]")
        assert problems(text) == [
            f"{NAME}:{at(text, '[Support')}: contract.name: expected text, got a list"
        ]

    def test_text_where_a_mapping_belongs(self) -> None:
        text = edit("owner: {name: Ada Owner}", "owner: Ada Owner")
        assert problems(text) == [
            f"{NAME}:{at(text, 'Ada Owner')}: parties.acme.contacts.owner: expected a mapping, "
            'got "Ada Owner"'
        ]

    def test_a_section_given_as_text(self) -> None:
        text = edit("records:\n  retention_years: 5", "records: five years")
        assert problems(text) == [
            f'{NAME}:{at(text, "five years")}: records: expected a mapping, got "five years"'
        ]

    def test_a_list_given_where_a_mapping_belongs(self) -> None:
        text = edit(
            "  levels:\n    P1: {description: Everything is down}\n"
            "    P2: {description: Something is slow}",
            "  levels:\n    - P1\n    - P2",
        )
        assert f"{NAME}:{at(text, '- P1')}: priorities.levels: expected a mapping, got a list" in (
            problems(text)
        )

    def test_a_bool_field_with_text(self) -> None:
        text = edit("after_hours: false", "after_hours: sometimes")
        assert problems(text) == [
            f"{NAME}:{at(text, 'sometimes')}: parties.itp.contacts.desk.after_hours: "
            'expected true or false, got "sometimes"'
        ]

    def test_a_bool_field_with_a_number(self) -> None:
        text = edit("customer_confirmation: true", "customer_confirmation: 1")
        assert problems(text) == [
            f"{NAME}:{at(text, '1', nth=text.count('1'))}: closure.customer_confirmation: "
            'expected true or false, got "1"'
        ]

    def test_a_quoted_bool_is_text_and_the_message_says_so(self) -> None:
        text = edit("customer_confirmation: true", 'customer_confirmation: "true"')
        assert problems(text) == [
            f"{NAME}:{at(text, chr(34) + 'true')}: closure.customer_confirmation: "
            'expected true or false, got "true" in quotes (remove the quotes)'
        ]

    def test_a_bool_tag_on_text_is_not_trusted(self) -> None:
        text = edit("customer_confirmation: true", "customer_confirmation: !!bool maybe")
        assert problems(text) == [
            f"{NAME}:{at(text, '!!bool')}: closure.customer_confirmation: "
            'expected true or false, got "maybe"'
        ]

    @pytest.mark.parametrize("value", ["five", "5.5", "0x1F", "1:30", "!!int x"])
    def test_an_int_field_with_something_else(self, value: str) -> None:
        text = edit("retention_years: 5", f"retention_years: {value}")
        shown = value.removeprefix("!!int ")
        assert problems(text) == [
            f"{NAME}:{at(text, value)}: records.retention_years: "
            f'expected a whole number, got "{shown}"'
        ]

    def test_a_quoted_int_is_text_and_the_message_says_so(self) -> None:
        text = edit("retention_years: 5", "retention_years: '5'")
        assert problems(text) == [
            f"{NAME}:{at(text, chr(39) + '5')}: records.retention_years: "
            'expected a whole number, got "5" in quotes (remove the quotes)'
        ]

    def test_an_int_field_with_a_mapping(self) -> None:
        text = edit("retention_years: 5", "retention_years: {years: 5}")
        assert problems(text) == [
            f"{NAME}:{at(text, '{years')}: records.retention_years: "
            "expected a whole number, got a mapping"
        ]

    def test_a_value_left_empty(self) -> None:
        text = edit("  client: acme", "  client:")
        line, _ = locate(text, "  client:")
        assert problems(text) == [  # the parser places the missing value after the colon
            f"{NAME}:{line}:{len('  client:') + 1}: contract.client: expected text, got nothing"
        ]

    def test_a_multi_line_value_stays_on_one_problem_line(self) -> None:
        text = edit("retention_years: 5", "retention_years: |\n    five\n    years")
        assert problems(text) == [
            f"{NAME}:{at(text, '|')}: records.retention_years: "
            r'expected a whole number, got "five\nyears\n"'
        ]

    def test_a_long_value_is_shortened(self) -> None:
        text = edit("retention_years: 5", f"retention_years: {'x' * 100}")
        assert problems(text) == [
            f"{NAME}:{at(text, 'xxx')}: records.retention_years: "
            f'expected a whole number, got "{"x" * 59}…"'
        ]


class TestEnums:
    def test_a_misspelled_choice_suggests_the_right_one(self) -> None:
        text = edit("{kind: server,", "{kind: servr,")
        assert problems(text) == [
            f"{NAME}:{at(text, 'servr')}: objects.srv-1.kind: expected one of: {OBJECT_KINDS}, "
            'got "servr" (did you mean "server"?)'
        ]

    def test_a_choice_in_the_wrong_case(self) -> None:
        text = edit("urgency: work_stopped", "urgency: Work_Stopped")
        assert problems(text) == [
            f"{NAME}:{at(text, 'Work_Stopped')}: priorities.categories.outage.urgency: "
            'expected one of: work_stopped, degraded, can_wait, got "Work_Stopped" '
            '(did you mean "work_stopped"?)'
        ]

    def test_a_choice_nothing_like_any(self) -> None:
        text = edit("of: recovery", "of: resolution")
        assert problems(text) == [
            f"{NAME}:{at(text, 'resolution')}: escalation.triggers[0].of: "
            'expected one of: response, recovery, got "resolution"'
        ]

    def test_a_misspelled_choice_in_a_list(self) -> None:
        text = edit("roles: [client]", "roles: [client, vendr]")
        assert problems(text) == [
            f"{NAME}:{at(text, 'vendr')}: parties.acme.roles[1]: expected one of: client, "
            "it_provider, hosting_provider, developer, hardware_contractor, os_dbms_contractor, "
            "applications_contractor, integrator, vendor, network_provider, "
            'got "vendr" (did you mean "vendor"?)'
        ]

    def test_a_misspelled_mapping_key_choice(self) -> None:
        text = edit("    organization: {work", "    organisation: {work")
        assert problems(text) == [
            f"{NAME}:{at(text, 'organisation')}: priorities.matrix.organisation: "
            'expected one of: user, department, organization, got "organisation" '
            '(did you mean "organization"?)'
        ]


class TestMissingFields:
    def test_a_missing_required_field_is_reported_at_its_mapping(self) -> None:
        text = edit("  effective_from: 2026-01-01\n", "")
        assert problems(text) == [
            f"{NAME}:{at(text, 'name: Support')}: contract.effective_from: "
            'missing required field "effective_from"'
        ]

    def test_a_missing_field_of_a_list_item(self) -> None:
        text = edit("{name: management, party: acme}", "{name: management}")
        assert problems(text) == [
            f"{NAME}:{at(text, '{name: management')}: escalation.levels[1].party: "
            'missing required field "party"'
        ]

    def test_missing_sections_are_reported_at_the_start(self) -> None:
        text = "contract: {name: x, version: '1', effective_from: 2026-01-01, client: x}\n"
        assert problems(text) == [
            f'{NAME}:1:1: calendars: missing required field "calendars"',
            f'{NAME}:1:1: layers: missing required field "layers"',
            f'{NAME}:1:1: parties: missing required field "parties"',
        ]


class TestUnknownKeys:
    def test_a_misspelled_top_level_section(self) -> None:
        text = edit("records:\n", "recrods:\n")
        assert problems(text) == [
            f'{NAME}:{at(text, "recrods")}: recrods: unknown field "recrods" '
            '(did you mean "records"?)'
        ]

    def test_a_misspelled_required_field_is_one_problem_not_two(self) -> None:
        text = edit("  client: acme", "  cilent: acme")
        assert problems(text) == [
            f'{NAME}:{at(text, "cilent")}: contract.cilent: unknown field "cilent" '
            '(did you mean "client"?)'
        ]

    def test_a_nested_unknown_key(self) -> None:
        text = edit("{name: Service desk,", "{name: Service desk, emial: desk@example.com,")
        assert problems(text) == [
            f'{NAME}:{at(text, "emial")}: parties.itp.contacts.desk.emial: unknown field "emial" '
            '(did you mean "email"?)'
        ]

    def test_an_unknown_key_like_no_field(self) -> None:
        text = edit("records:\n", "paint: blue\nrecords:\n")
        assert problems(text) == [f'{NAME}:{at(text, "paint")}: paint: unknown field "paint"']

    def test_a_key_that_is_not_text(self) -> None:
        text = edit("records:\n", "[a, b]: 1\nrecords:\n")
        assert problems(text) == [
            f"{NAME}:{at(text, '[a, b]')}: a key must be plain text, got a list"
        ]

    def test_a_key_with_odd_characters_is_quoted_in_the_path(self) -> None:
        text = edit("records:\n", '"my section!": 1\nrecords:\n')
        assert problems(text) == [
            f'{NAME}:{at(text, chr(34) + "my")}: ["my section!"]: unknown field "my section!"'
        ]
