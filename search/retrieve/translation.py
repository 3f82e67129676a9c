"""English query -> Chinese policy terms: glossary phrases matched longest first, the rest left for neighbours.

The glossary (`resources/glossary_en_zh.tsv`) maps general policy, trade and outsourcing vocabulary to the terms
Chinese documents use. Words are matched case- and plural-insensitively ("Single Windows" = "single window"), and
British and American spellings alike; Chinese terms are folded to simplified, like the index, when loaded.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from search.normalize import normalize

GLOSSARY_FILE = Path(__file__).parent / "resources" / "glossary_en_zh.tsv"
MAX_PHRASE_WORDS = 7
# "r&d", "cross-border" (split at the hyphen), "children's"
_WORD = re.compile(r"[a-z0-9]+(?:[&'][a-z0-9]+)*")
_SPELLING = {
    "centre": "center",
    "programme": "program",
    "organisation": "organization",
    "labour": "labor",
    "licence": "license",
    "optimise": "optimize",
    "digitalisation": "digitalization",
    "authorised": "authorized",
    "organisational": "organizational",
}
# Words that shape an English question but name no topic alone; they are neither translated nor looked up
# (inside a glossary phrase they still count: "set up", "new business model", "government procurement").
_FUNCTION_WORDS = """a an the of for and or to in on at by with from into about as than then so such via per each any all some
    is are was were be been being am do does did done have has had can could should would will shall may might must
    how what which who whom whose where when why whether there here this that these those it its they their them
    i me my we our us you your he she his her one ones not no more most many much very also other own
    city cities town province provinces local place places area areas country countries government governments
    get give take make put set way ways thing things kind kinds best good new old help want need know tell find
    please list show any anyone somebody something policy policies provision provisions rule rules
    measure measures say says said mention mentions"""
FUNCTION_WORDS = frozenset(_FUNCTION_WORDS.split())


@dataclass(frozen=True)
class Concept:
    """One English phrase and the Chinese terms that render it (alternatives: any one of them counts)."""

    phrase: str
    terms: tuple[str, ...]
    weight: float = 1.0  # 1 for a glossary phrase; a neighbour's closeness to its phrase otherwise
    source: str = "glossary"  # or "nearest": a corpus term whose embedding lies nearest the phrase


@dataclass
class Translation:
    concepts: list[Concept]
    unmatched: list[str]  # runs of content words the glossary does not know, e.g. "renew passport"
    unrendered: list[str] = field(default_factory=list)  # those that found no close corpus term either

    @property
    def text(self) -> str:
        """How the query was understood, e.g. '保税维修 支持/扶持': what a user checks to rephrase."""
        return " ".join("/".join(c.terms) for c in self.concepts)


@dataclass(frozen=True)
class Glossary:
    entries: dict[str, tuple[str, ...]]  # lemmatised English phrase -> Chinese terms
    words: frozenset[str]  # every lemma in any phrase: lets "encouraging" find "encourage"

    def translate(self, text: str, skip: frozenset[str] = frozenset()) -> Translation:
        """Greedy longest-first phrase matching over the lemmatised words of `text`; `skip` (city names) and
        function words are dropped, other unknown words are returned as runs for the nearest-term lookup."""
        lemmas = [self._lemma(w) for w in _WORD.findall(normalize(text).replace("-", " "))]
        concepts: list[Concept] = []
        unmatched: list[str] = []
        run: list[str] = []
        i = 0
        while i < len(lemmas):
            for n in range(min(MAX_PHRASE_WORDS, len(lemmas) - i), 0, -1):
                phrase = " ".join(lemmas[i : i + n])
                if phrase in self.entries and not (n == 1 and phrase in FUNCTION_WORDS):
                    break
            else:
                n, phrase = 1, None
            if phrase is not None:
                if run:
                    unmatched.append(" ".join(run))
                    run = []
                if all(c.phrase != phrase for c in concepts):
                    concepts.append(Concept(phrase, self.entries[phrase]))
            elif lemmas[i] in FUNCTION_WORDS or lemmas[i] in skip or lemmas[i].isdigit():
                if run:
                    unmatched.append(" ".join(run))
                    run = []
            else:
                run.append(lemmas[i])
            i += n
        if run:
            unmatched.append(" ".join(run))
        return Translation(concepts, unmatched)

    def _lemma(self, word: str) -> str:
        """'services' -> 'service', 'centres' -> 'center', 'encouraging' -> 'encourage' (when the glossary has
        it): plural and a few inflections folded, so a phrase matches whatever form the user typed."""
        word = _SPELLING.get(word, word)
        candidates = [word]
        if len(word) > 3:
            if word.endswith("ies"):
                candidates.append(word[:-3] + "y")
            elif word.endswith(("sses", "xes", "ches", "shes")):
                candidates.append(word[:-2])
            elif word.endswith("s") and not word.endswith(("ss", "us", "is")):
                candidates.append(word[:-1])
            for suffix, replacements in (("ing", ("", "e")), ("ed", ("", "e")), ("d", ("",))):
                if word.endswith(suffix):
                    candidates.extend(word[: -len(suffix)] + r for r in replacements)
        candidates = [_SPELLING.get(c, c) for c in candidates]
        # The folded forms first: "services" is itself a glossary word (in "trade in services").
        known = next((c for c in [*candidates[1:], word] if c in self.words), None)
        if known:
            return known
        return candidates[1] if len(candidates) > 1 and word.endswith("s") else word


def parse_glossary(lines: list[str], source: str) -> Glossary:
    """`english<TAB>中文|中文` lines; '#' starts a comment. Raises ValueError naming the line."""
    raw: dict[str, tuple[str, ...]] = {}
    for number, line in enumerate(lines, start=1):
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.rstrip("\n").split("\t")
        if len(parts) != 2 or not parts[0].strip() or not parts[1].strip():
            raise ValueError(f"{source}:{number}: expected 'english<TAB>中文|中文', got {line.strip()[:60]!r}")
        terms = tuple(dict.fromkeys(normalize(t) for t in parts[1].split("|") if t.strip()))
        raw[parts[0].strip().lower()] = terms
    words = frozenset(_SPELLING.get(w, w) for phrase in raw for w in _WORD.findall(phrase.replace("-", " ")))
    glossary = Glossary({}, words)
    entries = {" ".join(glossary._lemma(w) for w in _WORD.findall(k.replace("-", " "))): v for k, v in raw.items()}
    return Glossary(entries, words)


@lru_cache(maxsize=1)
def load_glossary() -> Glossary:
    return parse_glossary(GLOSSARY_FILE.read_text(encoding="utf-8").splitlines(), str(GLOSSARY_FILE))
