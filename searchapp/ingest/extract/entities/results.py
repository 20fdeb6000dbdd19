"""Teams in sports results: the lines of a results or standings table ("Harlequins 75
Gloucester 19", "Greenock Morton 3 2 0 1 5 2 6", "East Fife v Clydebank", "Glamorgan 259
and 207 (...), Durham 114") name teams, which are organisations (or, for a national side,
the country the tables know). Read from the line's shape, not from capitals, so an
ALL-CAPS home team ("DETROIT 4 Kansas City 0") counts too. Depends on rules.py.
"""

from __future__ import annotations

from .rules import (
    BATTING_LINE_RE,
    BOWLING_FIGURES_RE,
    GOLF_ROW_RE,
    INNINGS_PLAYER_RE,
    LINEUP_ITEM_RE,
    LINEUP_ITEM_TRIM_RE,
    LINEUP_MIN_NAME_SHARE,
    LINEUP_MIN_PLAYERS,
    LINEUP_START_RE,
    PLAYER_RE,
    TENNIS_RESULT_RE,
    FIXTURE_TEAM_RE,
    FIXTURES_LINE_RE,
    INITIAL_START_RE,
    INNINGS_MIN_PER_LINE,
    INNINGS_RE,
    RESULT_LINE_RE,
    STANDINGS_ROW_RE,
    TABLE_ROW_LABELS,
    VENUE_RE,
)

Team = tuple[int, int, str]  # start, end (in the paragraph), the name as written


def _depth_at(text: str, pos: int, line_start: int) -> int:
    return text.count("(", line_start, pos) - text.count(")", line_start, pos)


def _is_team_name(name: str) -> bool:
    words = name.split()
    return bool(words) and not INITIAL_START_RE.match(name) and words[0] not in TABLE_ROW_LABELS


def _trim(team: Team) -> Team:
    start, end, name = team
    if name.endswith(".") and len(name) > 1 and name[-2].islower():
        return start, end - 1, name[:-1]  # "... St Johnstone v Airdrieonians."
    return team


def team_spans(text: str) -> tuple[list[Team], list[tuple[int, int]]]:
    """The teams a paragraph's results, standings and fixtures lines name, and the venues
    in front of such lines ("Chesterfield: Worcestershire 238 and 133-5, Derbyshire
    471"), which are places, not people."""
    if not any(c.isdigit() for c in text) and " v " not in text:
        return [], []  # most paragraphs of prose: skip the patterns
    found: list[Team] = []
    for regex in (RESULT_LINE_RE, STANDINGS_ROW_RE):
        for match in regex.finditer(text):
            for group in ("a", "b"):
                if group in match.groupdict() and match.group(group):
                    found.append((match.start(group), match.end(group), match.group(group)))
    for line in FIXTURES_LINE_RE.finditer(text):
        for match in FIXTURE_TEAM_RE.finditer(text, line.start(), line.end()):
            for group in ("a", "b") if match.group("b") else ("a",):
                found.append((match.start(group), match.end(group), match.group(group)))
    line_start = 0
    for line in text.split("\n"):
        innings = [
            m for m in INNINGS_RE.finditer(line)
            if _depth_at(line, m.start(), 0) == 0 and _is_team_name(m.group("a"))
        ]
        if len(innings) >= INNINGS_MIN_PER_LINE:
            found.extend((line_start + m.start("a"), line_start + m.end("a"), m.group("a")) for m in innings)
        line_start += len(line) + 1
    teams = sorted({_trim(t) for t in found if _is_team_name(t[2])})
    venues = []
    for match in VENUE_RE.finditer(text):
        line_end = text.find("\n", match.end())
        line_end = len(text) if line_end < 0 else line_end
        if any(match.end() <= start < line_end for start, _, _ in teams):
            venues.append(match.span("venue"))
    return teams, venues


def team_display(name: str) -> str:
    """"DETROIT" (a home team set in capitals) -> "Detroit"; acronyms stay ("LG")."""
    words = name.split()
    if name.isupper() and (len(words) > 1 or len(name) > 3):
        return " ".join(w.capitalize() for w in words)
    return name


def _lineup(text: str) -> list[Team]:
    start = LINEUP_START_RE.match(text)
    if start is None:
        return []
    names: list[Team] = []
    items = 0
    for piece in LINEUP_ITEM_RE.finditer(text, start.end()):
        trimmed = LINEUP_ITEM_TRIM_RE.sub("", piece.group())
        if not trimmed:
            continue
        items += 1
        if PLAYER_RE.fullmatch(trimmed):
            at = piece.start() + piece.group().find(trimmed)
            names.append((at, at + len(trimmed), trimmed))
    if len(names) < LINEUP_MIN_PLAYERS or len(names) < LINEUP_MIN_NAME_SHARE * items:
        return []
    return names


def player_spans(text: str) -> list[Team]:
    """The players a paragraph's line-ups, scorecards and results rows name: people."""
    if not any(c.isdigit() for c in text) and ":" not in text:
        return []
    found = _lineup(text)
    for regex in (BATTING_LINE_RE, BOWLING_FIGURES_RE, INNINGS_PLAYER_RE, GOLF_ROW_RE, TENNIS_RESULT_RE):
        for match in regex.finditer(text):
            for group, value in match.groupdict().items():
                if value:
                    found.append((match.start(group), match.end(group), value))
    return sorted(set(found))
