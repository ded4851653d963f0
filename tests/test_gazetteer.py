"""Tests for kg.gazetteer: state/demonym/capital/organisation lookups and office holders."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from kg import gazetteer as gz
from kg.namespaces import slug

ROOT = Path(__file__).resolve().parents[1]


def key(entity):
    return entity.key if entity is not None else None


# --------------------------------------------------------------------------
# the data itself
# --------------------------------------------------------------------------
def test_count_covers_un_members_observers_taiwan_kosovo():
    states = gz.states()
    assert len(states) >= 193
    statuses = [s.status for s in states]
    assert statuses.count("un_member") == 193
    for k in ("vatican-city", "palestine", "taiwan", "kosovo"):
        assert gz.state_by_key(k) is not None, k


def test_every_state_is_complete():
    seen_iso2, seen_iso3, seen_qid = set(), set(), set()
    for s in gz.states():
        assert s.name and s.key == slug(s.name), s
        assert len(s.iso2) == 2 and s.iso2.isupper(), s
        assert len(s.iso3) == 3 and s.iso3.isupper(), s
        assert s.demonyms and all(s.demonyms), s
        assert s.capital, s
        assert s.qid.startswith("Q"), s
        for seen, value in ((seen_iso2, s.iso2), (seen_iso3, s.iso3), (seen_qid, s.qid)):
            assert value not in seen, (s, value)
            seen.add(value)


def test_known_codes_and_qids():
    kp = gz.state_by_key("north-korea")
    assert (kp.iso2, kp.iso3, kp.qid, kp.capital) == ("KP", "PRK", "Q423", "Pyongyang")
    assert "North Korean" in kp.demonyms
    us = gz.state_by_key("united-states")
    assert (us.iso2, us.iso3, us.qid) == ("US", "USA", "Q30")
    assert "White House" in us.government_metonyms
    assert gz.state_by_key("netherlands").qid == "Q55"
    assert "Q29999" in gz.state_by_key("netherlands").alt_qids
    assert gz.state_by_qid("Q29999").key == "netherlands"
    assert gz.state_by_key("kosovo").iso2 == "XK"


def test_names_are_news_short_forms_not_iso_official():
    names = {s.name for s in gz.states()}
    for name in ("North Korea", "South Korea", "Russia", "Iran", "Syria", "Venezuela",
                 "Bolivia", "Tanzania", "Vietnam", "Laos", "Moldova", "Taiwan", "Palestine"):
        assert name in names
    assert not any("," in n or "(" in n for n in names)


# --------------------------------------------------------------------------
# state lookups
# --------------------------------------------------------------------------
@pytest.mark.parametrize("text, expected", [
    ("North Korea", "north-korea"),
    ("North Korea's", "north-korea"),
    ("North Korea\u2019s", "north-korea"),
    ("the DPRK", "north-korea"),
    ("Democratic People's Republic of Korea", "north-korea"),
    ("NORTH KOREA", "north-korea"),
    ("U.S.", "united-states"),
    ("US", "united-states"),
    ("USA", "united-states"),
    ("the United States", "united-states"),
    ("United States of America", "united-states"),
    ("America", "united-states"),
    ("UK", "united-kingdom"),
    ("Britain's", "united-kingdom"),
    ("Russian Federation", "russia"),
    ("PRC", "china"),
    ("People's Republic of China", "china"),
    ("Republic of China", "taiwan"),
    ("ROK", "south-korea"),
    ("Republic of Korea", "south-korea"),
    ("Niger", "niger"),
    ("Nigeria", "nigeria"),
    ("Guinea", "guinea"),
    ("Guinea-Bissau", "guinea-bissau"),
    ("Guinea Bissau", "guinea-bissau"),
    ("Equatorial Guinea", "equatorial-guinea"),
    ("Papua New Guinea", "papua-new-guinea"),
    ("DRC", "democratic-republic-of-the-congo"),
    ("DR Congo", "democratic-republic-of-the-congo"),
    ("Democratic Republic of Congo", "democratic-republic-of-the-congo"),
    ("Republic of the Congo", "republic-of-the-congo"),
    ("Congo-Brazzaville", "republic-of-the-congo"),
    ("Georgia", "georgia"),
    ("Jordan", "jordan"),
    ("Dominica", "dominica"),
    ("Dominican Republic", "dominican-republic"),
    ("Sudan", "sudan"),
    ("South Sudan", "south-sudan"),
    ("Turkey", "turkey"),
    ("Türkiye", "turkey"),
    ("Turkiye", "turkey"),
    ("Czechia", "czech-republic"),
    ("Czech Republic", "czech-republic"),
    ("Côte d'Ivoire", "ivory-coast"),
    ("Cote d'Ivoire", "ivory-coast"),
    ("cote d\u2019ivoire", "ivory-coast"),
    ("Ivory Coast", "ivory-coast"),
    ("Eswatini", "eswatini"),
    ("Swaziland", "eswatini"),
    ("Myanmar", "myanmar"),
    ("Burma", "myanmar"),
    ("Holy See", "vatican-city"),
    ("the Vatican", "vatican-city"),
    ("Kosovo", "kosovo"),
    ("Palestine", "palestine"),
    ("State of Palestine", "palestine"),
    ("Timor-Leste", "east-timor"),
    ("Cabo Verde", "cape-verde"),
    ("The Gambia", "gambia"),
    ("the Philippines'", "philippines"),
    ("St. Lucia", "saint-lucia"),
    ("Saint Vincent and the Grenadines", "saint-vincent-and-the-grenadines"),
    ("Sao Tome and Principe", "sao-tome-and-principe"),
    ("the Ukraine", "ukraine"),
    ("UAE", "united-arab-emirates"),
    ("Bosnia", "bosnia-and-herzegovina"),
    ("Viet Nam", "vietnam"),
    ("Lao People's Democratic Republic", "laos"),
    ("Syrian Arab Republic", "syria"),
    ("Holland", "netherlands"),
])
def test_lookup_state(text, expected):
    assert key(gz.lookup_state(text)) == expected


@pytest.mark.parametrize("text", [
    "us", "Us", "uk", "turkey", "china", "chad", "jordan", "", "   ", "Atlantis",
    "Kremlin",      # a metonym, not a state name
    "Moscow",       # a capital, not a state name
    "Nigerian",     # a demonym
    "Korea, Republic of",
])
def test_lookup_state_rejects(text):
    assert gz.lookup_state(text) is None


def test_ambiguous_forms_are_not_guessed():
    assert gz.lookup_state("Congo") is None
    assert gz.lookup_state("Korea") is None
    assert gz.lookup_demonym("Congolese") is None
    assert {s.key for s in gz.candidates("Congo")} == {
        "democratic-republic-of-the-congo", "republic-of-the-congo"}
    assert {s.key for s in gz.candidates("Korean", kind="demonym")} == {
        "north-korea", "south-korea"}
    amb = gz.ambiguous_forms()
    assert set(amb["Congo"]) == {"democratic-republic-of-the-congo", "republic-of-the-congo"}
    assert "Congo" not in gz.surface_forms()


# --------------------------------------------------------------------------
# demonyms, capitals, metonyms, organisations
# --------------------------------------------------------------------------
@pytest.mark.parametrize("text, expected", [
    ("North Korean", "north-korea"),
    ("South Korean", "south-korea"),
    ("Russian", "russia"),
    ("Russians", "russia"),
    ("Ukrainian", "ukraine"),
    ("Chinese", "china"),
    ("Emirati", "united-arab-emirates"),
    ("Nigerien", "niger"),
    ("Nigerian", "nigeria"),
    ("Guinean", "guinea"),
    ("Bissau-Guinean", "guinea-bissau"),
    ("Equatorial Guinean", "equatorial-guinea"),
    ("Papua New Guinean", "papua-new-guinea"),
    ("Sudanese", "sudan"),
    ("South Sudanese", "south-sudan"),
    ("Dominican", "dominican-republic"),
    ("Georgian", "georgia"),
    ("Jordanian", "jordan"),
    ("American", "united-states"),
    ("British", "united-kingdom"),
    ("Briton", "united-kingdom"),
    ("Ivorian", "ivory-coast"),
    ("Burmese", "myanmar"),
    ("Filipino", "philippines"),
    ("Dutch", "netherlands"),
    ("Swiss", "switzerland"),
    ("Poles", "poland"),
    ("Taiwanese", "taiwan"),
    ("Kosovar", "kosovo"),
    ("Palestinian", "palestine"),
    ("Israeli", "israel"),
])
def test_lookup_demonym(text, expected):
    assert key(gz.lookup_demonym(text)) == expected


def test_lookup_demonym_rejects_common_words():
    assert gz.lookup_demonym("polish") is None
    assert key(gz.lookup_demonym("Polish")) == "poland"
    assert gz.lookup_demonym("Russia") is None


@pytest.mark.parametrize("text, expected", [
    ("Pyongyang", "north-korea"),
    ("Seoul", "south-korea"),
    ("Moscow", "russia"),
    ("Washington", "united-states"),
    ("Washington, D.C.", "united-states"),
    ("Beijing", "china"),
    ("Peking", "china"),
    ("Tokyo", "japan"),
    ("Kyiv", "ukraine"),
    ("Kiev", "ukraine"),
    ("London", "united-kingdom"),
    ("Niamey", "niger"),
    ("Abuja", "nigeria"),
    ("Conakry", "guinea"),
    ("Bissau", "guinea-bissau"),
    ("Kinshasa", "democratic-republic-of-the-congo"),
    ("Brazzaville", "republic-of-the-congo"),
    ("Roseau", "dominica"),
    ("Santo Domingo", "dominican-republic"),
    ("Tbilisi", "georgia"),
    ("Amman", "jordan"),
    ("The Hague", "netherlands"),
    ("Sana'a", "yemen"),
    ("Sanaa", "yemen"),
    ("Taipei", "taiwan"),
    ("Pristina", "kosovo"),
])
def test_lookup_capital(text, expected):
    assert key(gz.lookup_capital(text)) == expected


@pytest.mark.parametrize("text, expected", [
    ("the Kremlin", "russia"),
    ("Kremlin", "russia"),
    ("the White House", "united-states"),
    ("Downing Street", "united-kingdom"),
    ("No. 10", "united-kingdom"),
    ("the Elysee", "france"),
    ("the Élysée", "france"),
    ("Zhongnanhai", "china"),
])
def test_lookup_metonym(text, expected):
    assert key(gz.lookup_metonym(text)) == expected


@pytest.mark.parametrize("text, expected, qid", [
    ("UN", "united-nations", "Q1065"),
    ("U.N.", "united-nations", "Q1065"),
    ("the United Nations", "united-nations", "Q1065"),
    ("EU", "european-union", "Q458"),
    ("NATO", "nato", "Q7184"),
    ("Nato", "nato", "Q7184"),
    ("ASEAN", "asean", "Q7768"),
    ("African Union", "african-union", "Q7159"),
    ("BRICS", "brics", None),
    ("G7", "g7", None),
    ("G-20", "g20", None),
    ("Mercosur", "mercosur", None),
    ("OPEC", "opec", "Q7795"),
    ("IAEA", "iaea", None),
    ("WHO", "who", "Q7817"),
    ("SCO", "sco", None),
    ("Arab League", "arab-league", "Q7172"),
    ("GCC", "gcc", None),
    ("European Council", "european-council", "Q8896"),
    ("European Commission", "european-commission", "Q8880"),
    ("UNSC", "un-security-council", "Q37470"),
    ("UN Security Council", "un-security-council", "Q37470"),
])
def test_lookup_organization(text, expected, qid):
    org = gz.lookup_organization(text)
    assert key(org) == expected
    if qid:
        assert org.qid == qid


def test_lookup_organization_is_case_strict_for_acronyms():
    assert gz.lookup_organization("who") is None
    assert gz.lookup_organization("un") is None
    assert gz.lookup_organization("eu") is None


def test_generic_lookup_order():
    assert gz.lookup("Singapore")[0] == "state"
    assert gz.lookup("Moscow") == ("capital", gz.state_by_key("russia"))
    assert gz.lookup("the Kremlin")[0] == "metonym"
    assert gz.lookup("Ukrainian")[0] == "demonym"
    assert gz.lookup("NATO")[0] == "organization"
    assert gz.lookup("nothing here") is None


# --------------------------------------------------------------------------
# surface forms
# --------------------------------------------------------------------------
def test_surface_forms():
    sf = gz.surface_forms()
    assert sf["North Korea"] == ("state", "north-korea")
    assert sf["DPRK"] == ("state", "north-korea")
    assert sf["North Korean"] == ("demonym", "north-korea")
    assert sf["Pyongyang"] == ("capital", "north-korea")
    assert sf["Kremlin"] == ("metonym", "russia")
    assert sf["NATO"] == ("organization", "nato")
    assert sf["Cote d'Ivoire"] == ("state", "ivory-coast")  # ASCII variant added
    assert sf["Singapore"] == ("state", "singapore")         # state beats capital
    assert sf["Dominican"] == ("demonym", "dominican-republic")
    assert {kind for kind, _ in sf.values()} == {
        "state", "demonym", "capital", "metonym", "organization"}
    state_keys = {s.key for s in gz.states()}
    org_keys = {o.key for o in gz.organizations()}
    for form, (kind, k) in sf.items():
        assert k in (org_keys if kind == "organization" else state_keys), form
    for s in gz.states():
        assert sf.get(s.name, (None, None))[1] == s.key, s.name


def test_case_sensitivity_helper():
    assert gz.is_case_sensitive("US")
    assert gz.is_case_sensitive("U.S.")
    assert gz.is_case_sensitive("DPRK")
    assert not gz.is_case_sensitive("North Korea")
    assert not gz.is_case_sensitive("Côte d'Ivoire")


# --------------------------------------------------------------------------
# office holders
# --------------------------------------------------------------------------
def test_office_holders_loaded():
    recs = gz.office_holders("russia")
    assert any(r.person_label == "Vladimir Putin" and r.person_qid == "Q7747" for r in recs)
    assert {r.role_guess for r in recs} >= {"head_of_state", "head_of_government",
                                            "foreign_minister"}
    assert gz.office_holders("atlantis") == []


def test_leader_on():
    assert gz.leader_on("russia", "2023-05-01").person_label == "Vladimir Putin"
    assert gz.leader_on("north-korea", "2022-03-01").person_label == "Kim Jong-un"
    assert gz.leader_on("united-states", "2019-06-01").person_label == "Donald Trump"
    assert gz.leader_on("united-states", "2022-06-01").person_label == "Joe Biden"
    # Biden's term is open in the data; Trump's 2025 start supersedes it.
    assert gz.leader_on("united-states", "2026-01-15").person_label == "Donald Trump"
    assert gz.leader_on("united-kingdom", "2021-06-01",
                        role="head_of_government").person_label == "Boris Johnson"
    assert gz.leader_on("united-kingdom", "2020-01-01").person_label == "Elizabeth II"
    assert gz.leader_on("russia", "2022-06-01",
                        role="foreign_minister").person_label == "Sergey Lavrov"
    # before the first recorded term
    assert gz.leader_on("russia", "1990-01-01") is None


def test_holders_on_transition_year_lists_both():
    names = {r.person_label for r in gz.holders_on("united-kingdom", "2022-06-01")}
    assert names == {"Elizabeth II", "Charles III"}
    # the later holder is preferred
    assert gz.leader_on("united-kingdom", "2022-06-01").person_label == "Charles III"


def test_leader_on_office_filter():
    rec = gz.leader_on("canada", "2023-03-01", office="monarch")
    assert rec.person_label == "Charles III"


# --------------------------------------------------------------------------
# the product does not need ../shared
# --------------------------------------------------------------------------
def test_data_is_read_from_kg_data():
    data = ROOT / "kg" / "data"
    assert gz.DATA_DIR == data
    for name in ("states.csv", "organizations.csv", "office_holders.csv", "README.md"):
        assert (data / name).is_file(), name
    assert "shared/gazetteer" not in (ROOT / "kg" / "gazetteer.py").read_text()


def test_loads_without_shared_folder(tmp_path):
    """Import a copy of the package from a folder that has no ../shared."""
    pkg = tmp_path / "kg"
    pkg.mkdir()
    (pkg / "__init__.py").write_text("")
    for name in ("gazetteer.py", "namespaces.py"):
        shutil.copy(ROOT / "kg" / name, pkg / name)
    shutil.copytree(ROOT / "kg" / "data", pkg / "data")
    code = (
        "import kg.gazetteer as g, pathlib, sys\n"
        f"assert pathlib.Path(g.__file__).resolve().is_relative_to({str(tmp_path)!r})\n"
        "assert g.lookup_state(\"North Korea's\").qid == 'Q423'\n"
        "assert g.leader_on('russia', '2023-01-01').person_qid == 'Q7747'\n"
        "print(len(g.states()))\n"
    )
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    env["PYTHONPATH"] = str(tmp_path)
    out = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, env=env,
                         capture_output=True, text=True, check=True)
    assert int(out.stdout.strip()) >= 193


def test_cities_of_the_world_lie_in_their_state():
    from kg import gazetteer as g
    assert g.city_state("Osaka").key == "japan"
    assert g.city_state("Goiania").key == "brazil" and g.city_state("Goiânia").key == "brazil"
    assert g.city_state("Nowhere-on-Sea") is None


def test_a_government_release_speaks_for_its_state():
    from kg import gazetteer as g
    assert g.publishing_state("https://www.state.gov/briefing-note/").key == "united-states"
    assert g.publishing_state("https://www.gov.uk/government/news/x").key == "united-kingdom"
    assert g.publishing_state("https://example.org/gov.uk") is None
    assert g.publishing_state(None) is None
