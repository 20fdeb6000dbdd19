"""Date ranges as a reader writes them, and the timeline of hits (searchapp.search.dates)."""

from __future__ import annotations

import pytest

from searchapp.search import dates
from searchapp.search.dates import (
    BadDate,
    DayRange,
    bound,
    day_range,
    split_query,
    timeline,
)


@pytest.mark.parametrize("text,end,expected", [
    ("2016", False, 20160101), ("2016", True, 20161231),
    ("2016-02", False, 20160201), ("2016-02", True, 20160229), ("2015-02", True, 20150228),
    ("2016-1-5", True, 20160105), ("", True, None), ("*", False, None),
])
def test_a_bound_is_the_first_or_last_day_of_its_period(text, end, expected):
    assert bound(text, end) == expected


@pytest.mark.parametrize("text", ["2016-13", "2016-02-30", "Jan 2016", "20160105", "99", "0001-01", "2016-01-01T00"])
def test_a_bad_bound_says_how_to_write_one(text):
    with pytest.raises(BadDate, match="Example: from=2016-01"):
        bound(text, end=False)


def test_ranges_in_the_query_are_taken_out_of_it():
    assert split_query("sanctions published:[2016-01 TO 2016-02] Kerry") == ("sanctions Kerry", [("2016-01", "2016-02")])
    assert split_query("date:2016 UN") == ("UN", [("2016", "2016")])
    assert split_query("published:[* TO 2016-02-10]") == ("", [("*", "2016-02-10")])
    # Not a range: left to the query parser.
    assert split_query("unpublished:2016 dated") == ("unpublished:2016 dated", [])


def test_the_url_and_the_query_ranges_both_hold():
    rest, days = day_range("talks published:[2016-01 TO 2016-06]", "2016-03", "", False)
    assert rest == "talks" and days == DayRange(20160301, 20160630)


def test_a_short_range_asked_for_is_drawn_per_day_with_its_quiet_days():
    t = timeline({20160121: 2, 20160129: 1}, undated=3, asked=DayRange(20160120, 20160131))
    assert t.unit == "day" and len(t.periods) == 12 and t.undated == 3 and t.peak == 2
    assert [p.count for p in t.periods] == [0, 2, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0]
    assert (t.periods[1].date_from, t.periods[1].date_to) == ("2016-01-21", "2016-01-21")


def test_without_a_short_range_the_timeline_is_per_month():
    t = timeline({20160121: 2, 20160129: 1}, undated=3)
    assert t.unit == "month" and [(p.label, p.count) for p in t.periods] == [("2016-01", 3)]
    assert timeline({20160121: 2}, 0, asked=DayRange(20160101, None)).unit == "month"  # open-ended


def test_a_long_span_is_drawn_per_month_and_a_very_long_one_per_year():
    t = timeline({20151230: 1, 20160101: 2, 20160415: 4}, undated=0)
    assert t.unit == "month" and [p.label for p in t.periods] == ["2015-12", "2016-01", "2016-02", "2016-03", "2016-04"]
    assert [p.count for p in t.periods] == [1, 2, 0, 0, 4]
    years = timeline({19000101: 1, 19000201: 1, 19000101 + (dates.TIMELINE_MAX_MONTHS // 12 + 1) * 10000: 5}, 0)
    assert years.unit == "year" and years.periods[0].count == 2 and years.periods[-1].count == 5
    assert sum(p.count for p in years.periods) == 7


def test_no_dated_hits_is_an_empty_timeline_with_the_undated():
    t = timeline({}, undated=4)
    assert t.periods == () and t.undated == 4 and t.peak == 0
