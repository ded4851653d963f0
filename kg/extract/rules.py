"""The rule-based extractor: spaCy parse → entities → events → ArticleFacts."""
from __future__ import annotations

from .. import __version__
from ..articles import Article
from ..facts import ArticleFacts
from . import nlp as nlp_loader
from . import confidence as calibrated
from . import register
from .assembly import (ArticleFrame, calls_told_in_the_headline, day_places, documents_only, headline_encounter,
                       named_participants_only, news_day_dates, one_event_many_mentions, scheduled_meetings_apart,
                       trip_dates)
from .entities import EntityFinder
from .events import EventFinder

NAME = f"kg.rules {__version__}"

# Document-level stages run, in this order, on the events the clause rules found.
ASSEMBLY_STAGES = (named_participants_only, scheduled_meetings_apart, headline_encounter, news_day_dates,
                   trip_dates, day_places, documents_only, one_event_many_mentions,
                   calls_told_in_the_headline)


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
        frame = ArticleFrame(doc, registry, found, anchor=events.anchor)
        for stage in ASSEMBLY_STAGES:
            stage(frame)
        used = {k for ev in found for k in ev.entities()}
        for k in [k for k in registry.entities if events.is_group(k) and k not in used]:
            del registry.entities[k]       # groups exist only as meeting participants
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
