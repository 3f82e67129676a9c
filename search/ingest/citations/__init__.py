"""Citations: a document's clauses and facts in, the other documents it names out (`Reference`).

names (《titles》, 简称, 发文字号 in every bracket style) -> effects (what each citing sentence does: repeals,
amends) -> reading (the citations of the document itself left out) -> doubts (a citation the text leaves in doubt
kept as a mention, with why).
"""
