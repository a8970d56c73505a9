"""A small evaluator for the APL data-binding expressions the documents use.

Enough of APL's expression language to run the documents' own bindings in tests:
numbers, 'strings', names with dotted lookups, ``Math.min/max/ceil/floor/round``,
arithmetic, comparisons, ``&&``, ``||``, ``!`` and ``a ? b : c``. Anything else is an
error, so a binding the tests cannot read fails loudly rather than passing.
"""

from __future__ import annotations

import math
import re
from typing import Any

_TOKENS = re.compile(
    r"\s*(?:(\d+(?:\.\d+)?)|'([^']*)'|([A-Za-z_][\w.]*)|(==|!=|<=|>=|&&|\|\||[-+*/%<>!?:(),]))"
)
_MATH = {
    "Math.min": min,
    "Math.max": max,
    "Math.ceil": math.ceil,
    "Math.floor": math.floor,
    "Math.round": round,
    "Math.abs": abs,
}
_BINARY = [("||",), ("&&",), ("==", "!="), ("<", "<=", ">", ">="), ("+", "-"), ("*", "/", "%")]


def evaluate_binding(text: str, context: dict[str, Any]) -> Any:
    """The value of a property that is exactly one ``${...}`` binding."""
    found = re.fullmatch(r"\$\{(.*)\}", text.strip(), re.S)
    if not found:
        raise ValueError(f"not a single binding: {text!r}")
    return evaluate(found.group(1), context)


def evaluate(expression: str, context: dict[str, Any]) -> Any:
    tokens = _tokenise(expression)
    value, rest = _ternary(tokens, context)
    if rest:
        raise ValueError(f"unread tokens {rest} in {expression!r}")
    return value


def _tokenise(expression: str) -> list[tuple[str, Any]]:
    tokens, position = [], 0
    expression = expression.rstrip()
    while position < len(expression):
        match = _TOKENS.match(expression, position)
        if not match:
            raise ValueError(f"cannot read {expression[position:]!r}")
        number, string, name, operator = match.groups()
        if number is not None:
            tokens.append(("num", float(number)))
        elif string is not None:
            tokens.append(("str", string))
        elif name is not None:
            tokens.append(("name", name))
        else:
            tokens.append(("op", operator))
        position = match.end()
    return tokens


def _ternary(tokens: list[tuple[str, Any]], context: dict[str, Any]) -> tuple[Any, list[tuple[str, Any]]]:
    condition, rest = _binary(tokens, context, 0)
    if rest and rest[0] == ("op", "?"):
        when_true, rest = _ternary(rest[1:], context)
        if not rest or rest[0] != ("op", ":"):
            raise ValueError("a ? without its :")
        when_false, rest = _ternary(rest[1:], context)
        return (when_true if condition else when_false), rest
    return condition, rest


def _binary(
    tokens: list[tuple[str, Any]], context: dict[str, Any], level: int
) -> tuple[Any, list[tuple[str, Any]]]:
    if level == len(_BINARY):
        return _unary(tokens, context)
    left, rest = _binary(tokens, context, level + 1)
    while rest and rest[0][0] == "op" and rest[0][1] in _BINARY[level]:
        operator = rest[0][1]
        right, rest = _binary(rest[1:], context, level + 1)
        left = _apply(operator, left, right)
    return left, rest


def _apply(operator: str, left: Any, right: Any) -> Any:
    if operator == "+" and (isinstance(left, str) or isinstance(right, str)):
        return f"{_text(left)}{_text(right)}"
    operations = {
        "||": lambda: left or right,
        "&&": lambda: left and right,
        "==": lambda: left == right,
        "!=": lambda: left != right,
        "<": lambda: left < right,
        "<=": lambda: left <= right,
        ">": lambda: left > right,
        ">=": lambda: left >= right,
        "+": lambda: left + right,
        "-": lambda: left - right,
        "*": lambda: left * right,
        "/": lambda: left / right,
        "%": lambda: left % right,
    }
    return operations[operator]()


def _text(value: Any) -> str:
    return str(int(value)) if isinstance(value, float) and value.is_integer() else str(value)


def _unary(tokens: list[tuple[str, Any]], context: dict[str, Any]) -> tuple[Any, list[tuple[str, Any]]]:
    if not tokens:
        raise ValueError("an expression ends too soon")
    kind, value = tokens[0]
    rest = tokens[1:]
    if (kind, value) == ("op", "!"):
        operand, rest = _unary(rest, context)
        return not operand, rest
    if (kind, value) == ("op", "-"):
        operand, rest = _unary(rest, context)
        return -operand, rest
    if (kind, value) == ("op", "("):
        inner, rest = _ternary(rest, context)
        if not rest or rest[0] != ("op", ")"):
            raise ValueError("a ( without its )")
        return inner, rest[1:]
    if kind in ("num", "str"):
        return value, rest
    if kind == "name":
        if rest and rest[0] == ("op", "("):
            if value not in _MATH:
                raise ValueError(f"unknown function {value}")
            arguments, rest = _arguments(rest[1:], context)
            return _MATH[value](*arguments), rest
        return _lookup(value, context), rest
    raise ValueError(f"unexpected {value!r}")


def _arguments(
    tokens: list[tuple[str, Any]], context: dict[str, Any]
) -> tuple[list[Any], list[tuple[str, Any]]]:
    arguments: list[Any] = []
    rest = tokens
    while True:
        value, rest = _ternary(rest, context)
        arguments.append(value)
        if rest and rest[0] == ("op", ","):
            rest = rest[1:]
            continue
        if rest and rest[0] == ("op", ")"):
            return arguments, rest[1:]
        raise ValueError("a function call without its )")


def _lookup(name: str, context: dict[str, Any]) -> Any:
    head, *path = name.split(".")
    if head not in context:
        raise ValueError(f"{head} is not in the binding context")
    value = context[head]
    for key in path:
        value = value[key]
    return value
