"""Read news articles from .txt, .html, .json and .jsonl files.

Every reader yields `Article` records; a file that cannot be read raises
`ArticleError` naming the file and the problem, so a batch can report it and
go on with the rest.
"""
from __future__ import annotations

import hashlib
import json
import re
import warnings
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Iterable, Iterator, Optional

SUFFIXES = (".txt", ".md", ".html", ".htm", ".json", ".jsonl")


class ArticleError(ValueError):
    """An input that is not a readable article; the message names it."""


@dataclass
class Article:
    id: str
    text: str
    title: Optional[str] = None
    published: Optional[str] = None    # ISO date (YYYY-MM-DD) or None
    url: Optional[str] = None
    source: Optional[str] = None       # file the article came from
    warnings: list[str] = field(default_factory=list)

    @property
    def content_hash(self) -> str:
        h = hashlib.sha256()
        for part in (self.id, self.title or "", self.published or "", self.url or "", self.text):
            h.update(part.encode("utf-8"))
            h.update(b"\0")
        return h.hexdigest()


_ID_OK = re.compile(r"[^A-Za-z0-9._-]+")


def clean_id(raw: str) -> str:
    """Article ids become file names and IRI segments: keep them tame."""
    cleaned = _ID_OK.sub("-", str(raw)).strip("-.")
    if not cleaned:
        raise ArticleError(f"article id {raw!r} has no usable characters")
    return cleaned


# "Published January 21st, 2024 at 11:40 IST", "Updated: 3 March 2024", "Posted on 2024-03-03"
_PUB_LINE = re.compile(
    r"^\s*(?:published|updated|posted|first published|last updated|dated?)\s*(?:on|:)?\s*(?P<date>.+?)\s*$",
    re.IGNORECASE)


def parse_date(text: str) -> Optional[str]:
    """An ISO date from a publication date in any common written form, or None."""
    if not text:
        return None
    text = str(text).strip()
    m = re.match(r"^(\d{4}-\d{2}-\d{2})", text)
    if m:
        try:
            return date.fromisoformat(m.group(1)).isoformat()
        except ValueError:
            return None
    text = re.sub(r"\b(\d{1,2})(st|nd|rd|th)\b", r"\1", text)       # 21st -> 21
    text = re.split(r"\s+at\s+\d", text)[0]                            # drop the clock time
    import dateparser

    settings = {"STRICT_PARSING": True, "REQUIRE_PARTS": ["day", "month", "year"]}
    if re.match(r"^\d{1,2}\.\d{1,2}\.\d{4}\b", text):
        settings["DATE_ORDER"] = "DMY"        # "05.10.2023": dotted numeric dates are day first
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        parsed = dateparser.parse(text, languages=["en"], settings=settings)
    return parsed.date().isoformat() if parsed else None


_MONTH = (r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
          r"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?")
# Date forms seen on datelines and bylines: "21st August 2023", "Oct 07, 2024",
# "2023-09-13", "09/15/2020" (month first, as dateparser reads English).
_DATE_IN_LINE = re.compile(
    rf"\b\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH}\s+\d{{4}}\b"
    rf"|\b{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}\b"
    r"|\b\d{4}-\d{2}-\d{2}\b"
    r"|\b\d{1,2}/\d{1,2}/\d{4}\b")


def _published_from_lines(lines: list[str]) -> Optional[str]:
    """The date on a 'Published ...' line; else a date on a short line just under the
    headline (a dateline or byline) or at the very end."""
    for line in lines:
        m = _PUB_LINE.match(line)
        if m:
            found = parse_date(m.group("date"))
            if found:
                return found
    content = [l.strip() for l in lines if l.strip()]
    for line in content[1:4] + content[-2:]:
        if len(line) > 140:
            continue
        m = _DATE_IN_LINE.search(line)
        if m:
            found = parse_date(m.group(0))
            if found:
                return found
    return None


# spaCy parses at most `nlp.max_length` characters at once (1,000,000 by default; past it
# spaCy fails with error E088 about parser memory). Longer texts are refused when read,
# with a sentence that says what to do, instead of failing inside the extractor.
MAX_CHARS = 1_000_000


def _finish(article: Article) -> Article:
    if not article.text or not article.text.strip():
        raise ArticleError(f"{article.source or article.id}: the article has no text")
    if len(article.text) > MAX_CHARS:
        raise ArticleError(
            f"{article.source or article.id}: the text is {len(article.text):,} characters long, more "
            f"than the {MAX_CHARS:,} that the language parser (spaCy) reads at once; split it into "
            "parts of at most that size (one file or JSON record per part) and ingest each part "
            "as an article of its own")
    if not article.published:
        article.warnings.append(
            f"{article.source or article.id}: no publication date; relative dates "
            "('last week', 'on Tuesday') are left unresolved")
    return article


