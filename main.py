"""Entry point for `python -m uvicorn main:app`, the way the Polars Bench runner starts us."""

from nlq.server import app

__all__ = ["app"]
