"""Extractors, registered by name: an extractor turns an Article into ArticleFacts.

    @register("rules")
    def make_rules_extractor(model: str = "") -> Callable[[Article], ArticleFacts]: ...

`get_extractor(name)` builds one (loading its models once). Extractors return
plain facts; turning them into RDF is `kg.mapping`'s job.
"""
from __future__ import annotations

from typing import Callable

EXTRACTORS: dict[str, Callable] = {}


class ExtractorError(RuntimeError):
    pass


def register(name: str):
    def deco(factory):
        EXTRACTORS[name] = factory
        return factory
    return deco


def _load_builtin() -> None:
    from . import rules  # noqa: F401  (registers "rules")


def get_extractor(name: str = "rules", **options):
    _load_builtin()
    if name not in EXTRACTORS:
        raise ExtractorError(f"no extractor named {name!r}; known: {', '.join(sorted(EXTRACTORS))}")
    return EXTRACTORS[name](**options)
