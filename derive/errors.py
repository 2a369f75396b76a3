"""Why a formula has no value in the instance."""

from __future__ import annotations


class ShapeError(Exception):
    """The formula does not conform (a refutation, with the shapes in the reason)."""


class CannotEvaluate(Exception):
    """We cannot give this formula a value (unverified, with the reason)."""
