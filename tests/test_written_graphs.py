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


def test_every_named_graph_in_an_ingested_store_conforms(tmp_path):
    """Article graphs and the derived graphs (reference offices, merged events) alike."""
    import subprocess

    from rdflib import Dataset, Graph

    from conftest import kg_command

    store = tmp_path / "store"
    res = subprocess.run(kg_command() + ["--store", str(store), "ingest", "--workers", "1", str(SAMPLES)],
                         capture_output=True, text=True, timeout=600)
    assert res.returncode == 0, res.stderr
    trig = subprocess.run(kg_command() + ["--store", str(store), "export", "--format", "trig"],
                          capture_output=True, timeout=300, check=True).stdout
    ds = Dataset()
    ds.parse(data=trig.decode("utf-8"), format="trig")
    articles, derived = [], []
    for g in ds.graphs():
        if not len(g) or str(g.identifier).endswith("/ontology"):
            continue
        (articles if "/graph/article/" in str(g.identifier) else derived).append(g)
    assert len(articles) == 4
    assert {str(g.identifier).rsplit("/", 1)[-1] for g in derived} >= {"reference", "merged"}
    for g in articles:                       # each article graph stands on its own
        report = validate_shapes(g)
        assert report.conforms, f"{g.identifier}:\n{report.text}"
    for g in derived:                        # derived graphs point into the article graphs
        union = Graph()
        for part in [g] + articles:
            for triple in part:
                union.add(triple)
        report = validate_shapes(union)
        assert report.conforms, f"{g.identifier}:\n{report.text}"
