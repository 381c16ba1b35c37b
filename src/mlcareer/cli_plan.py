"""Placeholder: commands are registered here."""

from mlcareer.cliapp import app  # noqa: F401
