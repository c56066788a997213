"""The desk's store: SQLAlchemy 2 tables, repositories, unit of work, outbox and migrations."""
