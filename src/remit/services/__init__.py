"""Use cases of the desk: one keyword-only function each, owning its transaction."""
