"""Lineage: how the library's documents stand to each other, found across the library when the index is built.

Enters: the documents with their citations (`ingest/citations/reading.py`, each with what it does: repeal, partial repeal,
amendment) and their `.meta.json` links. Leaves: `LineageGraph` (`graph.py`): per document what it cites and what
cites it, what it repeals or amends and what repealed or amended it, saved with the index (`lineage.json`); the
citations resolved to documents by number or title (`resolution.py`).
"""
