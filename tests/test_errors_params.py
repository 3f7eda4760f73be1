"""Which `$parameters` a Cypher text uses: the check that names a missing one before the query runs."""

from __future__ import annotations

import pytest

from graph.cypher_params import require_parameters, used_parameters
from graph.errors import MissingParameter


def test_parameters_in_order_of_first_use():
    assert used_parameters("MATCH (n {id: $id}) WHERE n.x > $min AND n.id <> $id RETURN n LIMIT $0") == [
        "id", "min", "0"]


def test_strings_comments_and_quoted_names_hold_no_parameters():
    text = ("MATCH (n) WHERE n.name = '$price' OR n.note = \"it's $5\" // $comment\n"
            "/* $block */ RETURN n.`$odd` AS `$alias`, $`quoted name` AS q, $real")
    assert used_parameters(text) == ["quoted name", "real"]


def test_escaped_quotes_do_not_end_a_string():
    assert used_parameters(r"RETURN 'a \' $inside' AS s, $outside") == ["outside"]


def test_require_names_every_missing_parameter_and_accepts_a_full_set():
    with pytest.raises(MissingParameter) as raised:
        require_parameters("MATCH (a {id: $a}), (b {id: $b}) RETURN $c", {"b": 1})
    assert str(raised.value) == "the query uses $a, $c but no value was given for them"
    assert raised.value.errors == {"a": "no value given", "c": "no value given"}
    require_parameters("MATCH (a {id: $a}) RETURN a", {"a": "x"})  # nothing missing: no error
