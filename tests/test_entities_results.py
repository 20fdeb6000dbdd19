"""Teams in sports results, standings and fixtures lines (results.py): organisations, or
the country of a national side; never people. On real CoNLL-2003 dev stories (even-numbered,
the half tuned on) through the real cleaner and pipeline, and on short texts for the guards."""

from __future__ import annotations

from functools import cache

from searchapp.ingest.extract.entities import extract_entities
from searchapp.ingest.extract.entities.results import team_spans
from searchapp.ingest.pipeline import process_batch
from searchapp.ingest.reader import read_document
from searchapp.records import Entities

from .conftest import CONLL, needs

CONLL_STORIES = CONLL / "docs" / "010.txt"  # the key conftest.REQUIRED_INPUTS names


@cache
def _story(stem: str) -> Entities:
    path = CONLL / "docs" / f"{stem}.txt"
    (article,) = process_batch([read_document(path, path.name)])
    return article.entities


@needs(CONLL_STORIES)
def test_results_and_fixtures_lines_name_teams() -> None:
    entities = _story("122")  # Scottish league results, and "Postponed: East Fife v Clydebank, ..."
    for team in ("Greenock Morton", "Falkirk", "Queen of South", "Queen's Park", "East Fife", "St Johnstone"):
        assert team in entities.organizations
    assert entities.people == ()  # "St Johnstone", "Greenock Morton" read as men before


@needs(CONLL_STORIES)
def test_standings_rows_name_teams() -> None:
    entities = _story("120")  # "Hamilton 3 1 1 1 3 2 4"
    assert "Hamilton" in entities.organizations and "Stranraer" in entities.organizations
    assert entities.people == ()


@needs(CONLL_STORIES)
def test_home_team_in_capitals_is_one_spelling() -> None:
    entities = _story("014")  # "DETROIT 4 Kansas City 1", "Florida 10 ST LOUIS 9"
    for team in ("Detroit", "Kansas City", "St Louis", "Pittsburgh"):
        assert team in entities.organizations
    assert entities.countries == ()  # the cities are clubs here


@needs(CONLL_STORIES)
def test_cricket_innings_and_venues() -> None:
    entities = _story("002")  # "Chesterfield: Worcestershire 238 and 133-5, Derbyshire 471 (...)"
    for team in ("Kent", "Derbyshire", "Worcestershire", "Somerset"):
        assert team in entities.organizations and team not in entities.people
    for venue in ("Chesterfield", "Portsmouth", "Tunbridge Wells"):
        assert venue not in entities.people and venue not in entities.organizations
    # A single initial and a surname is a player, whatever the model calls it.
    assert "H. Morris" in entities.people and "M. McCague" in entities.people


@needs(CONLL_STORIES)
def test_no_score_in_a_name() -> None:
    entities = _story("156")  # "France beat Mexico 2-0": the model's ORG "Mexico 2-0"
    assert not any(any(c.isdigit() for c in name) for name in entities.organizations)
    assert "Mexico" in entities.countries


def test_a_national_side_is_its_country() -> None:
    entities = extract_entities("", "Results of World Cup qualifiers:\n\nRomania 2 Lithuania 1\n\nWales 1 Moldova 0")
    assert entities.countries == ("Lithuania", "Moldova", "Romania")
    assert entities.organizations == ()


def test_lines_that_only_look_like_results() -> None:
    # A poll: the names are people of the story; accounts: row labels are no team.
    body = (
        "President Bill Clinton leads Senator Bob Dole in the latest poll.\n\n"
        "Clinton 52, Dole 38.\n\nNet 12 10 8\n\nSales 140 128 117"
    )
    entities = extract_entities("", body)
    assert entities.organizations == ()
    assert set(entities.people) == {"Bill Clinton", "Bob Dole"}
    assert team_spans("Total (for 8 wickets, innings closed) 292") == ([], [])
    # A player with an initial is no team: "(A. Dale 69, H. Morris 69)".
    teams, _ = team_spans("Glamorgan 259 and 207 (A. Dale 69, H. Morris 69), Durham 114 and 81-3.")
    assert [name for _, _, name in teams] == ["Glamorgan", "Durham"]


def test_a_venue_in_front_of_a_results_line_is_no_actor() -> None:
    entities = extract_entities("", "London (The Oval): Warwickshire 195, Surrey 429-7 (C. Lewis 80 not out).")
    assert entities.countries == ()  # London is where they play, not Britain acting
    assert entities.organizations == ("Surrey", "Warwickshire")


@needs(CONLL_STORIES)
def test_line_ups_name_players() -> None:
    entities = _story("156")  # "France - 1 - Bernard Lama; 2 - Lilian Thuram (14 - Sabri Lamouchi 87th), ..."
    for player in ("Bernard Lama", "Lilian Thuram", "Sabri Lamouchi", "Marcel Desailly", "Pavel Pardo"):
        assert player in entities.people
    assert "Becerril" in entities.people  # "(Becerril 46th)": one name, kept as nothing resolves it


@needs(CONLL_STORIES)
def test_cricket_scorecard_names_players() -> None:
    entities = _story("110")  # "N. Knight st Moin Khan b Saqlain Mushtaq 113", "Wasim Akram 10-0-50-0"
    for player in ("N. Knight", "G. Thorpe", "M. Maynard", "Inzamam-ul-Haq", "Wasim Akram", "Saqlain Mushtaq"):
        assert player in entities.people
    entities = _story("002")  # "(J. Adams 123, T.O'Gorman 109 not out, K. Barnett 87; T. Moody 6-82)"
    assert "T.O'Gorman" in entities.people and "P. Simmons" in entities.people


@needs(CONLL_STORIES)
def test_golf_and_tennis_rows_name_players() -> None:
    golf = _story("106")  # "286 Miguel Angel Jimenez (Spain) 74 72 73 67", "..., Iain Pyman 71 75 75 71"
    assert {"Miguel Angel Jimenez", "Iain Pyman", "Antoine Lebouc"} <= set(golf.people)
    assert golf.organizations == ()  # "Antoine Lebouc" was the model's organisation
    tennis = _story("146")  # "1 - Steffi Graf (Germany) beat Natasha Zvereva (Belarus) 6-4 6-2"
    assert {"Steffi Graf", "Natasha Zvereva", "Naoko Kijimuta"} <= set(tennis.people)
    assert tennis.organizations == ()


@needs(CONLL_STORIES)
def test_one_name_owning_a_player_is_his_club() -> None:
    entities = _story("154")  # "Everton's Duncan Ferguson went close for Scotland"
    assert "Everton" in entities.organizations and "Everton" not in entities.people
    assert "Duncan Ferguson" in entities.people


def test_prose_is_no_line_up() -> None:
    body = "Talks: Officials from France, Germany and Italy met, as did envoys of Spain."
    assert extract_entities("", body).people == ()
