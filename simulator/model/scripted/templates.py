"""The scripted model's one template language: {name} or {arithmetic over names}; the rest stays as written."""

from __future__ import annotations

import ast
import operator
import re

_PLACEHOLDER = re.compile(r"\{([^{}]+)\}")

_OPERATORS = {
    ast.Add: operator.add,
    ast.Sub: operator.sub,
    ast.Mult: operator.mul,
    ast.Div: operator.truediv,
    ast.Gt: operator.gt,
    ast.GtE: operator.ge,
    ast.Lt: operator.lt,
    ast.LtE: operator.le,
    ast.Eq: operator.eq,
    ast.NotEq: operator.ne,
}


def evaluate(expression: str, values: dict):
    """Arithmetic and comparisons over the template's values; nothing else (no calls but round)."""

    def walk(node):
        if isinstance(node, ast.Expression):
            return walk(node.body)
        if isinstance(node, ast.Constant) and isinstance(node.value, (int, float)):
            return node.value
        if isinstance(node, ast.Name):
            return values[node.id]
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
            return -walk(node.operand)
        if isinstance(node, ast.BinOp) and type(node.op) in _OPERATORS:
            return _OPERATORS[type(node.op)](walk(node.left), walk(node.right))
        if isinstance(node, ast.Compare) and len(node.ops) == 1 and type(node.ops[0]) in _OPERATORS:
            return _OPERATORS[type(node.ops[0])](walk(node.left), walk(node.comparators[0]))
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "round" and not node.keywords:
            return round(*(walk(arg) for arg in node.args))
        raise ValueError(f"not allowed in a template: {ast.dump(node)}")

    return walk(ast.parse(expression.strip(), mode="eval"))


def fill(template: str, values: dict) -> str:
    """Replace each {name} or {expression}; what cannot be worked out stays as written."""

    def one(found: re.Match) -> str:
        try:
            value = evaluate(found.group(1), values)
        except (KeyError, ValueError, SyntaxError, TypeError, ZeroDivisionError):
            return found.group(0)
        return _number_text(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else str(value)

    return _PLACEHOLDER.sub(one, template)


def _number_text(value: int | float) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return f"{value:.2f}".rstrip("0").rstrip(".") if isinstance(value, float) else str(value)


