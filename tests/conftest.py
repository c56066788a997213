"""Suite-wide settings. Fixtures live next to the tests that use them."""

import os

from hypothesis import HealthCheck, settings

from audit_key import SECRET

# Every desk the tests open, in process or as a subprocess, seals with the same key.
os.environ["REMIT_AUDIT_KEY"] = SECRET
os.environ.pop("REMIT_AUDIT_KEY_FILE", None)

# Shared machines are noisy: Hypothesis must judge properties, never speed.
settings.register_profile(
    "remit",
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
    print_blob=True,
)
settings.load_profile("remit")
