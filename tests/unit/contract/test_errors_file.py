"""Files that cannot be a contract, and YAML that cannot be parsed: exact problem lines."""

from __future__ import annotations

from pathlib import Path

import pytest

from remit.contract import ContractError, load_contract

from .broken import BASE, NAME, at, edit, problems, spelled

NEEDS = "a contract needs contract, parties, calendars and layers"


def file_problems(path: Path) -> list[str]:
    with pytest.raises(ContractError) as caught:
        load_contract(path)
    return [str(p) for p in caught.value.problems]


def test_a_file_that_does_not_exist(tmp_path: Path) -> None:
    path = tmp_path / "missing.yaml"
    assert file_problems(path) == [f"{path}: no such file"]


def test_a_directory(tmp_path: Path) -> None:
    assert file_problems(tmp_path) == [f"{tmp_path}: this is a directory, not a contract file"]


def test_a_path_with_a_nul_character() -> None:
    assert file_problems(Path("con\x00tract.yaml")) == [
        "con\x00tract.yaml: cannot read the file: embedded null byte"
    ]


def test_an_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "empty.yaml"
    path.write_bytes(b"")
    assert file_problems(path) == [f"{path}:1:1: the file is empty; {NEEDS}"]


@pytest.mark.parametrize("text", ["\n\n  \n", "\ufeff"])
def test_blank_text_is_empty(text: str) -> None:
    assert problems(text) == [f"{NAME}:1:1: the file is empty; {NEEDS}"]


@pytest.mark.parametrize(
    "text", ["# a contract\n# to be written\n", "---\n", "--- # nothing\n...\n"]
)
def test_a_file_of_comments_only_holds_no_data(text: str) -> None:
    assert problems(text) == [f"{NAME}:1:1: the file holds no data; {NEEDS}"]


@pytest.mark.parametrize(
    ("text", "got"),
    [
        ("just some text\n", '"just some text"'),
        ("42\n", '"42"'),
        ("~\n", "nothing"),
        ("- contract\n- parties\n", "a list"),
    ],
)
def test_a_file_that_is_not_a_mapping(text: str, got: str) -> None:
    assert problems(text) == [f"{NAME}:1:1: expected a mapping of sections; {NEEDS}; got {got}"]


def test_a_binary_file_names_the_first_nul_byte(tmp_path: Path) -> None:
    path = tmp_path / "logo.png"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    assert file_problems(path) == [
        f"{path}:3:1: this is a binary file (a NUL byte here), not a YAML contract"
    ]


def test_a_utf16_file_is_asked_to_be_saved_as_utf8(tmp_path: Path) -> None:
    path = tmp_path / "contract.yaml"
    path.write_bytes(BASE.encode("utf-16"))
    assert file_problems(path) == [f"{path}:1:1: the file is UTF-16 text; save it as UTF-8"]


def test_a_latin1_file_names_the_first_byte_that_is_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "contract.yaml"
    text = edit("name: Ada Owner", "name: Ada Müller")
    path.write_bytes(text.encode("latin-1"))
    assert file_problems(path) == [
        f"{path}:{at(text, 'ü')}: the file is not UTF-8 text (byte 0xFC here); save it as UTF-8"
    ]


def test_a_utf8_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "contract.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + BASE.encode())
    assert load_contract(path).contract.contract.name == "Support agreement"


def test_a_huge_file_is_refused_without_parsing_it(tmp_path: Path) -> None:
    path = tmp_path / "huge.yaml"
    line = b"# " + b"x" * 1021 + b"\n"
    with path.open("wb") as file:
        for _ in range(33 * 1024 + 1):  # 33 MiB and 1 KiB of comments
            file.write(line)
    assert file_problems(path) == [
        f"{path}: the file is 33.0 MiB; a contract may be at most 32 MiB"
    ]


