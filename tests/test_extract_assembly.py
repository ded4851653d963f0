"""Document-level assembly (kg/extract/assembly.py), through the whole extractor on
invented articles: each test names the stage it exercises."""
from __future__ import annotations

from functools import lru_cache

from kg.articles import Article
from kg.extract import get_extractor


@lru_cache(maxsize=None)
def _facts(text: str, published: str = "2026-03-04"):
    return get_extractor("rules")(Article(id="t", text=text, published=published))


def _label(f, k):
    return f.entities[k].label if k in f.entities else k


def _meetings(f):
    return [({_label(f, k) for k in ev.roles["participant"]}, ev) for ev in f.events if ev.kind == "Meeting"]


def test_named_participants_only_drops_unnamed_groups():
    f = _facts("Foreign Minister Ana Prado held talks with Lusitanian officials in Porto on Monday.")
    assert not _meetings(f)


def test_news_day_dates_a_present_tense_report():
    f = _facts("Foreign Minister Ana Prado meets Prime Minister Rui Alves in Porto.")
    ((who, ev),) = _meetings(f)
    assert who == {"Ana Prado", "Rui Alves"} and ev.time.value == "2026-03-04" and ev.status == "occurred"


def test_news_day_dates_the_present_perfect():
    f = _facts("Foreign Minister Ana Prado has held talks with Prime Minister Rui Alves in Porto.")
    ((who, ev),) = _meetings(f)
    assert ev.time.value == "2026-03-04"


def test_news_day_dates_leave_habits_and_plans_alone():
    f = _facts("Foreign Minister Ana Prado will meet Prime Minister Rui Alves in Porto.")
    ((who, ev),) = _meetings(f)
    assert ev.status == "planned" and (ev.time is None or not ev.time.value)


def test_headline_encounter_with_no_verb():
    text = ("Foreign Minister Ana Prado and Trade Minister Rui Alves at Their Talks\n\n"
            "Ana Prado, Foreign Minister\n\nLisbon\n\nMINISTER PRADO: Good morning, and welcome.")
    f = _facts(text)
    found = [(who, ev) for who, ev in _meetings(f) if who == {"Ana Prado", "Rui Alves"}]
    assert found
    ev = found[0][1]
    assert ev.status == "occurred" and ev.time.value == "2026-03-04"
    assert _label(f, ev.place) == "Lisbon"          # the place line under the byline


def test_trip_dates_and_places_for_its_meetings():
    text = ("Foreign Minister Ana Prado will travel to Peru and Chile March 26-30. In Peru, the "
            "Minister will meet President Rui Alves. In Chile, she will also meet Foreign "
            "Minister Jon Vidal.")
    f = _facts(text, "2026-03-20")
    visits = {(_label(f, ev.roles["destination"][0]), ev.time.value) for ev in f.events if ev.kind == "Visit"}
    assert ("Peru", "2026-03-26") in visits and ("Chile", "2026-03-26") in visits
    meetings = {frozenset(who): ev for who, ev in _meetings(f)}
    peru = meetings[frozenset({"Ana Prado", "Rui Alves"})]
    chile = meetings[frozenset({"Ana Prado", "Jon Vidal"})]
    assert peru.time.value == "2026-03" and chile.time.value == "2026-03"      # a trip over several days
    assert _label(f, peru.place) == "Peru" and _label(f, chile.place) == "Chile"


def test_documents_only_drops_decisions():
    f = _facts("Lusitania and Norway agreed to resume fishing talks, officials said on Monday.")
    assert not [ev for ev in f.events if ev.kind == "AgreementSigning"]


def test_listing_continues_a_with_phrase():
    f = _facts("Foreign Minister Ana Prado conferred with the chiefs of two ocean agencies today in Porto, "
               "including Executive Director Rui Alves and Director-General Jon Vidal.")
    ((who, ev),) = _meetings(f)
    assert who == {"Ana Prado", "Rui Alves", "Jon Vidal"}


def test_long_titles_do_not_hide_the_person():
    f = _facts("Foreign Minister Ana Prado met with Lusitanian Minister for Coastal Affairs and Fisheries Rui Alves.")
    ((who, ev),) = _meetings(f)
    assert who == {"Ana Prado", "Rui Alves"}


def test_a_possessive_ends_a_name_in_a_headline():
    f = _facts("Foreign Minister Prado’s Meeting with Trade Minister Rui Alves\n\n"
               "Foreign Minister Ana Prado met Trade Minister Rui Alves in Porto today.")
    assert not [k for k, e in f.entities.items() if "Meeting" in e.label]


def test_scheduled_meetings_apart_one_per_counterpart():
    text = ("Foreign Minister Ana Prado will travel to Peru March 26-30. There, she will meet with "
            "Prime Minister Rui Alves, Trade Minister Jon Vidal, and President Eva Lund.")
    f = _facts(text, "2026-03-20")
    pairs = {frozenset(who) for who, ev in _meetings(f)}
    assert pairs == {frozenset({"Ana Prado", other}) for other in ("Rui Alves", "Jon Vidal", "Eva Lund")}


def test_a_past_meeting_with_several_people_stays_one_encounter():
    f = _facts("Foreign Minister Ana Prado met with Prime Minister Rui Alves, Trade Minister Jon Vidal "
               "and President Eva Lund in Lima on Monday.", "2026-03-20")
    ((who, ev),) = _meetings(f)
    assert who == {"Ana Prado", "Rui Alves", "Jon Vidal", "Eva Lund"}


def test_one_event_many_mentions_headline_and_body():
    f = _facts("Foreign Minister Prado’s Meeting with Trade Minister Rui Alves\n\n"
               "Foreign Minister Ana Prado met Trade Minister Rui Alves in Lisbon today.")
    ((who, ev),) = _meetings(f)
    assert who == {"Ana Prado", "Rui Alves"} and _label(f, ev.place) == "Lisbon"


def test_a_headline_verb_is_no_part_of_a_name():
    f = _facts("Assistant Secretary of State for Ocean Affairs Ana Prado Travels to Peru and Chile\n\n"
               "Assistant Secretary Ana Prado will travel to Peru and Chile May 3-9.", "2026-05-01")
    assert {e.label for e in f.entities.values() if e.kind == "Person"} == {"Ana Prado"}


def test_headline_pair_over_a_transcript_is_a_joint_appearance():
    f = _facts("Foreign Minister Ana Prado and Trade Minister Rui Alves Remarks to Reporters\n\n"
               "Ana Prado, Foreign Minister\n\nLisbon\n\nMINISTER PRADO: Welcome, Rui.\n\n"
               "MINISTER ALVES: Thank you, Ana.")
    ((who, ev),) = _meetings(f)
    assert who == {"Ana Prado", "Rui Alves"} and ev.time.value == "2026-03-04" and _label(f, ev.place) == "Lisbon"


def test_byline_author_met_the_person_the_headline_names():
    f = _facts("Remarks to Reporters After Talks with President Rui Alves\n\n"
               "Ana Prado, Foreign Minister\n\nLisbon\n\nGood afternoon.")
    ((who, ev),) = _meetings(f)
    assert who == {"Ana Prado", "Rui Alves"} and ev.status == "occurred"


def test_calls_told_in_the_headline_govern_the_story():
    f = _facts("Foreign Minister Prado’s Call with Trade Minister Alves\n\n"
               "Foreign Minister Ana Prado and Trade Minister Rui Alves held talks today on fisheries.")
    assert not _meetings(f)
    assert [ev for ev in f.events if ev.kind == "Call"]
