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
_POSSESSIVE = re.compile(r"(?<=[a-z])['’]s\b")
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
    # or "nearest": a corpus term whose embedding lies nearest the phrase; or "romanised": the word is its pinyin
    source: str = "glossary"


@dataclass
class Translation:
    concepts: list[Concept]
    unmatched: list[str]  # runs of content words the glossary does not know, e.g. "renew passport"
    unrendered: list[str] = field(default_factory=list)  # those that found no close corpus term either

    @property
    def text(self) -> str:
        """How the query was understood, e.g. '支持/扶持 保税维修', and which words were not (passport): what a
        user checks to rephrase."""
        rendered = " ".join("/".join(c.terms) for c in self.concepts)
        missing = f"no Chinese term for: {', '.join(self.unrendered)}" if self.unrendered else ""
        return "; ".join(part for part in (rendered, missing) if part)


@dataclass(frozen=True)
class Glossary:
    entries: dict[str, tuple[str, ...]]  # lemmatised English phrase -> Chinese terms
    words: frozenset[str]  # every lemma in any phrase: lets "encouraging" find "encourage"

    def translate(self, text: str, skip: frozenset[str] = frozenset()) -> Translation:
        """Greedy longest-first phrase matching over the lemmatised words of `text`; `skip` (city names) and
        function words are dropped, other unknown words are returned as runs for the nearest-term lookup."""
        words = _WORD.findall(_POSSESSIVE.sub("", normalize(text)).replace("-", " "))  # "Datong's" names Datong
        lemmas = [self._lemma(w) for w in words]
        concepts: list[Concept] = []
        unmatched: list[str] = []
        run: list[str] = []
        i = 0
        while i < len(lemmas):
            for n in range(min(MAX_PHRASE_WORDS, len(lemmas) - i), 0, -1):
                phrase = " ".join(lemmas[i : i + n])
                if phrase in self.entries and not (n == 1 and {phrase, words[i]} & FUNCTION_WORDS):
                    break
            else:
                n, phrase = 1, None
            if phrase is not None:
                if run:
                    unmatched.append(" ".join(run))
                    run = []
                if all(c.phrase != phrase for c in concepts):
                    concepts.append(Concept(phrase, self.entries[phrase]))
            elif {words[i], lemmas[i]} & (FUNCTION_WORDS | skip) or lemmas[i].isdigit():
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
        it): plurals and a few inflections folded, so a phrase matches whatever form the user typed."""
        singular = _folded(word)
        if singular in self.words or len(word) <= 4:
            return singular
        for suffix, replacements in (("ing", ("", "e")), ("ed", ("", "e"))):
            if word.endswith(suffix):
                stem = next((c for c in (word[: -len(suffix)] + r for r in replacements) if c in self.words), None)
                if stem:
                    return stem
        return singular


def _folded(word: str) -> str:
    """Singular, American spelling: 'centres' -> 'center'."""
    singular = _singular(word)
    return _SPELLING.get(singular, singular)


def _singular(word: str) -> str:
    """By rule, the same for the glossary and the query: 'policies' -> 'policy', 'taxes' -> 'tax', 'fees' -> 'fee'."""
    if len(word) <= 3:
        return word
    if word.endswith("ies"):
        return word[:-3] + "y"
    if word.endswith(("sses", "xes", "ches", "shes")):
        return word[:-2]
    if word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


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
    words = frozenset(_folded(w) for phrase in raw for w in _WORD.findall(phrase.replace("-", " ")))
    glossary = Glossary({}, words)
    entries = {" ".join(glossary._lemma(w) for w in _WORD.findall(k.replace("-", " "))): v for k, v in raw.items()}
    return Glossary(entries, words)


@lru_cache(maxsize=1)
def load_glossary() -> Glossary:
    return parse_glossary(GLOSSARY_FILE.read_text(encoding="utf-8").splitlines(), str(GLOSSARY_FILE))
