"""Configuration: [tool.manlint] in pyproject.toml, or .manlint.toml (top-level keys)."""

from __future__ import annotations

import os
from dataclasses import dataclass, field

from .diagnostics import Severity

KNOWN_KEYS = {"select", "ignore", "extend-select", "per-file-ignores", "severity", "fail-on",
              "exclude", "headers", "search-path"}


class ConfigError(Exception):
    pass


@dataclass
class Config:
    path: str | None = None
    select: list[str] | None = None
    ignore: list[str] = field(default_factory=list)
    extend_select: list[str] = field(default_factory=list)
    per_file_ignores: dict[str, list[str]] = field(default_factory=dict)
    severities: dict[str, Severity] = field(default_factory=dict)
    fail_on: Severity = Severity.WARNING
    exclude: list[str] = field(default_factory=list)


def find_config(start: str) -> str | None:
    """Nearest .manlint.toml, or pyproject.toml with a [tool.manlint] table, upwards from start."""
    d = os.path.abspath(start if os.path.isdir(start) else os.path.dirname(start) or ".")
    while True:
        for name in (".manlint.toml", "pyproject.toml"):
            path = os.path.join(d, name)
            if os.path.isfile(path):
                if name == ".manlint.toml":
                    return path
                try:
                    with open(path, "rb") as fh:
                        raw = fh.read()
                except OSError:
                    continue
                # Most pyproject files are not ours: parse only those naming us.
                if b"manlint" in raw:
                    import tomllib
                    try:
                        if "manlint" in tomllib.loads(raw.decode("utf-8")).get("tool", {}):
                            return path
                    except (UnicodeDecodeError, tomllib.TOMLDecodeError):
                        pass
        parent = os.path.dirname(d)
        if parent == d:
            return None
        d = parent


def _str_list(value, key: str, path: str) -> list[str]:
    if isinstance(value, str):
        return [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"{path}: '{key}' must be a list of strings")
    return list(value)


def load_config(path: str | None) -> Config:
    if path is None:
        return Config()
    import tomllib
    try:
        with open(path, "rb") as fh:
            data = tomllib.load(fh)
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read: {exc.strerror}") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from None
    if os.path.basename(path) == "pyproject.toml":
        data = data.get("tool", {}).get("manlint", {})
    unknown = set(data) - KNOWN_KEYS
    if unknown:
        raise ConfigError(f"{path}: unknown key(s) {', '.join(sorted(unknown))} in manlint settings")
    cfg = Config(path=path)
    if "select" in data:
        cfg.select = _str_list(data["select"], "select", path)
    cfg.ignore = _str_list(data.get("ignore", []), "ignore", path)
    cfg.extend_select = _str_list(data.get("extend-select", []), "extend-select", path)
    cfg.exclude = _str_list(data.get("exclude", []), "exclude", path)
    pfi = data.get("per-file-ignores", {})
    if not isinstance(pfi, dict):
        raise ConfigError(f"{path}: 'per-file-ignores' must be a table")
    cfg.per_file_ignores = {k: _str_list(v, f"per-file-ignores.{k}", path) for k, v in pfi.items()}
    sev = data.get("severity", {})
    if not isinstance(sev, dict):
        raise ConfigError(f"{path}: 'severity' must be a table of CODE = \"level\"")
    try:
        cfg.severities = {k: Severity.parse(v) for k, v in sev.items()}
        if "fail-on" in data:
            cfg.fail_on = Severity.parse(data["fail-on"])
    except ValueError as exc:
        raise ConfigError(f"{path}: {exc}") from None
    return cfg
