"""Ingestion: source files in, cleaned `Document` and `Clause` records out.

files/ (corpus file -> text) -> cleaning (web-page debris, closing block; `page_fields` reads a page's metadata
block) -> facts/ (title, issuer, number, dates, place, validity, overrides) -> chunking/ (clauses along the
document's hierarchy) -> citations/ (the other documents each clause names, and what it does to them) ->
`corpus.load_corpus`. `uploads` and `upload_journal` add a visitor's file through the same path.
`headings`, `dates` and `doc_types` are the vocabulary these stages share.
Knows nothing of the index.
"""
