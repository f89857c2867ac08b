"""Interface labels by language (``labels.toml`` beside this module).

Light on purpose (no FastAPI): the web pages and the French HTML report
(:mod:`recoupe.report.writers`) name statuses and marks with the same words.
"""

from __future__ import annotations

import tomllib
from functools import lru_cache
from importlib import resources


@lru_cache(maxsize=1)
def labels() -> dict[str, dict[str, str]]:
    """Interface labels by language (``recoupe/web/labels.toml``)."""
    text = resources.files("recoupe.web").joinpath("labels.toml").read_text(encoding="utf-8")
    return {k: dict(v) for k, v in tomllib.loads(text).items()}
