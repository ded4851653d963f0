"""Diplomatic knowledge graph: news articles → facts → RDF → SPARQL → web."""

__version__ = "0.1.0"
