"""Sentences for answers: split at 。；！？ and line ends, never inside quotes or brackets."""

from search.sentences import sentence_spans


def sentences(text: str) -> list[str]:
    return [text[start:end] for start, end in sentence_spans(text)]


def test_sentences_end_at_full_stops_semicolons_and_question_marks():
    assert sentences("支持保税维修。建设人才基地；完善统计？") == ["支持保税维修。", "建设人才基地；", "完善统计？"]


def test_a_quoted_or_bracketed_full_stop_does_not_end_the_sentence():
    text = "落实“放管服”改革。要求。印发《方案（试行。）》后实施。"
    assert sentences(text) == ["落实“放管服”改革。", "要求。", "印发《方案（试行。）》后实施。"]
    assert sentences("推行“一网通办。全程网办”模式。下一句。") == ["推行“一网通办。全程网办”模式。", "下一句。"]


def test_an_unclosed_bracket_never_swallows_the_next_paragraph():
    assert sentences("（一）目标：到2025年\n第二段。") == ["（一）目标：到2025年", "第二段。"]


def test_whitespace_is_trimmed_and_empty_pieces_dropped():
    assert sentences("  第一句。  \n\n 第二句；  ") == ["第一句。", "第二句；"]
