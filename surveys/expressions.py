"""``show_if``: a tiny, safe language over earlier answers.

Parsed by hand — a tokenizer and a recursive-descent parser — and never ``eval``-ed::

    worker-changed == yes
    helped != no and worker-changed in (yes, unsure)
    not (reasons in (money, housing)) or how-many-workers == 3

Grammar::

    expression := or
    or         := and ("or" and)*
    and        := not ("and" not)*
    not        := "not" not | "(" or ")" | comparison
    comparison := NAME ("==" | "!=") value
                | NAME ["not"] "in" "(" value ("," value)* [","] ")"
    value      := WORD | NUMBER | STRING

Meaning (surveys/FORMAT.md): a ``multi`` answer ``q == code`` is true when ``code`` was
one of those chosen; an unanswered question makes ``==`` and ``in`` false and ``!=``
and ``not in`` true; numbers compare as numbers (``"3"`` equals ``3``).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

Value = str | int | float
Operator = Literal["==", "!=", "in", "not in"]

KEYWORDS = frozenset({"and", "or", "not", "in"})
#: Far beyond any real condition; keeps the recursive parser well inside Python's stack.
MAX_NESTING = 50

_WORD = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_-]*\Z")
_NUMBER = re.compile(r"-?\d+(?:\.\d+)?\Z")
_WORD_CHARS = re.compile(r"[A-Za-z0-9_.-]+")


class ExpressionError(ValueError):
    """A ``show_if`` that cannot be parsed; ``column`` counts from 1."""

    def __init__(self, message: str, column: int) -> None:
        super().__init__(f"{message} (column {column})")
        self.message = message
        self.column = column


# --- tokens ---------------------------------------------------------------------------

TokenKind = Literal["word", "number", "string", "op", "end"]


@dataclass(frozen=True)
class _Token:
    kind: TokenKind
    text: str  # the source text (for messages)
    value: Value  # the word, the parsed number or the unquoted string
    column: int


def _tokenize(source: str) -> list[_Token]:
    tokens: list[_Token] = []
    i = 0
    while i < len(source):
        char = source[i]
        column = i + 1
        if char.isspace():
            i += 1
        elif source.startswith(("==", "!="), i):
            tokens.append(_Token("op", source[i : i + 2], source[i : i + 2], column))
            i += 2
        elif char in "(),":
            tokens.append(_Token("op", char, char, column))
            i += 1
        elif char in "'\"":
            end = source.find(char, i + 1)
            if end == -1:
                raise ExpressionError(
                    f"the text starting with {char} has no closing {char}", column
                )
            text = source[i : end + 1]
            tokens.append(_Token("string", text, source[i + 1 : end], column))
            i = end + 1
        elif match := _WORD_CHARS.match(source, i):
            text = match.group()
            tokens.append(_word_token(text, column))
            i = match.end()
        elif char == "=":
            raise ExpressionError("use '==' to compare, not '='", column)
        else:
            raise ExpressionError(f"'{char}' is not allowed here", column)
    tokens.append(_Token("end", "the end", "", len(source) + 1))
    return tokens


def _word_token(text: str, column: int) -> _Token:
    if _NUMBER.match(text):
        number: int | float = float(text) if "." in text else int(text)
        return _Token("number", text, number, column)
    if _WORD.match(text):
        return _Token("word", text, text, column)
    raise ExpressionError(f"'{text}' is neither a name nor a number", column)


# --- the tree -------------------------------------------------------------------------


class Expression:
    """A parsed ``show_if``."""

    def evaluate(self, answers: Mapping[str, object]) -> bool:
        raise NotImplementedError

    def _comparisons(self) -> tuple[Comparison, ...]:
        raise NotImplementedError

    def names(self) -> frozenset[str]:
        """The question ids this expression reads."""
        return frozenset(c.name for c in self._comparisons())

    def comparisons(self) -> tuple[tuple[str, tuple[Value, ...]], ...]:
        """``(question id, literals)`` for each comparison, in source order."""
        return tuple((c.name, c.values) for c in self._comparisons())


@dataclass(frozen=True)
class Comparison(Expression):
    name: str
    operator: Operator
    values: tuple[Value, ...]

    def evaluate(self, answers: Mapping[str, object]) -> bool:
        answer = answers.get(self.name)
        matched = _answered(answer) and any(_matches(answer, value) for value in self.values)
        return matched if self.operator in ("==", "in") else not matched

    def _comparisons(self) -> tuple[Comparison, ...]:
        return (self,)


@dataclass(frozen=True)
class Not(Expression):
    operand: Expression

    def evaluate(self, answers: Mapping[str, object]) -> bool:
        return not self.operand.evaluate(answers)

    def _comparisons(self) -> tuple[Comparison, ...]:
        return self.operand._comparisons()


@dataclass(frozen=True)
class BooleanOperation(Expression):
    operator: Literal["and", "or"]
    operands: tuple[Expression, ...]

    def evaluate(self, answers: Mapping[str, object]) -> bool:
        results = (operand.evaluate(answers) for operand in self.operands)
        return all(results) if self.operator == "and" else any(results)

    def _comparisons(self) -> tuple[Comparison, ...]:
        return tuple(c for operand in self.operands for c in operand._comparisons())


def _answered(answer: object) -> bool:
    return answer is not None and not isinstance(answer, bool)


def _as_number(value: object) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, str) and _NUMBER.match(value.strip()):
        return float(value)
    return None


def _matches(answer: object, value: Value) -> bool:
    """Is ``value`` the answer (or, for a multi answer, one of the chosen codes)?"""
    if isinstance(answer, list | tuple):
        return any(_matches(item, value) for item in answer)
    if isinstance(value, str) and isinstance(answer, str) and answer == value:
        return True
    left, right = _as_number(answer), _as_number(value)
    return left is not None and left == right


# --- the parser -----------------------------------------------------------------------


class _Parser:
    def __init__(self, source: str) -> None:
        self.tokens = _tokenize(source)
        self.position = 0
        self.depth = 0

    @property
    def token(self) -> _Token:
        return self.tokens[self.position]

    def _is(self, kind: TokenKind, text: str | None = None) -> bool:
        token = self.token
        return token.kind == kind and (text is None or token.text == text)

    def _take(self) -> _Token:
        token = self.token
        self.position += 1
        return token

    def _expect_op(self, text: str, what: str) -> None:
        if not self._is("op", text):
            raise ExpressionError(f"expected {what}, found {self._found()}", self.token.column)
        self._take()

    def _found(self) -> str:
        token = self.token
        return "the end" if token.kind == "end" else f"'{token.text}'"

    def parse(self) -> Expression:
        if self._is("end"):
            raise ExpressionError("the condition is empty", 1)
        expression = self._or()
        if not self._is("end"):
            raise ExpressionError(
                f"expected 'and', 'or' or the end, found {self._found()}", self.token.column
            )
        return expression

    def _or(self) -> Expression:
        operands = [self._and()]
        while self._is("word", "or"):
            self._take()
            operands.append(self._and())
        return operands[0] if len(operands) == 1 else BooleanOperation("or", tuple(operands))

    def _and(self) -> Expression:
        operands = [self._not()]
        while self._is("word", "and"):
            self._take()
            operands.append(self._not())
        return operands[0] if len(operands) == 1 else BooleanOperation("and", tuple(operands))

    def _not(self) -> Expression:
        if not (self._is("word", "not") or self._is("op", "(")):
            return self._comparison()
        # each level recurses: thousands of "(" must be an error, not a RecursionError
        self.depth += 1
        try:
            if self.depth > MAX_NESTING:
                raise ExpressionError("the condition is nested too deeply", self.token.column)
            if self._take().text == "not":
                return Not(self._not())
            inner = self._or()
            self._expect_op(")", "')'")
            return inner
        finally:
            self.depth -= 1

    def _comparison(self) -> Expression:
        token = self.token
        if token.kind != "word" or token.text in KEYWORDS:
            raise ExpressionError(f"expected a question id, found {self._found()}", token.column)
        name = self._take().text
        if self._is("op", "==") or self._is("op", "!="):
            operator: Operator = "==" if self._take().text == "==" else "!="
            return Comparison(name, operator, (self._value(),))
        negated = self._is("word", "not")
        if negated:
            self._take()
        if not self._is("word", "in"):
            expected = "'in'" if negated else "'==', '!=', 'in' or 'not in'"
            raise ExpressionError(
                f"expected {expected} after '{name}', found {self._found()}", self.token.column
            )
        self._take()
        return Comparison(name, "not in" if negated else "in", self._values())

    def _values(self) -> tuple[Value, ...]:
        self._expect_op("(", "'(' and a list of values")
        values = [self._value()]
        while self._is("op", ","):
            self._take()
            if self._is("op", ")"):
                break  # a trailing comma is harmless
            values.append(self._value())
        self._expect_op(")", "',' or ')'")
        return tuple(values)

    def _value(self) -> Value:
        token = self.token
        if token.kind in ("number", "string") or (
            token.kind == "word" and token.text not in KEYWORDS
        ):
            return self._take().value
        raise ExpressionError(
            f"expected an option code, a number or quoted text, found {self._found()}",
            token.column,
        )


@lru_cache(maxsize=1024)
def parse(source: str) -> Expression:
    """Parse a ``show_if``; raises :class:`ExpressionError` with the column of the mistake.

    Cached: the engine evaluates the same few expressions for every respondent.
    """
    return _Parser(source).parse()
