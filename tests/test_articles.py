"""Article readers: .txt, .html, .json, .jsonl; clear errors for bad input."""
import json

import pytest

from kg.articles import Article, ArticleError, parse_date, read_articles, read_text

from conftest import SAMPLES


def test_text_article_has_title_and_publication_date():
    a = read_text(SAMPLES / "oslo-santiago-talks.txt")
    assert a.id == "oslo-santiago-talks"
    assert a.title == "Norway and Chile agree to deepen cooperation on clean energy"
    assert a.published == "2024-03-14"
    assert a.warnings == []


@pytest.mark.parametrize("text, iso", [
    ("January 21st, 2024 at 11:40 IST", "2024-01-21"),
    ("3 March 2024", "2024-03-03"),
    ("2024-05-20T10:00:00Z", "2024-05-20"),
    ("11.02.2025, 09:30 CET", "2025-02-11"),          # dotted numeric dates are day first
    ("2025.02.11 09:30", "2025-02-11"),
    ("02/11/2025", "2025-02-11"),                     # slashes: month first, as in US bylines
    ("Tuesday", None),
    ("not a date", None),
])
def test_parse_date(text, iso):
    assert parse_date(text) == iso


def test_html_article_main_text_title_and_date():
    [a] = list(read_articles([SAMPLES / "armour-for-the-baltics.html"]))
    assert isinstance(a, Article)
    assert a.title == "Canada to send armoured vehicles to Latvia"
    assert a.published == "2024-02-08"
    assert "forty armoured vehicles" in a.text
    assert "Copyright notice" not in a.text      # page furniture is left out


def test_json_article():
    [a] = list(read_articles([SAMPLES / "lisbon-state-visit.json"]))
    assert a.id == "lisbon-state-visit"
    assert a.published == "2024-04-22"
    assert a.url.startswith("https://")


def test_missing_date_warns_and_never_means_today(tmp_path):
    f = tmp_path / "nodate.json"
    f.write_text(json.dumps({"text": "The two ministers met last week."}), encoding="utf-8")
    [a] = list(read_articles([f]))
    assert a.published is None
    assert any("no publication date" in w for w in a.warnings)


def test_jsonl_bad_lines_are_reported_and_the_rest_is_read(tmp_path):
    f = tmp_path / "batch.jsonl"
    f.write_text("\n".join([
        json.dumps({"id": "one", "text": "First story.", "published": "2024-01-02"}),
        "{not json",
        json.dumps({"id": "two"}),
        json.dumps({"id": "three", "text": "Third story.", "published": "yesterday-ish"}),
        json.dumps({"id": "four", "text": "Fourth story."}),
    ]), encoding="utf-8")
    items = list(read_articles([f]))
    good = [i.id for i in items if isinstance(i, Article)]
    bad = [str(i) for i in items if isinstance(i, ArticleError)]
    assert good == ["one", "four"]
    assert len(bad) == 3
    assert any("batch.jsonl:2" in b and "not valid JSON" in b for b in bad)
    assert any("batch.jsonl:3" in b and "'text'" in b for b in bad)
    assert any("batch.jsonl:4" in b and "not a date" in b for b in bad)


def test_unsupported_and_missing_files_are_named(tmp_path):
    (tmp_path / "x.pdf").write_bytes(b"%PDF")
    items = list(read_articles([tmp_path / "x.pdf", tmp_path / "missing.txt"]))
    assert all(isinstance(i, ArticleError) for i in items)
    assert "x.pdf" in str(items[0]) and "unsupported" in str(items[0])
    assert "missing.txt" in str(items[1]) and "no such file" in str(items[1])


def test_folder_and_glob_expansion():
    by_folder = {a.id for a in read_articles([SAMPLES])}
    by_glob = {a.id for a in read_articles([str(SAMPLES / "*.txt")])}
    assert {"oslo-santiago-talks", "summit-called-off", "lisbon-state-visit",
            "armour-for-the-baltics"} <= by_folder
    assert by_glob == {"oslo-santiago-talks", "summit-called-off"}


def test_content_hash_changes_with_text():
    a = Article(id="a", text="one")
    b = Article(id="a", text="two")
    assert a.content_hash != b.content_hash


def test_a_bare_date_line_under_the_headline_is_the_publication_date(tmp_path):
    f = tmp_path / "story.txt"
    f.write_text("Ministers meet in Oslo\n2023-09-13\n\nOSLO - The ministers met on Wednesday.\n",
                 encoding="utf-8")
    assert read_text(f).published == "2023-09-13"
    g = tmp_path / "story2.txt"
    g.write_text("Ministers meet in Oslo\n\nThe ministers met in 2023 and again on Wednesday.\n",
                 encoding="utf-8")
    assert read_text(g).published is None


@pytest.mark.parametrize("dateline, iso", [
    ("CAPE TOWN - Monday, 21st August 2023", "2023-08-21"),
    ("Oslo | Updated: Oct 07, 2024 16:52 CET", "2024-10-07"),
    ("September 20, 2023 | 04:15 (GMT+5)", "2023-09-20"),
    ("Tue, 09/15/2020 - 17:45", "2020-09-15"),
    ("PRESS RELEASE | Ministry of Foreign Affairs | Lima, 08 July 2024", "2024-07-08"),
])
def test_dateline_forms(tmp_path, dateline, iso):
    f = tmp_path / "story.txt"
    f.write_text(f"Ministers meet\n{dateline}\n\nThe ministers met on Monday.\n", encoding="utf-8")
    assert read_text(f).published == iso
