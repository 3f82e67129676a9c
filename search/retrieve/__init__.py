"""Retrieval: a query and `Filters` in, ranked `Hit`s out.

query (normalise, tokenise, named cities) -> copies (one leader per group within the filters) -> lexical and
dense legs -> fusion -> city boost, near-duplicate collapse -> highlight spans, and where else each hit appears.
"""
