"""The facade before its index is opened: what it can do without one, and the message when a search needs one."""

import pytest

from search.config import load_settings
from search.errors import PolicySearchError
from search.service import PolicySearch


def test_searching_a_library_that_was_not_opened_says_to_open_it(tmp_path):
    library = PolicySearch(load_settings(corpus_dir=tmp_path / "corpus", index_dir=tmp_path / "index"))
    with pytest.raises(PolicySearchError, match="not open"):
        library.search("保税维修")
