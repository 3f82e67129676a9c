"""Ingestion: source files in, cleaned `Document` and `Clause` records out.

folders (the corpus files, recursively) -> load (txt/html/md/pdf/docx bytes -> text; PDF pages repaired)
-> clean (web-page debris, closing block)
-> metadata (city, title, dates) -> validity (effective date, end, trial, plan period)
-> headings + chunking (+ tables, departments) -> citations of other documents (+ repeals: what each citing
phrase does) -> `corpus.load_corpus`; `file_digests` remembers files' sha256 by their stat, so an update reads
only the files that changed.
Knows nothing of the index.
"""
