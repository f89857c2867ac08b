"""One options object for the whole pipeline.

Defaults ship in ``recoupe/settings.toml``; a user's TOML file overrides only the keys it
sets (trafilatura's ``settings.cfg`` model). The CLI builds an :class:`Options` from the
file and its own flags; nothing reads global state after that.
"""

from __future__ import annotations

import copy
import tomllib
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any


class ConfigError(ValueError):
    """A settings file that cannot be read or has keys we do not know."""


def _defaults() -> dict[str, Any]:
    text = resources.files("recoupe").joinpath("settings.toml").read_text(encoding="utf-8")
    return tomllib.loads(text)


def merge(base: dict[str, Any], override: dict[str, Any], where: str = "") -> dict[str, Any]:
    """Return ``base`` updated by ``override`` section by section; unknown keys are errors."""
    out = copy.deepcopy(base)
    for key, value in override.items():
        path = f"{where}{key}"
        if key not in out:
            known = ", ".join(sorted(out))
            raise ConfigError(f"[C001] unknown setting '{path}'. Known here: {known}")
        if isinstance(out[key], dict):
            if not isinstance(value, dict):
                raise ConfigError(f"[C002] setting '{path}' is a section, not a value")
            out[key] = merge(out[key], value, path + ".")
        else:
            out[key] = value
    return out


def params_from(cls: Any, options: Any, section: str) -> Any:
    """An instance of the dataclass ``cls`` with every field present as ``<section>.<field>``
    in ``options`` overriding its default (converted to the default's type)."""
    from dataclasses import fields

    params = cls()
    if options is None:
        return params
    for f in fields(cls):
        value = options.get(f"{section}.{f.name}", None)
        if value is not None:
            setattr(params, f.name, type(getattr(params, f.name))(value))
    return params


@dataclass(slots=True)
class Options:
    """All settings, as nested dicts by section, plus run-level flags."""

    settings: dict[str, Any] = field(default_factory=_defaults)
    quiet: bool = False

    def section(self, name: str) -> dict[str, Any]:
        return dict(self.settings.get(name, {}))

    def get(self, dotted: str, default: Any = None) -> Any:
        node: Any = self.settings
        for part in dotted.split("."):
            if not isinstance(node, dict) or part not in node:
                return default
            node = node[part]
        return node

    def with_overrides(self, overrides: dict[str, Any]) -> Options:
        """A copy with ``overrides`` (nested sections) applied; unknown keys are errors."""
        return Options(settings=merge(self.settings, overrides), quiet=self.quiet)

    @classmethod
    def load(
        cls, path: str | Path | None = None, overrides: dict[str, Any] | None = None,
        quiet: bool = False,
    ) -> Options:
        """Defaults, then the user's file, then explicit overrides (e.g. from CLI flags)."""
        settings = _defaults()
        if path is not None:
            p = Path(path)
            try:
                user = tomllib.loads(p.read_text(encoding="utf-8"))
            except FileNotFoundError as exc:
                raise ConfigError(f"[C003] settings file not found: {p}") from exc
            except tomllib.TOMLDecodeError as exc:
                raise ConfigError(f"[C004] settings file {p} is not valid TOML: {exc}") from exc
            settings = merge(settings, user)
        if overrides:
            settings = merge(settings, overrides)
        return cls(settings=settings, quiet=quiet)
