"""Every graph the project writes conforms to ontology/shapes.ttl and keeps HermiT happy."""
import pytest

from kg.articles import Article, read_articles
from kg.mapping import to_graph
from kg.validate import check_consistency, validate_shapes

from conftest import SAMPLES, SEED_DIR

ARTICLES = sorted(p for p in SAMPLES.iterdir() if p.suffix in (".txt", ".html", ".json"))


@pytest.mark.parametrize("path", ARTICLES, ids=lambda p: p.name)
def test_extracted_sample_graph_conforms(path, extractor):
    [article] = list(read_articles([path]))
    assert isinstance(article, Article)
    g = to_graph(extractor(article))
    report = validate_shapes(g)
    assert report.conforms, report.text
    consistency = check_consistency(g)
    assert consistency.consistent, consistency.message


def test_seed_graph_conforms(extractor):
    seeds = sorted(SEED_DIR.glob("*.txt")) if SEED_DIR.exists() else []
    if not seeds:
        pytest.skip(f"{SEED_DIR} is absent (../shared is only beside checkouts and in CI)")
    [article] = list(read_articles(seeds))
    report = validate_shapes(to_graph(extractor(article)))
    assert report.conforms, report.text
