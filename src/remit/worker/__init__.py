"""The worker: sweeps due work into escalations, breaches and outbox notices."""
