"""The HTTP API (`remit serve`): a thin adapter over the desk's services, under /api/v1/.

Every answer that is not 2xx is `application/problem+json` (RFC 9457); every POST takes
an `Idempotency-Key`; ticket changes take `If-Match` with the ticket's `ETag`.
"""
