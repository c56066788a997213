"""`remit appendix`: the table a client owner signs, and the responsibility matrix."""
