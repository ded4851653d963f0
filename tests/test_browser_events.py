"""Merged event pages and the timeline in a real headless Chromium, on a merged store.

The app is served by waitress on a loopback port (conftest.merged_live_server)
over a store where two articles report the same Pyongyang meeting, one as
planned and one as occurred. The browser, the request recorder and the checks
(no request off the origin, no dialog, no script error or CSP report) are
those of test_browser_ui; the browser is conftest.browser.
"""
from __future__ import annotations

import re

import pytest

from test_browser_ui import recorded_page

pytestmark = pytest.mark.browser

MEETING = "/id/event/merged/meeting/2024-06-19/kim-jong-un--vladimir-putin"


@pytest.fixture
def page(browser, merged_live_server, request):
    yield from recorded_page(browser, merged_live_server, request)


def assert_merged_meeting(page):
    """The merged meeting's page: the event, then both reports with their quotes and statuses."""
    page.wait_for_url(f"**{MEETING}")
    assert page.locator("h1").inner_text() == "Meeting: Kim Jong Un, Vladimir Putin (2024-06-19)"
    assert "reported by 2 articles" in page.locator("#event-kicker").text_content()
    assert "2024-06-19" in page.locator("#event-when").inner_text()
    assert page.locator("#event-where a", has_text="Pyongyang").count() == 1
    reports = page.locator("#reports > li")
    assert reports.count() == 2
    assert reports.nth(0).locator(".report-status").inner_text() == "planned"
    assert reports.nth(1).locator(".report-status").inner_text() == "occurred"
    assert "in Pyongyang this week, the Kremlin said." in reports.nth(0).locator("blockquote").inner_text()
    assert reports.nth(0).locator(".report-according a").inner_text() == "Kremlin"
    said = page.locator("#disagreements").inner_text()
    assert "1 report says it was planned, in 2024-W25" in said and "1 report says it occurred, on 2024-06-19" in said


def test_merged_event_from_who_met_whom(page):
    page.goto("/queries/who-met-whom?person=Kim+Jong-un")
    rows = page.locator("#results tbody tr")
    assert rows.count() == 2                     # the meeting, once per article that reports it
    # a report's page says which event it belongs to
    rows.first.locator("td").first.get_by_role("link").click()
    page.wait_for_url(re.compile(r"/id/event/pyongyang-(plans|visit)/1$"))
    assert "one article's report" in page.locator("#event-kicker").text_content()
    page.locator("#part-of a").click()
    assert_merged_meeting(page)
    # the evidence link leads to the sentence, highlighted in the article's text
    page.locator("#reports > li").nth(0).locator("a.show-evidence").click()
    page.wait_for_url(re.compile(r"/article/pyongyang-plans#t-f-[0-9a-f]{12}$"))
    fact = page.url.split("#t-", 1)[1]
    pieces = page.locator(f'mark.evidence[data-facts~="{fact}"]').all_text_contents()
    assert "".join(pieces) == "Vladimir Putin will meet Kim Jong-un in Pyongyang this week, the Kremlin said."
    assert page.locator(f"#t-{fact}").count() == 1


def test_merged_event_from_the_saved_query_of_merged_meetings(page):
    page.goto("/queries/meetings-merged?person=Kim+Jong-un")
    page.locator("#results tbody").get_by_role("link", name=re.compile(r"^Meeting: Kim Jong Un")).first.click()
    assert_merged_meeting(page)


def test_merged_event_from_a_persons_page(page):
    page.goto("/id/person/vladimir-putin")
    rows = page.locator("#events tbody tr")
    meeting = rows.filter(has_text="Meeting: Kim Jong Un, Vladimir Putin (2024-06-19)")
    assert meeting.count() == 1                  # one row for the real event, not one per report
    assert "2 sources" in meeting.inner_text()
    meeting.get_by_role("link", name="Meeting: Kim Jong Un, Vladimir Putin (2024-06-19)").click()
    assert_merged_meeting(page)


def test_timeline_opens_on_the_events_and_lists_undated_ones(page):
    page.goto("/timeline")
    tl = page.locator("#timeline")
    page.wait_for_selector("#timeline[data-rendered='7']")
    assert tl.get_attribute("data-window") == "default"
    # the axis opens on 2023-2024: the 2000 visit is off screen, the 2023 and 2024 events are on it
    assert tl.locator(".vis-item", has_text="Visit: Vladimir Putin (2000)").count() == 0
    assert tl.locator(".vis-item", has_text="Arms transfer").count() == 1
    assert tl.locator(".vis-item", has_text="Meeting: Kim Jong Un, Vladimir Putin (2024-06-19)").count() == 1
    labels = [t.strip() for t in tl.locator(".vis-labelset .vis-label").all_text_contents()]
    assert "Meeting (3)" in labels and "Visit (2)" in labels, labels
    assert "which holds 6 of the 7 dated events" in page.locator("#window-text").inner_text()
    # the control shows every event, and goes back
    page.click("#timeline-all")
    assert tl.get_attribute("data-window") == "all"
    page.wait_for_selector("#timeline .vis-item:has-text('Visit: Vladimir Putin (2000)')")
    page.click("#timeline-busy")
    assert tl.get_attribute("data-window") == "default"
    # undated events are listed under the axis
    undated = page.locator("#undated-table tbody tr")
    assert undated.count() == 1 and "Agreement signing: Eve, Mallory" in undated.inner_text()
    # an event on the axis opens its page
    tl.locator(".vis-item", has_text="Meeting: Kim Jong Un, Vladimir Putin (2024-06-19)").click()
    assert_merged_meeting(page)


def test_timeline_filters_apply_to_the_undated_list(page):
    page.goto("/timeline")
    page.wait_for_selector("#timeline[data-rendered]")
    page.select_option("#f-kind", "Meeting")
    page.click("button:has-text('Filter')")
    page.wait_for_selector("#timeline[data-rendered='3']")
    assert page.locator("#undated-table").count() == 0
    page.goto("/timeline?person=Eve")
    page.wait_for_selector("#timeline[data-rendered='1']")
    assert page.locator("#undated-table tbody tr").count() == 1


@pytest.mark.parametrize("page", [375], indirect=True)
def test_event_pages_and_timeline_read_at_phone_width(page):
    for url in (MEETING, "/id/event/pyongyang-plans/1", "/id/person/kim-jong-un", "/timeline"):
        page.goto(url)
        page.wait_for_load_state("load")
        overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 1, f"{url} scrolls sideways by {overflow}px at 375px"
