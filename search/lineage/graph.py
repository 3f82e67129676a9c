"""The lineage graph: per document what it cites and what cites it, what it repeals (whole or in part) or amends
and what repealed or amended it, computed once per build from every document's citations (`ingest/citations/reading.py`)
and its `.meta.json` links, and saved as `lineage.json`.

Links are kept as lists of ids and nothing ever walks them, so a citation cycle (A cites B cites A) is two
entries, and a document naming itself resolves to nothing (`resolution.py` never returns the citing document).
A repeal or amendment found in a text counts only when the acting document is not dated before the one it acts on
(an older text cannot repeal a newer one: that citation resolved to the wrong version); a link a person states in
`.meta.json` counts as stated.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field, replace
from functools import cached_property
from pathlib import Path

from search.ingest.citations.names import title_key
from search.ingest.citations.reading import enclosed_titles
from search.ingest.facts.overrides import stated_target
from search.lineage.resolution import MIN_NEAR_CHARS, Candidate, Resolver, reference_of
from search.records import (
    CitedDocument,
    Document,
    DocumentLineage,
    Doubt,
    Effect,
    LinkedDocument,
    Mention,
    Reference,
    Supersession,
)

FILE = "lineage.json"
# Which lists of DocumentLineage an effect fills: (the acting document's, the one acted on's).
_LISTS = {
    Effect.REPEALS: ("repeals", "repealed_by"),
    Effect.REPEALS_PART: ("repeals_part", "partly_repealed_by"),
    Effect.AMENDS: ("amends", "amended_by"),
}


@dataclass
class LineageGraph:
    """Built from the documents (`build`) or read back (`load`): read back, each document's lineage is made from
    its JSON record when first asked for, so opening a library of 2,800 documents does not build 10,000 records
    that a search of ten hits never reads."""

    documents: list[Document]  # the library's, in corpus order (metadata and citations)
    lineages: dict[str, DocumentLineage]
    articles: dict[tuple[str, str], str] = field(default_factory=dict)  # (repealer, repealed) -> 第五条
    # per document, the document each of its `references` resolved to (None: not in the library)
    resolved: dict[str, list[str | None]] = field(default_factory=dict)
    # (document, list, id) already listed while building: a national document cited by 28,000 others is not
    # looked for in its own `cited_by` 28,000 times
    _listed: set[tuple[str, str, str]] = field(default_factory=set, repr=False, compare=False)
    _records: dict[str, dict] = field(default_factory=dict, repr=False, compare=False)  # read, not yet made

    @classmethod
    def build(cls, documents: list[Document]) -> LineageGraph:
        graph = cls(documents, {d.doc_id: DocumentLineage() for d in documents})
        resolver = graph.resolver
        candidates = {c.id: c for c in resolver.candidates}
        for document in documents:
            citing = candidates[document.doc_id]
            targets = graph.resolved[document.doc_id] = []
            for reference in [*document.references, *_stated_repeals(document)]:
                target = resolver.resolve(reference, citing)
                targets.append(target.id if target else None)
                if reference.doubt:
                    mention = Mention(reference.title, reference.number, target.id if target else None, reference.doubt)
                    graph._mention(document.doc_id, mention)
                    continue
                if target is not None and reference.effect and not _not_older(citing, target):
                    reference = replace(reference, effect=None, articles=None)  # no act on a later document
                graph._cite(document.doc_id, reference, target.id if target else None)
                if target is not None and reference.effect:
                    graph._link(reference.effect, document.doc_id, target.id, reference.articles)
            graph._stated_links(document)
        return graph

    def of(self, doc_id: str) -> DocumentLineage:
        lineage = self.lineages.get(doc_id)
        if lineage is None and doc_id in self._records:
            fields = dict(self._records.pop(doc_id))
            cites = [_cited(*row) for row in fields.pop("cites")]
            mentions = [
                Mention(title, number, id_, Doubt(doubt)) for title, number, id_, doubt in fields.pop("mentions")
            ]
            lineage = self.lineages[doc_id] = DocumentLineage(cites=cites, mentions=mentions, **fields)
        return lineage or DocumentLineage()

    def __len__(self) -> int:
        """How many documents it holds a lineage for (made or not)."""
        return len(self.lineages) + len(self._records)

    def links(self, doc_id: str) -> dict[str, list[tuple[int, int, str]]]:
        """Per clause of the document, its citations that name a document of the library: (start, end, id)."""
        document = self._by_id[doc_id]
        found: dict[str, list[tuple[int, int, str]]] = {}
        for reference, target in zip(document.references, self.resolved.get(doc_id, []), strict=False):
            if target is not None and reference.clause_id and reference.start >= 0 and not reference.doubt:
                found.setdefault(reference.clause_id, []).append((reference.start, reference.end, target))
        return found

    def supersession(self, doc_id: str) -> Supersession:
        """What later documents did to this one, each named with its title and number, for its validity."""
        lineage = self.of(doc_id)
        return Supersession(
            repealed_by=tuple(self._linked(i) for i in lineage.repealed_by),
            partly_repealed_by=tuple(
                self._linked(i, self.articles.get((i, doc_id))) for i in lineage.partly_repealed_by
            ),
            amended_by=tuple(self._linked(i) for i in lineage.amended_by),
        )

    def citing(self, text: str) -> list[str]:
        """The documents that cite what `text` names (a 发文字号 in any brackets, or a title): when it names a
        document of the library, every document citing that one (by whatever title, number or near title they
        used); otherwise every document whose citations give its number or its title (exactly or nearly).
        Corpus order."""
        reference = reference_of(text)
        held = self.resolver.matches(reference)
        if held:
            found = {c for target in held for c in self.of(target.id).cited_by}
        else:
            found = self._citing_as_written(reference)
        return [d.doc_id for d in self.documents if d.doc_id in found]

    def _citing_as_written(self, reference: Reference) -> set[str]:
        found = set(self._by_cited_number.get(reference.number, ())) if reference.number else set()
        if reference.title:
            key = title_key(reference.title)
            found |= self._by_cited_key.get(key, set())
            if len(key) >= MIN_NEAR_CHARS:
                for near_key in self.resolver.near_keys(key, self._cited_keys):
                    found |= self._by_cited_key[near_key]
        return found

    @cached_property
    def resolver(self) -> Resolver:
        return Resolver(self.documents)

    def save(self, folder: Path) -> None:
        record = {
            "lineages": {doc_id: _lineage_record(self.of(doc_id)) for doc_id in [*self.lineages, *self._records]},
            "articles": [[repealer, repealed, articles] for (repealer, repealed), articles in self.articles.items()],
            "resolved": self.resolved,
        }
        (folder / FILE).write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")

    @classmethod
    def load(cls, folder: Path, documents: list[Document]) -> LineageGraph:
        record = json.loads((folder / FILE).read_text(encoding="utf-8"))
        articles = {(repealer, repealed): text for repealer, repealed, text in record["articles"]}
        return cls(documents, {}, articles, record["resolved"], _records=record["lineages"])

    def verify(self, documents: int) -> None:
        if len(self) != documents:
            raise ValueError(f"{FILE} holds {len(self)} documents' lineages, documents.json {documents}")

    # -- building

    def _cite(self, citing: str, reference: Reference, target: str | None) -> None:
        """One citation: listed once per document cited (its title and number as first given, each filled in
        from a later citation of the same document that gives it), and the cited document learns who cites it."""
        cites = self.lineages[citing].cites
        same = next((n for n, c in enumerate(cites) if _same_document(c, reference, target)), None)
        if same is None:
            cites.append(CitedDocument(reference.title, reference.number, target, reference.effect))
        else:
            known = cites[same]
            cites[same] = CitedDocument(
                known.title or reference.title,
                known.number or reference.number,
                target,
                known.effect or reference.effect,
            )
        if target is not None:
            self._add(target, "cited_by", citing)

    def _mention(self, citing: str, mention: Mention) -> None:
        """A name the text leaves in doubt: listed once, with why, and linked to nothing."""
        mentions = self.lineages[citing].mentions
        if mention not in mentions:
            mentions.append(mention)

    def _stated_links(self, document: Document) -> None:
        """`repealed_by` and `amended_by` of its `.meta.json` (checked when it was read: each names a document)."""
        meta = document.meta
        for effect, stated in ((Effect.REPEALS, meta.repealed_by), (Effect.AMENDS, meta.amended_by)):
            target = stated_target(stated, self.documents) if stated else None
            if target is not None and target != document.doc_id:
                self._link(effect, target, document.doc_id, None)

    def _link(self, effect: Effect, actor: str, acted_on: str, articles: str | None) -> None:
        acting_list, acted_list = _LISTS[effect]
        self._add(actor, acting_list, acted_on)
        self._add(acted_on, acted_list, actor)
        if articles:
            self.articles[(actor, acted_on)] = articles

    def _add(self, owner: str, name: str, item: str) -> None:
        """`item` at the end of `owner`'s list `name`, once."""
        if (owner, name, item) not in self._listed:
            self._listed.add((owner, name, item))
            getattr(self.lineages[owner], name).append(item)

    # -- reading

    def _linked(self, doc_id: str, articles: str | None = None) -> LinkedDocument:
        document = self._by_id[doc_id]
        return LinkedDocument(doc_id, document.display_title, document.meta.doc_number, articles)

    @cached_property
    def _by_id(self) -> dict[str, Document]:
        return {d.doc_id: d for d in self.documents}

    @cached_property
    def _by_cited_number(self) -> dict[str, set[str]]:
        found: dict[str, set[str]] = {}
        for document, reference in self._all_references():
            if reference.number:
                found.setdefault(reference.number, set()).add(document)
        return found

    @cached_property
    def _by_cited_key(self) -> dict[str, set[str]]:
        found: dict[str, set[str]] = {}
        for document, reference in self._all_references():
            if reference.title:
                found.setdefault(title_key(reference.title), set()).add(document)
        return found

    @cached_property
    def _cited_keys(self) -> list[str]:
        return list(self._by_cited_key)

    def _all_references(self) -> Iterable[tuple[str, Reference]]:
        """Every citation of the library, the mentions left in doubt aside."""
        for document in self.documents:
            for reference in document.references:
                if not reference.doubt:
                    yield document.doc_id, reference


