"""Lexical tokens: the same words wherever a document prints a term bare, in quotes, or inside a longer word."""

from __future__ import annotations

from search.index.tokenization import tokenize_normalized


def test_a_long_word_also_gives_every_dictionary_word_inside_it():
    tokens = tokenize_normalized("纳入国际贸易单一窗口")
    # jieba's own search mode stops at 2-3 characters: it gives 国际/贸易/单一/窗口 but neither four-character word.
    assert {"国际贸易单一窗口", "国际贸易", "单一窗口", "国际", "窗口"} <= set(tokens)


def test_a_quoted_term_cuts_as_the_bare_term_does():
    quoted = tokenize_normalized("将服务外包有关事项纳入国际贸易“单一窗口”")
    bare = tokenize_normalized("将服务外包有关事项纳入国际贸易单一窗口")
    assert quoted == bare
    assert "国际贸易单一窗口" in quoted


def test_a_word_is_counted_once_per_occurrence():
    assert tokenize_normalized("保税维修") == ["保税", "维修", "保税维修"]
    assert tokenize_normalized("保税维修，保税维修").count("保税维修") == 2
