"""English queries and questions: rendered in the corpus's Chinese terms, answered from the clauses about them, or
honestly not at all; the rendering is shown so a user can rephrase."""

import json

import numpy as np
import pytest

from search.answer.answering import Answerer
from search.cli import main
from search.evaluation.qa_eval import evaluate_questions
from search.evaluation.retrieval_eval import evaluate, load_queries
from search.index.calibration import E5
from search.retrieve.romanised_terms import RomanisedTerms
from search.retrieve.term_neighbours import CROSSLINGUAL_SCALE, e5_scale, nearest_concepts
from search.retrieve.translation import Concept, Translation, load_glossary, parse_glossary


@pytest.fixture(scope="module")
def answerer(searcher):
    return Answerer(searcher)


def glossary(*lines: str):
    return parse_glossary(list(lines), "test.tsv")


# -- the glossary and phrase matching (no index needed)


def test_the_bundled_glossary_has_hundreds_of_term_pairs():
    entries = load_glossary().entries
    assert len(entries) >= 500
    assert entries["bonded maintenance"] == ("保税维修",)
    assert all(terms and all(terms) for terms in entries.values())


def test_phrases_match_longest_first():
    g = glossary("trade\t贸易", "single window\t单一窗口", "international trade single window\t国际贸易单一窗口")
    assert [c.terms for c in g.translate("international trade single window").concepts] == [("国际贸易单一窗口",)]
    assert [c.terms for c in g.translate("trade and single window").concepts] == [("贸易",), ("单一窗口",)]


def test_matching_ignores_case_plurals_inflections_and_british_spelling():
    g = glossary("data center\t数据中心", "training base\t培训基地", "encourage\t鼓励", "company\t企业")
    text = g.translate("Encouraging COMPANIES to build Data Centres and training bases").text
    assert text == "鼓励 企业 数据中心 培训基地"


def test_chinese_terms_are_folded_to_simplified_like_the_index():
    assert glossary("bonded supervision\t保稅監管").entries["bonded supervision"] == ("保税监管",)


def test_a_malformed_glossary_line_is_named():
    with pytest.raises(ValueError, match=r"test.tsv:2: expected 'english<TAB>中文\|中文'"):
        glossary("# comment", "bonded maintenance 保税维修")


def test_function_words_and_named_cities_are_not_left_to_look_up():
    translation = glossary("bonded maintenance\t保税维修").translate(
        "How does Yichang's plan support bonded maintenance for my company?", skip=frozenset({"yichang"})
    )
    assert translation.text == "保税维修"
    assert translation.unmatched == ["plan support", "company"]


def test_a_phrase_finds_only_close_corpus_terms():
    terms = ["大型", "城市"]
    term_vectors = np.array([[1.0, 0.0], [0.0, 1.0]], dtype=np.float32)
    phrases = np.array([[0.99, 0.141], [0.6, 0.8]], dtype=np.float32)  # "large": near 大型; "France": near nothing
    concepts = nearest_concepts(["large", "france"], phrases, terms, term_vectors, e5_scale(E5))
    assert [(c.phrase, c.terms, c.source) for c in concepts] == [("large", ("大型",), "nearest")]
    assert e5_scale(E5).cutoff == pytest.approx(0.875)


def test_the_crosslingual_scale_keeps_translations_and_drops_loose_neighbours():
    terms = ["飞机", "出入境"]
    term_vectors = np.array([[1.0, 0.0], [0.0, 1.0]], dtype=np.float32)
    phrases = np.array([[0.84, 0.543], [0.5, 0.67]], dtype=np.float32)  # airplane ~ 飞机 0.84; passport ~ 出入境 0.67
    concepts = nearest_concepts(["airplane", "passport"], phrases, terms, term_vectors, CROSSLINGUAL_SCALE)
    assert [(c.phrase, c.terms) for c in concepts] == [("airplane", ("飞机",))]
    assert concepts[0].weight == pytest.approx(0.7)  # (0.84 - 0.70) / (0.90 - 0.70)


# -- retrieval


def test_a_phrase_the_glossary_lacks_is_rendered_by_the_crosslingual_encoders_nearest_corpus_term(searcher):
    result = searcher.search("airplane repair", top_k=3)
    assert [(c.phrase, c.terms, c.source) for c in result.translation.concepts] == [
        ("repair", ("维修",), "glossary"),
        ("airplane", ("飞机",), "nearest"),
    ]
    assert "飞机" in result.hits[0].clause.text


def test_a_chinese_name_written_in_pinyin_is_searched_as_the_corpus_word_it_spells(searcher):
    result = searcher.search("cooperation with Beijing and Hebei", top_k=3)
    assert ("beijing", ("北京",), "romanised") in [(c.phrase, c.terms, c.source) for c in result.translation.concepts]
    assert result.translation.unrendered == ["hebei"]  # no corpus word spells it
    assert "北京" in result.hits[0].clause.text


