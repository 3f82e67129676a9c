"""Retrieval: a query and `Filters` in, ranked `Hit`s out.

query (normalise, tokenise, named cities) -> lexical and dense legs -> fusion -> city boost,
filters, near-duplicate collapse -> highlight spans.
"""
