"""`remit drill`: a scenario (objects, symptom, scope, instant) -> the route the contract gives it."""
