"""Fuzzing the console's parameters: parse_parameters, the CLI's `--param name=value`, and the store's `run` with
any names and values give a result or a clear error, never another exception; a value that comes back comes
back unchanged, and nothing stored is lost."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from cli import app
from graph.console import parse_parameters
from graph.errors import StoreError, ThreadlineError
from tests.fuzz.budget import examples
from tests.fuzz.strategies import dumps, hostile_text, json_values

runner = CliRunner()
names = st.one_of(st.sampled_from(["v", "name", "a b", "a`b", "1x", "ä", "", "v\x00", "$v", "v-1"]),
                  st.text(max_size=8))


@settings(max_examples=examples(100))
@given(text=st.one_of(hostile_text, json_values.map(dumps), st.builds(lambda v: dumps({"v": v}), json_values)))
@example(text="[" * 100_000)
@example(text='{"v": ' + "9" * 5000 + "}")
def test_console_parameters_parse_or_say_why(text: str) -> None:
    try:
        params = parse_parameters(text)
    except ValueError as exc:
        assert str(exc).startswith("parameters ")
    else:
        assert isinstance(params, dict)


def _same(sent: Any, got: Any) -> bool:
    """Whether a value came back as sent (a tuple goes as a list; a float equal to an int may come back as either)."""
    if isinstance(sent, dict):
        return isinstance(got, dict) and sent.keys() == got.keys() and all(_same(sent[k], got[k]) for k in sent)
    if isinstance(sent, list | tuple):
        return isinstance(got, list) and len(sent) == len(got) and all(map(_same, sent, got))
    if isinstance(sent, float) and isinstance(got, float):  # FalkorDB answers doubles with 15 significant digits
        return got == float(f"{sent:.15g}")
    return sent == got and type(sent) is type(got)


@settings(max_examples=examples(80))
@given(name=names, value=json_values)
@example(name="v", value="\ud800")
@example(name="", value=1)
@example(name="v", value=2**63)
@example(name="v", value=float("nan"))
@example(name="v", value="x\x00y")
@example(name="v", value={"": 1})
@example(name="a`b", value=None)
@example(name="v", value=1000000000000001.0)
@example(name="v", value=1.7976931348623151e+308)
def test_run_with_any_parameter_answers_or_refuses_and_loses_nothing(fuzz_store, name: str, value: Any) -> None:
    try:
        result = fuzz_store.run("RETURN $v AS v", {name: value, **({"v": value} if name != "v" else {})})
    except ThreadlineError as exc:
        assert isinstance(exc, StoreError) and str(exc)
    else:
        assert _same(value, result.rows[0][0]), (value, result.rows)
    assert {e.name for e in fuzz_store.get_entities(["e-thermo", "e-police", "e-rubio"])} == {
        "Thermo Fisher Scientific", "Xinjiang police", "Marco Rubio"}


@pytest.mark.parametrize(("params", "reason"), [
    ({"v": "\ud800"}, "query parameter 'v': holds an unpaired surrogate U+D800 at position 0 (not valid Unicode)"),
    ({"a`b": 1}, "query parameter name 'a`b' cannot hold a backtick (`)"),
    ({"v": {"": 1}}, "query parameter 'v': map key '' must be a non-empty string"),
    ({"": 1}, "query parameter name '' must be a non-empty string"),
    ({"v": 2**63}, "query parameter 'v': an integer outside the 64-bit range"),
    ({"v": [1, float("inf")]}, "query parameter 'v': inf is not a finite number"),
    ({"v": {"k": "x\x00"}}, "query parameter 'v': holds a NUL character at position 1"),
])
def test_run_refuses_parameters_the_database_cannot_take_by_name(fuzz_store, params, reason):
    with pytest.raises(StoreError) as refused:
        fuzz_store.run("RETURN $v AS v", params)
    assert str(refused.value) == reason
    assert fuzz_store.run("RETURN $v AS v", {"v": [1, 2.5, "x\\\"y"]}).rows == ((([1, 2.5, 'x\\"y']),),)


@settings(max_examples=examples(30))
@given(params=st.lists(st.builds(lambda n, v: f"{n}={v}", names, st.one_of(hostile_text, json_values.map(dumps))),
                       max_size=3))
@example(params=["noequals"])
@example(params=["v=" + "9" * 5000])
@example(params=["v=" + "[" * 100_000])
@example(params=["=1"])
def test_cli_param_never_ends_in_a_traceback(fuzz_store, params: list[str]) -> None:
    args = ["query", "RETURN 1 AS one", "--store", fuzz_store.location, "--format", "json"]
    for param in params:
        args += ["--param", param]
    result = runner.invoke(app, args)
    assert result.exit_code in (0, 1, 2), result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in result.output
    if result.exit_code == 0:
        assert json.loads(result.output)["rows"] == [[1]]
