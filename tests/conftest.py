"""Suite-wide settings. Fixtures live next to the tests that use them."""

from hypothesis import HealthCheck, settings

# Shared machines are noisy: Hypothesis must judge properties, never speed.
settings.register_profile(
    "remit",
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
    print_blob=True,
)
settings.load_profile("remit")
