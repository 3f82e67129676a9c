"""Retrieval: a query and `Filters` in, ranked `Hit`s out.

query (normalise, tokenise, named cities) -> for an English query, translation (glossary phrases) and
term_neighbours (nearest corpus terms for the rest) -> copies (one leader per group within the filters) -> lexical
and dense legs -> fusion (weights per language) -> city boost, near-duplicate collapse -> highlight spans, and where
else each hit appears.
"""
