"""Entity extraction: people, countries and organisations named in an article.

Input is the cleaned title and body (paragraphs separated by blank lines); output is
`Entities` with canonical names, sorted and de-duplicated per facet. `entity_id()` and
`display_name()` (searchapp/catalog.py) give each canonical name a stable id (ISO alpha-3,
a table slug, or "name:..." for names in no table), so renaming a row renames the facet
without splitting it.

How it works, in one pass per paragraph (extract.py):

1. One combined "gazetteer" regex finds countries, organisations, known people, country
   evidence and stop phrases ("South China Sea") at once. It is compiled from a character
   trie of all aliases (the flashtext idea: the cost does not grow with the number of
   names), longest match first (tables.py). Matching is case-sensitive so the pronoun "us"
   is not "US"; all-caps lines (wire headlines) use a second, case-insensitive regex
   restricted to long aliases (and legal forms). The matches and the rules that drop one
   are in gazetteer.py.
2. Countries come from their names, demonyms and capitals (countries.tsv; a capital right
   after "in"/"at"/"to"... is a place, not an actor) and from indirect evidence
   (country_evidence.tsv: states, cities, national institutions, currencies). Weak
   evidence (company legal forms: "Mobil Corp") counts only when nothing else names a
   country.
3. People not in the table are found from titles ("Foreign Minister Yun Byung-se",
   "Ambassador to the U.N. Samantha Power"), attribution ("Cai Jian said", "said Cai Jian")
   and appositions ("Cai Jian, professor with ..."), particles included ("Willy de
   Clercq"). A bare surname ("Kerry said") resolves to the full name used elsewhere in the
   article, else to a unique row of people.tsv; else, right after a title, it stands alone
   ("Energy Minister Subroto") unless it is a Korean or Chinese family name; else it is
   dropped (people.py).
4. "X University" / "University of X" / "X Institute" names are found by pattern; acronyms
   used as a company's name ("AID Corp") or defined as something else ("the African
   Development Bank (ADB)") change what a table acronym stands for (organisations.py).
5. Spans taken by people and pattern organisations hide the gazetteer matches inside them
   ("Seoul National University" is not evidence for South Korea).

`normalise_span()` puts another NER's spans (spaCy's) through the same tables and rules
(normalise.py).

Every pattern and named constant of the rules is in rules.py. The tables live in
searchapp/data/ (countries.tsv, country_evidence.tsv, organizations.tsv, people.tsv,
person_titles.txt, not_entities.txt, name_stopwords.txt, surname_first.txt) so that users
can extend them without touching code; they are loaded once per process (tables.py).

Modules, each importing only from those before it: rules -> tables -> gazetteer ->
organisations -> people -> extract -> normalise; this file is the public API.
"""

from __future__ import annotations

from .extract import extract_entities
from .normalise import normalise_span
from .tables import reload_tables

__all__ = ["extract_entities", "normalise_span", "reload_tables"]
