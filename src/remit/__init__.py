"""remit: an IT support contract as code, and the service desk that enforces it."""

__version__ = "0.1.0"
