"""The desk's commands: db, contract, ticket, worker, outbox, audit, maintenance, people, demo, serve."""

from __future__ import annotations

import typer

from remit.cli import (
    audit,
    contract_versions,
    db,
    demo,
    maintenance,
    outbox,
    people,
    serve,
    ticket,
    ticket_approvals,
    ticket_fixes,
    ticket_terms,
    ticket_work,
    worker,
)


def register(app: typer.Typer) -> None:
    app.add_typer(db.app, name="db")
    app.add_typer(contract_versions.app, name="contract")
    for extension in (ticket_approvals, ticket_fixes, ticket_terms, ticket_work):
        extension.register(ticket.app)
    app.add_typer(ticket.app, name="ticket")
    app.add_typer(outbox.app, name="outbox")
    app.add_typer(audit.app, name="audit")
    app.add_typer(maintenance.app, name="maintenance")
    app.add_typer(people.app, name="people")
    worker.register(app)
    demo.register(app)
    serve.register(app)
