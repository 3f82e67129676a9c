"""Chunking: a cleaned text and its facts in, its clauses out (`Clause`).

clauses (split along the document's own hierarchy: 一、 / （一） / 1. / （1） / 第X条, using the heading patterns of
`ingest/headings.py`) with inline_headings (headings run into one line on a flattened page), tables (a table's rows
as clauses) and departments (the bodies a clause charges).
"""
