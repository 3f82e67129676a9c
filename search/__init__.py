"""policy-search: clause-level hybrid search and cited answers over local service-outsourcing policies.

from search import load_settings, open_searcher, Answerer, Filters
searcher = open_searcher(load_settings())          # builds the index on first use
searcher.search("保税维修", Filters(cities=["上海"])).hits
Answerer(searcher).answer("各城市如何支持保税维修？").by_city
"""

from .answering import Answerer
from .config import Settings, load_settings
from .engine import open_searcher
from .retrieval import Filters, Searcher

__all__ = ["Answerer", "Filters", "Searcher", "Settings", "load_settings", "open_searcher"]
