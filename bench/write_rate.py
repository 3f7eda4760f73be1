"""Write rate of the embedded store: batched UNWIND statements against one statement per relationship."""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from graph.model import Article, Entity, Evidence, Relation, relation_key, stable_id
from graph.store import open_store
from graph.store.base import ArticleGraph
from graph.store.falkordb_server import stop_server

TYPES = ("SUPPLIED_TO", "CONTACTED", "FUNDED", "OWNS")


def synthetic_batches(relationships: int, per_statement: int, entities: int = 20_000) -> list[ArticleGraph]:
    """`relationships` company-to-company facts, `per_statement` of them in each article graph."""
    companies = [Entity(stable_id("Company", str(i)), f"Company {i}", "Company") for i in range(entities)]
    batches = []
    for first in range(0, relationships, per_statement):
        article = Article(id=stable_id("bench", str(first), str(per_statement)), title=f"Bench {first}", text="x")
        chosen: dict[str, Entity] = {}
        relations = []
        for n in range(first, min(first + per_statement, relationships)):
            source, target = companies[n % entities], companies[(n * 7 + 1 + n // entities) % entities]
            rtype = TYPES[n % len(TYPES)] if source.id != target.id else "SUPPLIED_TO"
            chosen[source.id], chosen[target.id] = source, target
            ev = Evidence(article.id, f"Sentence {n}.", 0, 12, "bench", "1", 0.9)
            # n in the key: every row is its own edge, so both paths write exactly `relationships` edges.
            relations.append(Relation(relation_key(rtype, source.id, target.id) + str(n), rtype, source.id,
                                      target.id, {}, (ev,)))
        batches.append(ArticleGraph(article, tuple(chosen.values()), tuple(relations)))
    return batches


def _timed_write(batches: list[ArticleGraph]) -> tuple[float, int]:
    directory = Path(tempfile.mkdtemp(prefix="tl-bench-"))
    store = open_store(str(directory))
    try:
        start = time.perf_counter()
        for batch in batches:
            store.write_article(batch)
        seconds = time.perf_counter() - start
        return seconds, store.stats()["facts"]
    finally:
        store.close()
        stop_server(directory)


def run(relationships: int = 100_000, batch: int = 5_000) -> dict[str, float]:
    """Write the same relationships both ways into fresh embedded stores; rates and their ratio."""
    batched_seconds, batched_written = _timed_write(synthetic_batches(relationships, batch))
    row_seconds, row_written = _timed_write(synthetic_batches(relationships, 1))
    assert batched_written == row_written == relationships, (batched_written, row_written)
    batched_rate, row_rate = relationships / batched_seconds, relationships / row_seconds
    return {
        "relationships": relationships,
        "batched_seconds": batched_seconds,
        "per_row_seconds": row_seconds,
        "batched_per_second": batched_rate,
        "per_row_per_second": row_rate,
        "ratio": batched_rate / row_rate,
    }