def read_text(path: Path) -> Article:
    """Plain text: a headline line, a publication line anywhere, then the body."""
    raw = _read(path)
    lines = [l.strip() for l in raw.splitlines()]
    title = next((l for l in lines if l and not _PUB_LINE.match(l)), None)
    return _finish(Article(id=clean_id(path.stem), text=raw, title=title,
                           published=_published_from_lines(lines), source=str(path)))


def read_html(path: Path) -> Article:
    """An HTML page: trafilatura finds the main text, the title and the date."""
    import trafilatura

    raw = _read(path)
    doc = trafilatura.bare_extraction(raw, with_metadata=True, include_comments=False,
                                      favor_recall=True)
    if doc is None:
        raise ArticleError(f"{path}: no article text found in the HTML page")
    meta = doc if isinstance(doc, dict) else doc.as_dict()
    text = meta.get("text") or ""
    published = parse_date(meta.get("date") or "") or _published_from_lines(text.splitlines())
    return _finish(Article(id=clean_id(path.stem), text=text, title=meta.get("title"),
                           published=published, url=meta.get("url"), source=str(path)))


def from_record(rec: dict, origin: str, fallback_id: str) -> Article:
    """A JSON object with `text` and optionally `id`, `title`, `published`, `url`."""
    if not isinstance(rec, dict):
        raise ArticleError(f"{origin}: expected a JSON object, got {type(rec).__name__}")
    text = rec.get("text")
    if not isinstance(text, str) or not text.strip():
        raise ArticleError(f"{origin}: the required field 'text' is missing or empty")
    published = rec.get("published") or rec.get("date")
    iso = parse_date(str(published)) if published else None
    if published and not iso:
        raise ArticleError(f"{origin}: 'published' value {published!r} is not a date")
    if not iso:
        iso = _published_from_lines(text.splitlines()[:5] + text.splitlines()[-5:])
    return _finish(Article(id=clean_id(rec.get("id") or fallback_id), text=text,
                           title=rec.get("title"), published=iso, url=rec.get("url"),
                           source=origin))


def read_json(path: Path) -> Article:
    try:
        rec = json.loads(_read(path))
    except json.JSONDecodeError as exc:
        raise ArticleError(f"{path}: not valid JSON ({exc.msg} at line {exc.lineno})") from None
    return from_record(rec, str(path), path.stem)


def read_jsonl(path: Path) -> Iterator[Article | ArticleError]:
    """One article per line; a bad line yields its error and reading goes on."""
    with open(path, encoding="utf-8", errors="strict") as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            origin = f"{path}:{n}"
            try:
                yield from_record(json.loads(line), origin, f"{path.stem}-{n}")
            except json.JSONDecodeError as exc:
                yield ArticleError(f"{origin}: not valid JSON ({exc.msg})")
            except ArticleError as exc:
                yield exc


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ArticleError(f"{path}: no such file") from None
    except UnicodeDecodeError:
        raise ArticleError(f"{path}: not UTF-8 text") from None
    except IsADirectoryError:
        raise ArticleError(f"{path}: is a folder, not an article file") from None


READERS = {".txt": read_text, ".md": read_text, ".html": read_html, ".htm": read_html,
           ".json": read_json}


def expand(paths: Iterable[str | Path]) -> Iterator[Path]:
    """Files named, files inside folders (recursively) and glob patterns."""
    for p in paths:
        p = Path(p)
        if any(ch in str(p) for ch in "*?["):
            anchor = Path(p.anchor or ".")
            yield from sorted(x for x in anchor.glob(str(p.relative_to(anchor))) if x.is_file())
        elif p.is_dir():
            yield from sorted(x for x in p.rglob("*") if x.is_file() and x.suffix.lower() in SUFFIXES)
        else:
            yield p


def read_articles(paths: Iterable[str | Path]) -> Iterator[Article | ArticleError]:
    """Every article under `paths`; unreadable inputs come out as ArticleError."""
    for path in expand(paths):
        suffix = path.suffix.lower()
        if suffix == ".jsonl":
            if not path.exists():
                yield ArticleError(f"{path}: no such file")
                continue
            yield from read_jsonl(path)
            continue
        reader = READERS.get(suffix)
        if reader is None:
            yield ArticleError(f"{path}: unsupported file type {suffix or '(none)'}; "
                               f"use one of {', '.join(SUFFIXES)}")
            continue
        try:
            yield reader(path)
        except ArticleError as exc:
            yield exc
        except Exception as exc:  # a library failing on odd input is still the input's problem
            yield ArticleError(f"{path}: could not be read ({exc})")
