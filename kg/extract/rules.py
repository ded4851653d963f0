"""The rule-based extractor: spaCy parse → entities → events → ArticleFacts."""
from __future__ import annotations

from .. import __version__
from ..articles import Article
from ..facts import ArticleFacts
from . import nlp as nlp_loader
from . import confidence as calibrated
from . import register
from .entities import EntityFinder
from .events import EventFinder

NAME = f"kg.rules {__version__}"


@register("rules")
def make_rules_extractor(model: str = ""):
    nlp = nlp_loader.load(model)

    def extract(article: Article) -> ArticleFacts:
        return from_doc(article, nlp(article.text))

    def from_doc(article: Article, doc) -> ArticleFacts:
        """The rules on an article already parsed by `nlp` (batch callers use nlp.pipe)."""
        finder = EntityFinder(doc, article)
        registry = finder.run()
        events = EventFinder(doc, finder, article)
        found = events.run()
        entities = dict(registry.entities)
        facts = ArticleFacts(article=article, entities=entities, events=found,
                             offices=registry.offices, times=events.times,
                             extractor=f"{NAME} ({nlp.meta.get('name', '')} {nlp.meta.get('version', '')})",
                             warnings=list(article.warnings))
        calibrated.apply(facts.events, article)  # last step: calibrated confidence (tools/calibrate.py)
        return facts

    extract.nlp = nlp
    extract.from_doc = from_doc
    return extract
