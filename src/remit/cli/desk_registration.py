"""The desk's commands: db, contract, ticket, worker, outbox, audit, maintenance, demo."""

from __future__ import annotations

import typer

import remit.cli.ticket_approvals  # its commands extend the ticket group
import remit.cli.ticket_fixes  # its commands extend the ticket group
import remit.cli.ticket_terms  # its commands extend the ticket group
import remit.cli.ticket_work  # noqa: F401 - its commands extend the ticket group
from remit.cli import audit, contract_versions, db, demo, maintenance, outbox, ticket, worker


def register(app: typer.Typer) -> None:
    app.add_typer(db.app, name="db")
    app.add_typer(contract_versions.app, name="contract")
    app.add_typer(ticket.app, name="ticket")
    app.add_typer(outbox.app, name="outbox")
    app.add_typer(audit.app, name="audit")
    app.add_typer(maintenance.app, name="maintenance")
    worker.register(app)
    demo.register(app)
