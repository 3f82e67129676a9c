"""Draft check: a drafter's new policy read against the whole library, clause by clause.

In: the draft's bytes (a file: txt, html, md, pdf, docx) or pasted text, and the library's index. Out: a
`DraftReport` (`report.py`): per draft clause its closest precedents, a label (copied / adapted / novel) and,
for copied and adapted clauses, the aligned passages; and a summary. The draft is never added to the library.

    reading (the upload checks and chunking) → precedents (lexical, dense and cross-lingual legs over the index)
    → labelling (closeness measures, thresholds in Settings) → alignment (local, over characters) → report
"""
