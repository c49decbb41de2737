"""show_if: parsing, meaning (FORMAT.md's truth table), errors with columns, never eval."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from surveys.expressions import ExpressionError, parse

ANSWERS = {
    "worker-changed": "yes",
    "helped": "a_lot",
    "reasons": ["money", "school"],
    "how-many-workers": 3,
    "rating": "7",
    "comment": "it was fine",
    "skipped": None,
}


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("worker-changed == yes", True),
        ("worker-changed == no", False),
        ("worker-changed != no", True),
        ("worker-changed != yes", False),
        ("worker-changed in (no, yes)", True),
        ("worker-changed in (no, unsure)", False),
        ("worker-changed not in (no, unsure)", True),
        ("worker-changed not in (yes)", False),
        # multi: == means "was one of those chosen"
        ("reasons == money", True),
        ("reasons == housing", False),
        ("reasons != housing", True),
        ("reasons != money", False),
        ("reasons in (housing, school)", True),
        ("reasons not in (housing, family)", True),
        ("reasons not in (housing, school)", False),
        # unanswered (missing or None): == and in false, != and not in true
        ("never-asked == yes", False),
        ("never-asked in (yes, no)", False),
        ("never-asked != yes", True),
        ("never-asked not in (yes, no)", True),
        ("skipped == yes", False),
        ("skipped != yes", True),
        # numbers compare as numbers, whether the answer is a number or a numeric code
        ("how-many-workers == 3", True),
        ("how-many-workers == 3.0", True),
        ("how-many-workers != 3", False),
        ("how-many-workers in (1, 2)", False),
        ("rating == 7", True),
        ("rating in (9, 10)", False),
        ("how-many-workers == three", False),
        # quoted text
        ("comment == 'it was fine'", True),
        ('comment == "it was"', False),
        ("worker-changed == 'yes'", True),
        # and / or / not / parentheses, with the usual precedence
        ("worker-changed == yes and helped == a_lot", True),
        ("worker-changed == yes and helped == none", False),
        ("worker-changed == no or helped == a_lot", True),
        ("worker-changed == no or helped == none", False),
        ("not worker-changed == no", True),
        ("not not worker-changed == no", False),
        ("worker-changed == no or helped == a_lot and reasons == money", True),
        ("(worker-changed == no or helped == a_lot) and reasons == housing", False),
        ("not (reasons in (money, housing)) or how-many-workers == 3", True),
        ("not (reasons in (money, housing)) or how-many-workers == 4", False),
    ],
)
def test_truth_table(source: str, expected: bool) -> None:
    assert parse(source).evaluate(ANSWERS) is expected


def test_names_and_comparisons() -> None:
    expression = parse("helped != no and worker-changed in (yes, 'not sure', 2.5)")
    assert expression.names() == frozenset({"helped", "worker-changed"})
    assert expression.comparisons() == (
        ("helped", ("no",)),
        ("worker-changed", ("yes", "not sure", 2.5)),
    )


def test_a_trailing_comma_in_a_list_is_harmless() -> None:
    assert parse("q in (a, b,)").comparisons() == (("q", ("a", "b")),)


def test_parses_are_cached() -> None:
    assert parse("cached-q == yes") is parse("cached-q == yes")


@pytest.mark.parametrize(
    ("source", "message", "column"),
    [
        ("", "the condition is empty", 1),
        ("q = yes", "use '==' to compare, not '='", 3),
        ("q ==", "expected an option code, a number or quoted text, found the end", 5),
        ("q yes", "expected '==', '!=', 'in' or 'not in' after 'q', found 'yes'", 3),
        ("q not yes", "expected 'in' after 'q', found 'yes'", 7),
        ("q in yes", "expected '(' and a list of values, found 'yes'", 6),
        ("q in (a b)", "expected ',' or ')', found 'b'", 9),
        ("(q == a", "expected ')', found the end", 8),
        ("q == a b == c", "expected 'and', 'or' or the end, found 'b'", 8),
        ("q == and", "expected an option code, a number or quoted text, found 'and'", 6),
        ("and == a", "expected a question id, found 'and'", 1),
        ("q == 'open", "the text starting with ' has no closing '", 6),
        ("q == 1.2.3", "'1.2.3' is neither a name nor a number", 6),
        ("q == a; rm -rf", "';' is not allowed here", 7),
        ("q > 3", "'>' is not allowed here", 3),
        ("(" * 60 + "q == a" + ")" * 60, "the condition is nested too deeply", 51),
    ],
)
def test_errors_say_what_and_where(source: str, message: str, column: int) -> None:
    with pytest.raises(ExpressionError) as raised:
        parse(source)
    assert (raised.value.message, raised.value.column) == (message, column)
    assert str(raised.value) == f"{message} (column {column})"


@pytest.mark.parametrize(
    "source",
    [
        "__import__('os').system('ls')",
        "__import__('os')",
        "q == __import__('os')",
        "open('x').read() == a",
        "q == (1).__class__",
        "lambda: 1",
    ],
)
def test_python_is_not_evaluated(source: str) -> None:
    with pytest.raises(ExpressionError):
        parse(source)


@given(st.text(max_size=60))
def test_any_text_parses_or_raises_expression_error(source: str) -> None:
    try:
        expression = parse(source)
    except ExpressionError as error:
        assert 1 <= error.column <= len(source) + 1
    else:
        assert isinstance(expression.evaluate({}), bool)
