"""Files: a corpus file in, its text out.

folders (the corpus files, recursively, and what a folder's name hints) -> limits (size and shape checked before
parsing) -> formats (told by content) -> loading (txt/html/md by decoding; pdf with its pages repaired; docx with
its list numbering) -> text. `file_digests` remembers files' sha256 by their stat, so an update reads only the
files that changed.
"""
