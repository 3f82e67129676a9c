"""policy-search: clause-level hybrid search and cited answers over local service-outsourcing policies.

    from search import PolicySearch, Filters, load_settings
    library = PolicySearch(load_settings()).open()          # builds the index on first use
    library.search("保税维修", Filters(cities=["上海"])).hits
    library.answer("各城市如何支持保税维修？").by_city

The tree follows the pipeline: ingest/ -> index/ -> retrieve/ -> answer/ -> present/, with evaluation/
beside it, shared records and settings at the top, and `service.PolicySearch` the one facade over them.
"""

from search.config import Settings, load_settings
from search.records import Filters, Sort
from search.service import PolicySearch

__all__ = ["Filters", "PolicySearch", "Settings", "Sort", "load_settings"]