def test_only_words_left_unrendered_and_words_of_two_or_more_characters_are_read_as_pinyin():
    romanised = RomanisedTerms(["规定", "北京", "港", "浦东"])
    translation = Translation([Concept("guiding", ("指导",))], ["beijing region", "gang"], ["beijing region", "gang"])
    romanised.render(translation)
    assert [(c.phrase, c.terms, c.source) for c in translation.concepts] == [
        ("guiding", ("指导",), "glossary"),  # rendered as English: never looked up as 规定
        ("beijing", ("北京",), "romanised"),
    ]
    assert translation.unrendered == ["region", "gang"]  # 港 is one character: "gang" is not taken for it


def test_an_english_search_embeds_with_the_crosslingual_encoder_only_and_an_answer_adds_the_rendering(
    searcher, answerer, monkeypatch
):
    """e5 embedding the rendering was most of an English query's time; the answer still measures closeness."""
    embedded: list[str] = []
    encode = searcher.encoder.encode_queries
    monkeypatch.setattr(searcher.encoder, "encode_queries", lambda texts: embedded.extend(texts) or encode(texts))
    result = searcher.search("bonded maintenance", top_k=3)
    assert embedded == [] and result.query_vector is None
    assert "保税维修" in result.hits[0].clause.text
    answerer.answer("How do cities support bonded maintenance?")
    assert embedded == ["支持 保税维修"]


def test_english_dev_queries_reach_their_targets_and_the_hybrid_is_no_worse_than_a_baseline(searcher, eval_dir):
    report = evaluate(searcher, load_queries(eval_dir / "dev_queries_en.jsonl"))
    hybrid, lexical, dense = (report.overall[m] for m in ("hybrid", "lexical", "dense"))
    assert hybrid.hit5 >= 0.92 and hybrid.recall10 >= 0.92 and hybrid.mrr10 >= 0.85
    assert hybrid.mrr10 >= max(lexical.mrr10, dense.mrr10)


def test_held_out_english_queries_judged_from_the_corpus(searcher, eval_dir):
    hybrid = evaluate(searcher, load_queries(eval_dir / "heldout_queries_en.jsonl"), modes=("hybrid",)).overall
    assert hybrid["hybrid"].hit5 >= 0.85 and hybrid["hybrid"].recall10 >= 0.85


def test_bonded_maintenance_is_searched_as_its_chinese_term(searcher):
    result = searcher.search("bonded maintenance")
    assert result.translated_query == "保税维修"
    assert "保税维修" in result.hits[0].clause.text


def test_mixed_and_city_naming_queries(searcher):
    assert "AEO" in searcher.search("AEO 认证").hits[0].clause.text
    top = searcher.search("CMMI certification 大同").hits[0].clause
    assert top.city == "大同" and "认证" in top.text
    assert searcher.search("Shanghai single window").hits[0].clause.city == "上海"


# -- answers


def test_english_dev_questions_meet_their_targets(answerer, eval_dir):
    results = evaluate_questions(answerer, eval_dir / "dev_questions_en.jsonl")
    assert all(r.min_cities_met for r in results if r.expected_cities)
    assert all(r.no_answer_correct for r in results if r.no_answer)


def test_bonded_maintenance_is_answered_from_the_clauses_about_it(answerer):
    answer = answerer.answer("How do cities support bonded maintenance?")
    assert {"宜昌", "重庆"} <= {g.city for g in answer.by_city}
    for group in answer.by_city:
        for point in group.points:
            assert "保税" in point.text or "保稅" in point.text
    assert answer.translated_query == "支持/扶持 保税维修"


@pytest.mark.parametrize(
    "question",
    [
        "How do I bake bread?",
        "What is the capital of France?",
        "How do I renew my driving licence?",
        "Where can I buy a train ticket?",
        "Who won the football world cup?",
        "What support is there for companies?",  # only generic words: 支持, 企业
        "如何烤面包？",
        "法国的首都是哪里？",
    ],
)
def test_off_topic_and_generic_questions_get_no_answer(answerer, question):
    answer = answerer.answer(question)
    assert not answer.answered and answer.by_city == []


def test_ask_shows_how_an_english_question_was_searched(base_args_qa, capsys):
    assert main([*base_args_qa, "ask", "How do I renew my passport?"]) == 0
    out = capsys.readouterr().out
    assert "searched as: no Chinese term for: renew, passport" in out and "no matching provision found" in out
    assert main([*base_args_qa, "ask", "--json", "Which cities support crowdsourcing?"]) == 0
    record = json.loads(capsys.readouterr().out)
    assert record["translated_query"] == "支持/扶持 众包" and record["by_city"]


def test_query_json_carries_the_translated_query(base_args_qa, capsys):
    assert main([*base_args_qa, "query", "--json", "--top-k", "1", "single window", "单一窗口"]) == 0
    english, chinese = (json.loads(line) for line in capsys.readouterr().out.splitlines())
    assert english["translated_query"] == "单一窗口" and chinese["translated_query"] is None


def test_eval_qa_reports_each_file_in_one_run(base_args_qa, eval_dir, capsys):
    files = [str(eval_dir / "dev_questions.jsonl"), str(eval_dir / "dev_questions_en.jsonl")]
    assert main([*base_args_qa, "eval-qa", *files]) == 0
    out = capsys.readouterr().out
    assert [line for line in out.splitlines() if line.startswith("== ")] == [f"== {f}" for f in files]
    assert out.count("min_cities met:") == 2
