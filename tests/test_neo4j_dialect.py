"""Every Neo4j-dialect statement Threadline sends passes Neo4j's own Cypher front end.

No Neo4j server can be installed on these machines, so the statements the Neo4j backend sends (the shared
ones of graph/store/cypher.py, those `cypher.write_article` builds, and the Neo4j-only ones of
graph/store/neo4j.py) go through `lintCypherQuery` of @neo4j-cypher/language-support (Neo4j's parser and
semantic analysis, with the built-in procedure catalogue), in one node process: a syntax error fails.
"""

from __future__ import annotations

import ast
import functools
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from graph.model import Article, Entity, Evidence, Relation, relation_key, stable_id, text_id
from graph.store import cypher, falkordb
from graph.store import neo4j as neo4j_store
from graph.store.base import ArticleGraph
from tests.cypher_lint import node_or_skip, report, run_lint


def _statement_constants(module: ModuleType) -> dict[str, str]:
    """A module's statements: the public upper-case strings it assigns, and its tuples named `*STATEMENTS`.

    Private names (`_RELATION_RETURN`) are fragments, checked inside the statements that use them;
    imported names (the driver's `READ_ACCESS`) are not the module's own.
    """
    prefix = module.__name__.rsplit(".", 1)[-1]
    tree = ast.parse(Path(module.__file__ or "").read_text(encoding="utf-8"))
    assigned = [t.id for node in tree.body if isinstance(node, ast.Assign | ast.AnnAssign)
                for t in (node.targets if isinstance(node, ast.Assign) else [node.target])
                if isinstance(t, ast.Name)]
    found: dict[str, str] = {}
    for name in assigned:
        value = getattr(module, name)
        if name.startswith("_") or not name.isupper() or name.endswith("_LABEL"):  # a label, not a statement
            continue
        if isinstance(value, str):
            found[f"{prefix}.{name}"] = value
        elif name.endswith("STATEMENTS") and isinstance(value, tuple | list):
            found.update({f"{prefix}.{name}[{i}]": v for i, v in enumerate(value) if isinstance(v, str)})
    return found


def _entity(name: str, etype: str, *aliases: str) -> Entity:
    """An entity with the stable id the resolver would give it."""
    return Entity(id=stable_id(etype, name), name=name, type=etype, aliases=aliases)


def _relation(rtype: str, source: Entity, target: Entity, *evidence: Evidence, **attributes: str) -> Relation:
    """One fact between two entities, keyed as the loaders key it."""
    return Relation(key=relation_key(rtype, source.id, target.id), type=rtype, source=source.id,
                    target=target.id, attributes=dict(attributes), evidence=evidence)


def _evidence(article: Article, sentence: str, confidence: float = 0.9, status: str = "stated") -> Evidence:
    """The sentence of `article` that states a fact, with its offsets."""
    start = article.text.find(sentence)
    return Evidence(article_id=article.id, sentence=sentence, start=start, end=start + len(sentence),
                    extractor="spacy-rules", version="0.1.0", confidence=confidence, status=status)


def _article_graphs() -> dict[str, ArticleGraph]:
    """A realistic article (five entity types, five relation types, attributes, two sources for one fact),
    plus the smallest shapes `write_article` builds: an article alone, and entities without relations.

    Its sections repeat one template per type, so more types would only cost lint time (~0.3 s each).
    """
    text = (
        "Thermo Fisher Scientific sold DNA sequencers to the Xinjiang police. "
        "Senator Marco Rubio wrote to Thermo Fisher's chief executive Marc Casper. "
        "Human Rights Watch published a report on the sales. "
        "The US Commerce Department sanctioned the Xinjiang police bureau."
    )
    article = Article(id=text_id(text), title="Sequencers for Xinjiang", text=text,
                      source="data/articles/a.md", outlet="Example Times", published="2019-02-21",
                      ingested_at="2026-11-24T08:00:00+00:00")
    other = Article(id=text_id("earlier"), title="Earlier", text="Thermo Fisher sold DNA sequencers.")
    thermo = _entity("Thermo Fisher Scientific", "Company", "Thermo Fisher")
    police = _entity("Xinjiang Public Security Bureau", "GovernmentBody", "Xinjiang police")
    rubio = _entity("Marco Rubio", "Person", "Senator Marco Rubio", "Rubio")
    casper = _entity("Marc Casper", "Person")
    hrw = _entity("Human Rights Watch", "NGO", "HRW")
    report = _entity("China: Minority Region Collects DNA from Millions", "Report")
    commerce = _entity("US Commerce Department", "GovernmentBody", "Commerce Department")
    sold = "Thermo Fisher Scientific sold DNA sequencers to the Xinjiang police."
    relations = (
        _relation("SUPPLIED_TO", thermo, police, _evidence(article, sold), _evidence(other, other.text, 0.7),
                  product="DNA sequencers"),
        _relation("CONTACTED", rubio, casper,
                  _evidence(article, "Senator Marco Rubio wrote to Thermo Fisher's chief executive")),
        _relation("HAS_ROLE_AT", casper, thermo, _evidence(article, "chief executive Marc Casper", 0.8),
                  role="chief executive"),
        _relation("PUBLISHED", hrw, report, _evidence(article, "Human Rights Watch published a report", 0.6,
                                                       "alleged")),
        _relation("SANCTIONED", commerce, police,
                  _evidence(article, "The US Commerce Department sanctioned the Xinjiang police bureau")),
    )
    entities = (thermo, police, rubio, casper, hrw, report, commerce)
    lone = Article(id=text_id("lone"), title="Nothing found", text="lone")
    return {
        "realistic article": ArticleGraph(article, entities, relations),
        "article without entities": ArticleGraph(lone, (), ()),
        "entities without relations": ArticleGraph(other, (thermo, police), ()),
    }