def _lineage_record(lineage: DocumentLineage) -> dict:
    """A lineage as lineage.json holds it: each cited document as a row [title, number, id, effect]."""
    record = asdict(lineage)
    record["cites"] = [[c.title, c.number, c.id, c.effect] for c in lineage.cites]
    record["mentions"] = [[m.title, m.number, m.id, m.doubt] for m in lineage.mentions]
    return record


def _cited(title: str | None, number: str | None, id_: str | None, effect: str | None = None) -> CitedDocument:
    """A cited document from its lineage.json row; a row of an index built before rows held the effect has none."""
    return CitedDocument(title, number, id_, Effect(effect) if effect else None)


def _stated_repeals(document: Document) -> list[Reference]:
    """The `repeals` a `.meta.json` states (titles or numbers), as citations that repeal."""
    return [replace(reference_of(name), effect=Effect.REPEALS) for name in document.meta.repeals]


def _same_document(cited: CitedDocument, reference: Reference, target: str | None) -> bool:
    if target is not None:
        return cited.id == target
    if cited.id is not None:
        return False
    same_number = reference.number is not None and cited.number == reference.number
    return same_number or bool(_document_keys(cited.title) & _document_keys(reference.title))


def _document_keys(title: str | None) -> set[str]:
    """The keys a cited title names its document by: its own, and the titles its issuing notice encloses."""
    return {title_key(t) for t in (title, *enclosed_titles(title or "")) if t}


def _not_older(acting: Candidate, acted_on: Candidate) -> bool:
    """Whether the acting document may act on the other by date: not dated before it (unknown dates allow it)."""
    return acting.date is None or acted_on.date is None or acting.date >= acted_on.date