def test_a_file_of_exactly_the_limit_is_read(tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    padding = 32 * 1024 * 1024 - len(BASE.encode())
    path.write_bytes(BASE.encode() + b"#" * (padding - 1) + b"\n")
    assert load_contract(path).contract.contract.client == "acme"


@pytest.mark.parametrize(
    ("char", "code"), [("\x01", "U+0001"), ("\x00", "U+0000"), ("\ud800", "U+D800")]
)
def test_characters_yaml_does_not_allow(char: str, code: str) -> None:
    text = edit("name: Ada Owner", f"name: Ada{char}Owner")
    position = at(text, char)
    assert problems(text) == [
        f"{NAME}:{position}: the character {code} is not allowed in YAML text"
    ]


def test_a_control_character_in_a_file(tmp_path: Path) -> None:
    path = tmp_path / "contract.yaml"
    text = edit("  name: Support agreement", "  name: Support\x07agreement")
    path.write_text(text, encoding="utf-8")
    assert file_problems(path) == [
        f"{path}:{at(text, chr(7))}: the character U+0007 is not allowed in YAML text"
    ]


class TestInvalidYaml:
    def test_a_colon_inside_unquoted_text(self) -> None:
        text = edit("name: Support agreement", "name: Support: agreement")
        assert problems(text) == [
            f"{NAME}:{at(text, ': agreement')}: invalid YAML: mapping values are not allowed in this "
            'context; put text that contains ": " in quotes, or start a nested mapping on a new line'
        ]

    def test_a_tab_used_for_indentation(self) -> None:
        text = edit("  client: acme", "\tclient: acme")
        assert problems(text) == [
            f"{NAME}:{at(text, chr(9))}: invalid YAML: found a tab; indent with spaces, "
            "YAML does not allow tabs here"
        ]

    def test_a_character_that_cannot_start_a_value(self) -> None:
        text = edit("  client: acme", "  client: @acme")
        assert problems(text) == [
            f"{NAME}:{at(text, '@')}: invalid YAML: found character '@' that cannot start any token"
        ]

    def test_an_unclosed_flow_mapping_names_where_it_starts(self) -> None:
        text = edit("owner: {name: Ada Owner}", "owner: {name: Ada Owner")
        assert problems(text) == [
            f"{NAME}:{at(text, ':' + chr(10) + '    name: IT Partner')}: invalid YAML: did not find expected ',' or '}}' "
            f"(while parsing a flow mapping that starts at {spelled(text, '{name: Ada')})"
        ]

    def test_an_unclosed_quote_runs_to_the_end_of_the_file(self) -> None:
        text = edit("customer_confirmation: true", "customer_confirmation: 'true")
        last_line = text.count("\n") + 1
        start = spelled(text, "'true")
        assert problems(text) == [
            f"{NAME}:{last_line}:1: invalid YAML: found unexpected end of stream "
            f"(while scanning a quoted scalar that starts at {start})"
        ]

    def test_the_end_of_a_file_without_a_final_line_break_is_its_last_character(self) -> None:
        text = BASE + "  retention_days: [3"
        last_line = text.count("\n") + 1
        assert problems(text) == [
            f"{NAME}:{last_line}:{len('  retention_days: [3') + 1}: invalid YAML: "
            "did not find expected ',' or ']' (while parsing a flow sequence that starts at "
            f"{spelled(text, '[3')})"
        ]

    def test_a_quoted_value_before_the_sections(self) -> None:
        text = '"Support contract"\n' + BASE
        assert problems(text) == [
            f"{NAME}:2:1: invalid YAML: did not find expected <document start>; "
            "the top level ended on an earlier line; a contract is one mapping of sections"
        ]

    def test_a_line_indented_too_little(self) -> None:
        text = edit("    roles: [client]", "   roles: [client]")
        assert problems(text) == [
            f"{NAME}:{at(text, 'roles: [client]')}: invalid YAML: did not find expected key "
            f"(while parsing a block mapping that starts at {spelled(text, 'acme:')}); "
            "check the indentation of this line and the one before"
        ]

    def test_an_undefined_alias(self) -> None:
        text = edit("client: acme", "client: *acme")
        assert problems(text) == [
            f"{NAME}:{at(text, '*acme')}: invalid YAML: found undefined alias"
        ]

    def test_a_second_document(self) -> None:
        text = BASE + "---\nmore: stuff\n"
        assert problems(text) == [
            f"{NAME}:{at(text, '---')}: invalid YAML: expected a single document in the stream, "
            "but found another document"
        ]

    def test_a_key_indented_out_of_its_mapping(self) -> None:
        text = edit('  version: "1.0"', '   version: "1.0"')
        assert problems(text) == [
            f"{NAME}:{at(text, ':', nth=3)}: invalid YAML: mapping values are not allowed in this "
            'context; put text that contains ": " in quotes, or start a nested mapping on a new line'
        ]


class TestShape:
    def test_nesting_deeper_than_any_contract_is_refused_not_crashed(self) -> None:
        # the parser would overflow the C stack on this; the root mapping is level 1,
        # so the 100th bracket (column 10 + 100) opens level 101
        text = "contract: " + "[" * 100_000 + "]" * 100_000 + "\n"
        assert problems(text) == [
            f"{NAME}:1:110: lists and mappings nest more than 100 levels deep"
        ]

    def test_aliases_that_multiply_the_document_are_refused(self) -> None:
        lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
        lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 7)]
        text = "\n".join(lines) + "\n"
        # a4 holds 111,111 values; the aliases before a5 add 123,400 and each *a4 in
        # a5 adds 111,110 more: the 8th crosses a million
        assert problems(text) == [
            f"{NAME}:{at(text, '*a4', nth=8)}: aliases repeat more than 1,000,000 values"
        ]

    def test_a_merge_that_includes_itself(self) -> None:
        text = edit("  os: {kind: os, primary: itp}", "  os: &os {kind: os, primary: itp, <<: *os}")
        assert problems(text) == [
            f"{NAME}:{at(text, '&os')}: layers.os: a merge (<<) cannot include the mapping it is in"
        ]