def _written_statements() -> dict[str, dict[str, Any]]:
    """The statements `write_article` builds, each with the very parameters it is sent with."""
    found = {}
    for label, batch in _article_graphs().items():
        query, params = cypher.write_article(batch)
        found[f"write_article({label})"] = {"query": query, "parameters": params}
    return found


GROUPS: dict[str, dict[str, Any]] = {
    "shared (graph/store/cypher.py)": _statement_constants(cypher),
    "write_article": _written_statements(),
    "neo4j-only (graph/store/neo4j.py)": _statement_constants(neo4j_store),
}
STATEMENTS = {name: item for group in GROUPS.values() for name, item in group.items()}


def _one_of_each_section() -> dict[str, Any]:
    """`write_article` for one relation and its two ends: every piece of its template, at small cost."""
    graph = _article_graphs()["realistic article"]
    relation = graph.relations[0]
    entities = tuple(e for e in graph.entities if e.id in (relation.source, relation.target))
    query, params = cypher.write_article(ArticleGraph(graph.article, entities, (relation,)))
    return {"query": query, "parameters": params}


_SMALL = _one_of_each_section()
# Statements that must be refused: proof that the check can fail at all.
NEGATIVE_CONTROLS: dict[str, Any] = {
    "typo RETRUN": "RETRUN 1",
    "unbalanced parenthesis": "MATCH (n:Entity {id: $id} RETURN n",
    "unbalanced bracket": "MATCH (n:Entity) WHERE n.id IN [1, 2 RETURN n",
    # The embedded store's full-text procedure is not Neo4j's: the check tells the dialects apart.
    "FalkorDB full-text dialect": falkordb.FULLTEXT,
    # The linter swallows a failure of its semantic analysis (and would then pass the statement): it must
    # run to the end of every construct `write_article` uses. Its sections repeat one template per type,
    # so one section of each kind covers them at a fraction of the realistic statement's cost.
    "undefined variable after write_article": {
        "query": _SMALL["query"] + "\nRETURN undefined_variable", "parameters": _SMALL["parameters"],
    },
    # A statement and the parameters it is sent with are checked against each other.
    "parameter not sent": {"query": "MATCH (a:Article {id: $id}) RETURN a", "parameters": {"other": "x"}},
    # Console commands are not Cypher: a driver cannot send them.
    "console command": ":param id => 'x'",
}


@functools.cache
def _lint_batch(node: str) -> dict[str, dict[str, Any]] | str:
    """Lint every statement and negative control in one node process: results by name, or why it failed.

    A failure is returned, not raised, so that it is cached too and node runs once whatever happens.
    """
    results = run_lint(node, [*STATEMENTS.values(), *NEGATIVE_CONTROLS.values()])
    if isinstance(results, str):
        return results
    return dict(zip([*STATEMENTS, *NEGATIVE_CONTROLS], results, strict=True))


def _lint(name: str) -> dict[str, Any]:
    """The linter's verdict on one statement or negative control."""
    results = _lint_batch(node_or_skip())
    if isinstance(results, str):
        pytest.fail(results)
    return results[name]


def _report(name: str, result: dict[str, Any]) -> str:
    """A failure message that names the statement, shows it whole and where Neo4j's front end objects."""
    return f"{name}: Neo4j's Cypher front end reports errors in\n" + report([result], chars=None)


def test_every_group_has_statements() -> None:
    """The collection itself works: an empty group would make the check pass vacuously."""
    assert len(GROUPS["shared (graph/store/cypher.py)"]) >= 15
    assert "cypher.CLEAR" in STATEMENTS and "neo4j.FULLTEXT" in STATEMENTS
    assert sum(name.startswith("neo4j.SCHEMA_STATEMENTS") for name in STATEMENTS) == 4
    # Five entity types and five relation types: one UNWIND of one list parameter for each.
    written = STATEMENTS["write_article(realistic article)"]
    lists = [k for k, v in written["parameters"].items() if isinstance(v, list) and k != "mentions"]
    assert len(lists) == 10 and all(f"${k} " in written["query"] for k in lists)


@pytest.mark.parametrize("name", list(STATEMENTS))
def test_statement_passes_neo4j_front_end(name: str) -> None:
    """No diagnostic of severity Error, in Cypher 5 nor in Cypher 25."""
    result = _lint(name)
    assert result["errors"] == [], _report(name, result)


@pytest.mark.parametrize("name", list(NEGATIVE_CONTROLS))
def test_negative_control_is_refused(name: str) -> None:
    """The check can fail: a typo, unbalanced brackets, FalkorDB's dialect, an undefined variable or
    parameter are errors."""
    result = _lint(name)
    assert result["errors"], f"{name}: expected errors, the linter accepted {result['query']!r}"


def test_lucene_queries_go_from_prefix_to_fuzzy() -> None:
    """Full-text attempts in Lucene syntax: prefix, then one edit, then two for long words; escaped."""
    assert neo4j_store.lucene_queries(["thermo", "fisher", "a"]) == [
        "thermo* AND fisher* AND a", "thermo~1 AND fisher~1 AND a", "thermo~2 AND fisher~2 AND a",
    ]
    assert neo4j_store.lucene_queries(["ab"]) == ["ab*", "ab"]
    assert neo4j_store.lucene_queries(["c++", "x:y"]) == ["c\\+\\+* AND x\\:y*", "c\\+\\+ AND x\\:y"]
    assert neo4j_store.lucene_escape('a+b-c&&d||e!(f){g}[h]^i"j~k*l?m:n\\o/p') == (
        'a\\+b\\-c\\&\\&d\\|\\|e\\!\\(f\\)\\{g\\}\\[h\\]\\^i\\"j\\~k\\*l\\?m\\:n\\\\o\\/p'
    )
