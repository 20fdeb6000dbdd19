from searchapp.search.whoosh.analysis import plain_tokens


def test_dotted_acronyms_match_plain_ones():
    assert plain_tokens("U.N.") == plain_tokens("UN") == ["un"]
    assert plain_tokens("U.S.") == plain_tokens("US") == plain_tokens("U.S") == ["us"]
    assert plain_tokens("N.K.") == ["nk"]


def test_us_is_not_a_stop_word():
    assert "us" in plain_tokens("the US and us")


def test_hyphenated_names_do_not_yield_un():
    tokens = plain_tokens("Kim Jong-un and Kim Jong-Un's regime")
    assert "un" not in tokens
    assert "jong-un" in tokens and "jong" in tokens


def test_acronym_part_of_a_compound_is_searchable():
    assert "us" in plain_tokens("anti-US protests")
    assert "us" in plain_tokens("U.S.-allied Korea")


def test_stemming_and_accents():
    assert plain_tokens("sanctions") == plain_tokens("sanction")
    assert plain_tokens("Pyongyang's résumé")[0] == "pyongyang"
    assert plain_tokens("résumé") == plain_tokens("resume")
