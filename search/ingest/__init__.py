"""Ingestion: source files in, cleaned `Document` and `Clause` records out.

folders (the corpus files, recursively) -> load (txt/html/md bytes -> text) -> clean (web-page debris)
-> metadata (city, title, dates) -> validity (effective date, end, trial, plan period, repeals) -> headings + chunking (+ tables, departments) -> `corpus.load_corpus`.
Knows nothing of the index.
"""
