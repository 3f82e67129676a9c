"""Chinese names written in pinyin ("Pudong", "Lujiazui", "Beijing") -> the corpus words they spell.

English writes Chinese places, parks and programmes by their pinyin, which no glossary lists and an encoder
trained on translations does not know. Only words that the glossary and the nearest corpus terms left
unrendered are looked up, so an English word that happens to spell a corpus word ("guiding": 规定) is read as
English first; in a 234,000-word English list, 14 words spell a word of the 1M-clause test library's vocabulary,
none of them common (fuze, yule).
"""

from __future__ import annotations

from collections.abc import Iterable

from search.normalize import is_han
from search.retrieve.query import romanise
from search.retrieve.translation import Concept, Translation


class RomanisedTerms:
    """The corpus's words of two or more Chinese characters, by their toneless pinyin (20,000 words: 0.2 s)."""

    def __init__(self, vocabulary: Iterable[str]) -> None:
        by_sound: dict[str, list[str]] = {}
        for term in vocabulary:
            if len(term) >= 2 and all(is_han(ch) for ch in term):
                by_sound.setdefault(romanise(term), []).append(term)
        self._by_sound = {sound: tuple(sorted(terms)) for sound, terms in by_sound.items()}

    def render(self, translation: Translation) -> None:
        """Each unrendered word that spells a corpus word becomes a concept; the words left stay unrendered."""
        unrendered: list[str] = []
        for phrase in translation.unrendered:
            left: list[str] = []
            for word in phrase.split():
                terms = self._by_sound.get(word)
                if terms:
                    translation.concepts.append(Concept(word, terms, 1.0, "romanised"))
                else:
                    left.append(word)
            if left:
                unrendered.append(" ".join(left))
        translation.unrendered = unrendered
