"""policy-search: clause-level hybrid search and cited answers over local service-outsourcing policies.

    from search import PolicySearch, Filters, load_settings
    library = PolicySearch.open(load_settings())          # builds the index on first use
    library.search("保税维修", Filters(cities=["上海"])).hits
    library.answer("各城市如何支持保税维修？").by_city

The tree follows the pipeline: ingest/ -> index/ -> retrieve/ -> answer/ -> present/, with evaluation/
beside it, shared records and settings at the top, and `service.PolicySearch` the one facade over them.
"""

import os

# OpenMP threads (faiss's, the encoder's) spin between parallel regions by default. On 2 shared cores that cost
# about 80 ms of CPU per search against 14 ms when they sleep instead. Set here, before any stage loads them,
# so every face (app, CLI, notebook) gets it; an explicit setting in the environment wins.
os.environ.setdefault("OMP_WAIT_POLICY", "passive")

from search.config import Settings, load_settings  # noqa: E402
from search.records import Filters  # noqa: E402
from search.service import PolicySearch  # noqa: E402

__all__ = ["Filters", "PolicySearch", "Settings", "load_settings"]
