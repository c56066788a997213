"""The console entry point never shows a traceback for an unexpected failure."""

from __future__ import annotations

import sys

import pytest

import remit.cli
from remit.cli import EXIT_INTERNAL, main


def _explode() -> None:
    raise RuntimeError("disk on fire")


@pytest.fixture
def exploding_app(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(remit.cli, "app", _explode)
    monkeypatch.setattr(sys, "argv", ["remit", "check", "x.yaml"])


@pytest.mark.usefixtures("exploding_app")
def test_an_unexpected_error_is_one_line_and_exit_70(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("REMIT_DEBUG", raising=False)
    with pytest.raises(SystemExit) as exited:
        main()
    assert exited.value.code == EXIT_INTERNAL
    err = capsys.readouterr().err
    assert err.startswith("remit: internal error: RuntimeError: disk on fire\n")
    assert "Traceback" not in err


@pytest.mark.usefixtures("exploding_app")
def test_remit_debug_shows_the_traceback(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REMIT_DEBUG", "1")
    with pytest.raises(RuntimeError, match="disk on fire"):
        main()
