"""The title grammar (kg/extract/titles.py): titles read from their parts, on invented sentences."""
from __future__ import annotations

import pytest

from kg.extract import nlp as nlp_loader
from kg.extract.titles import title_at, word_classes


@pytest.fixture(scope="module")
def nlp():
    return nlp_loader.load()


def _title(nlp, text: str, first_word: str):
    doc = nlp(text)
    i = next(t.i for t in doc if t.text == first_word)
    return title_at(doc, i)


@pytest.mark.parametrize("text,first,title", [
    ("Lusitanian Minister for Coastal Affairs and Fisheries Ana Prado arrived.", "Minister",
     "Minister for Coastal Affairs and Fisheries"),
    ("Special Presidential Envoy for Oceans Rui Alves spoke.", "Special", "Special Presidential Envoy for Oceans"),
    ("Deputy Assistant Minister for Andean Trade Affairs Lena Moss will travel.", "Deputy",
     "Deputy Assistant Minister for Andean Trade Affairs"),
    ("The agency's Executive Director Paulo Brandt left.", "Executive", "Executive Director"),
    ("Director-General Mira Lind opened the session.", "Director", "Director-General"),
])
def test_titles_are_read_from_their_parts(nlp, text, first, title):
    n, read = _title(nlp, text, first)
    assert read == title


def test_a_title_alone_keeps_its_portfolio(nlp):
    n, read = _title(nlp, "She thanked the Minister for Coastal Affairs.", "Minister")
    assert read == "Minister for Coastal Affairs"


def test_a_word_that_is_no_office_is_no_title(nlp):
    doc = nlp("Secretly, the ship left the harbour.")
    assert all(title_at(doc, i) is None for i in range(len(doc)))


def test_lowercase_titles_are_read_only_when_asked(nlp):
    doc = nlp("the deputy minister said")
    i = 1
    assert title_at(doc, i) is None
    assert title_at(doc, i, capitalised_only=False)[1] == "deputy minister"


def test_word_classes_are_data():
    classes = word_classes()
    assert {"minister", "secretary", "envoy"} <= classes["head"]
    assert {"deputy", "assistant", "special"} <= classes["modifier"]


def test_a_name_with_a_particle_ends_the_portfolio(nlp):
    n, read = _title(nlp, "She met UN Special Envoy for the Western Isles Paulo de Souza today.", "Special")
    assert read == "Special Envoy for the Western Isles"
