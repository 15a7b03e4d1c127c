"""Whether a refitted model file says what the shipped one says (for `make train-check`)."""

from __future__ import annotations

import json
from pathlib import Path

TOLERANCE = 1e-4  # another BLAS or solver build may move the last digits


def close(a: object, b: object, tol: float = TOLERANCE) -> bool:
    """Equal, numbers within `tol`."""
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(close(a[k], b[k], tol) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(close(x, y, tol) for x, y in zip(a, b, strict=True))
    if isinstance(a, float | int) and isinstance(b, float | int):
        return abs(a - b) <= tol
    return a == b


def reproduced(shipped: Path, refit: dict, ignore: tuple[str, ...] = ()) -> bool:
    """The shipped file's content equals `refit`, leaving out the top-level keys `ignore`.

    Left out are what refitting measures or records about the machine (scores, library
    versions), which may move when the weights move in their last digits.
    """
    if not shipped.is_file():
        return False
    old = {k: v for k, v in json.loads(shipped.read_text("utf-8")).items() if k not in ignore}
    return close(old, {k: v for k, v in refit.items() if k not in ignore})
