"""Snippets and marks, with the Whoosh backend's analyzer (the one the seeds are indexed with)."""

from functools import partial

from hypothesis import given, settings
from hypothesis import strategies as st

from searchapp.search import highlight
from searchapp.search.highlight import QueryMatches
from searchapp.search.whoosh.analysis import analyze

Highlighter = partial(highlight.Highlighter, analyze)


def matches(*terms: str, phrases=()) -> QueryMatches:
    return QueryMatches(frozenset(terms), tuple(phrases))


def test_marks_terms_and_escapes_everything_else():
    out = Highlighter().snippet("The U.N. said <b>no</b> & left.", matches("un"))
    assert out == "The <mark>U.N.</mark> said &lt;b&gt;no&lt;/b&gt; &amp; left."


def test_phrase_is_one_mark_and_its_words_alone_are_not_marked():
    text = "A nuclear plant. Then the nuclear test, and a test."
    out = Highlighter().snippet(text, matches(phrases=[("nuclear", "test")]))
    assert out.count("<mark>") == 1 and "<mark>nuclear test</mark>" in out


def test_no_text_is_shown_twice_and_cuts_are_marked():
    words = [f"w{i}" for i in range(400)]
    words[100] = words[130] = words[300] = "Kerry"
    text = " ".join(words)
    out = Highlighter(maxchars=200, surround=60).snippet(text, matches("kerri"))
    plain = out.replace("<mark>", "").replace("</mark>", "")
    shown = [w for w in plain.split() if w != "…"]
    others = [w for w in shown if w != "Kerry"]
    assert len(others) == len(set(others))  # no context word shows twice
    assert plain.startswith("… ") and plain.endswith(" …") and " … " in plain
    assert out.count("<mark>Kerry</mark>") == shown.count("Kerry") == 2  # the two best windows


def test_nothing_matching_gives_empty_snippet():
    assert Highlighter().snippet("Nothing here.", matches("kerri")) == ""


def test_windows_that_cannot_merge_do_not_repeat_text():
    # Matches spaced so that contexts overlap but merging would make a window too long.
    words = [f"w{i}" for i in range(120)]
    for i in (30, 40, 50):
        words[i] = "oil"
    text = " ".join(words)
    # Matches 40 characters apart: each context reaches past the next match.
    out = Highlighter(maxchars=100, surround=60, top=3).snippet(text, matches("oil"))
    plain = out.replace("<mark>", "").replace("</mark>", "")
    shown = [w for w in plain.split() if w != "…"]
    others = [w for w in shown if w != "oil"]
    assert len(others) == len(set(others))
    assert out.count("<mark>oil</mark>") == 3 and shown.count("oil") == 3


def _spans_reading_every_word(text: str, m: QueryMatches, extra=frozenset()) -> list[tuple[int, int]]:
    """match_spans as first written: every word's terms kept, then phrases and singles
    marked (the reference the faster reading must agree with)."""
    words_at: dict[int, set[str]] = {}
    span_at: dict[int, tuple[int, int]] = {}
    for pos, term, start, end in analyze(text):
        words_at.setdefault(pos, set()).add(term)
        span_at[pos] = (start, end)
    marked: dict[int, int] = {}
    for phrase in m.phrases:
        for pos in sorted(words_at):
            if all(phrase[k] in words_at.get(pos + k, ()) for k in range(len(phrase))):
                marked[pos] = pos + len(phrase) - 1
    covered = {p for s, e in marked.items() for p in range(s, e + 1)}
    for pos, words in words_at.items():
        if pos not in covered and words & (m.terms | extra):
            marked[pos] = pos
    return [(span_at[s][0], span_at[e][1]) for s, e in sorted(marked.items())]


_WORDS = ["U.N.", "UN", "talks", "talk", "Kim", "Jong-un", "anti-US", "nuclear", "test", "tests", "the", "of", "Seoul"]


@given(
    st.lists(st.sampled_from(_WORDS), max_size=40),
    st.sets(st.sampled_from(_WORDS), max_size=3),
    st.lists(st.lists(st.sampled_from(_WORDS), min_size=2, max_size=3), max_size=2),
    st.sets(st.sampled_from(_WORDS), max_size=2),
)
@settings(max_examples=300, deadline=None)
def test_spans_are_those_of_reading_every_word(words, singles, phrases, extra):
    def terms(ws):
        return [t for _p, t, _s, _e in analyze(" ".join(ws), "query")]

    text = " ".join(words)
    m = QueryMatches(frozenset(t for w in singles for t in terms([w])), tuple(tuple(terms(p)) for p in phrases))
    extra_terms = frozenset(t for w in extra for t in terms([w]))
    assert Highlighter().match_spans(text, m, extra_terms) == _spans_reading_every_word(text, m, extra_terms)
