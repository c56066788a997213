"""The audit key every test desk runs with (tests/conftest.py puts it in the environment)."""

from remit.domain.audit import AuditKey

SECRET = "test-audit-key-0123456789abcdef-0123456789abcdef"
TEST_KEY = AuditKey.from_secret(SECRET.encode())
