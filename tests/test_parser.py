"""Parsing: Excel's precedence, literals, references, and text round trips."""

from __future__ import annotations

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from sheetgd.engine.errors import FormulaError
from sheetgd.engine.nodes import (
    ArrayLit, Binary, Call, Missing, NameNode, Number, Paren, Percent, RefNode, Text, Unary,
    render,
)
from sheetgd.engine.parser import parse
from sheetgd.engine.refs import MAX_COL, MAX_ROW, Coord, Ref

from .conftest import calc


@pytest.mark.parametrize("formula,expected", [
    ("=-2^2", 4.0),  # unary minus binds tighter than ^
    ("=2^3^2", 64.0),  # ^ is left-associative
    ("=-2^3", -8.0),
    ("=0-2^2", -4.0),
    ("=2*3^2", 18.0),
    ("=2+3*4", 14.0),
    ("=(2+3)*4", 20.0),
    ("=10-4-3", 3.0),
    ("=16/4/2", 2.0),
    ("=50%", 0.5),
    ("=2^50%", 2 ** 0.5),  # % binds tighter than ^
    ("=-50%", -0.5),
    ("=1+2&3", "33"),  # & is below + -
    ("=1&2=\"12\"", True),  # comparison is the lowest
    ("=1+1=2", True),
    ("=2<10", True),
    ("=\"2\"<\"10\"", False),  # text compares as text
    ("=1<\"a\"", True),  # numbers < text < booleans
    ("=\"z\"<TRUE", True),
    ("=\"abc\"=\"ABC\"", True),  # case-insensitive
    ("=1e-4", 1e-4),
    ("=1.5E+3", 1500.0),
    ("=\"say \"\"hi\"\"\"", 'say "hi"'),
    ("=--\"3\"", 3.0),
    ("=+\"a\"", "a"),
    ("=TRUE+TRUE", 2.0),
    ("=\"3\"+1", 4.0),
    ("=2<>3", True),
    ("=3>=3", True),
    ("=3<=2", False),
])
def test_precedence_and_literals(formula, expected):
    got = calc(formula)
    assert type(got) is type(expected)
    assert got == expected


def test_references_are_relative_so_filled_down_formulas_share_one_ast():
    assert parse("=C4+D4*A4", 4, 5) == parse("=C5+D5*A5", 5, 5)
    assert parse("=$C$1+B5*$C$2", 5, 3) == parse("=$C$1+B33*$C$2", 33, 3)
    assert parse("=C4+D4*A4", 4, 5) != parse("=C4+D4*A4", 5, 5)


def test_ast_shapes():
    node = parse("=-A1%+SUM(B1:C2,,data!B5)")
    assert isinstance(node, Binary) and node.op == "+"
    assert isinstance(node.left, Percent) and isinstance(node.left.operand, Unary)
    call = node.right
    assert isinstance(call, Call) and call.name == "SUM"
    assert isinstance(call.args[1], Missing)
    assert call.args[2] == RefNode(Ref("data", Coord(4, 1, False, False)))
    assert parse("=_xlfn.STDEV.P(A1)").name == "STDEV.P"
    assert parse("={1,-2;\"a\",TRUE}") == ArrayLit(
        ((Number(1.0, "1"), Number(-2.0, "-2")), (Text("a"), parse("=TRUE"))))
    assert parse("='my sheet'!A1").ref.sheet == "my sheet"
    assert parse("=basic!rmse") == NameNode("rmse", "basic")
    assert parse("=lr") == NameNode("lr")


def test_range_operator_with_a_function_is_split_from_openpyxl_token():
    # openpyxl's tokenizer returns 'A1:INDEX(' as one token
    node = parse("=SUM(A1:INDEX(A1:A5,3))")
    assert isinstance(node.args[0], Binary) and node.args[0].op == ":"
    assert calc("=SUM(A1:INDEX(A1:A5,3))", {"A1": 1, "A2": 2, "A3": 3, "A4": 4}) == 6.0


@pytest.mark.parametrize("bad", [
    "=(1+2", "=1+2)", "=1+", "=*2", "=SUM(1,2", "={1,2;3}", "=1 2", "=#FOO!", "=1..2",
])
def test_malformed_formulas_raise_with_the_text(bad):
    with pytest.raises(FormulaError) as info:
        parse(bad)
    assert bad.lstrip("=")[:3] in str(info.value)


def test_reference_beyond_the_grid_is_not_a_reference():
    assert isinstance(parse("=XFD1048576"), RefNode)
    assert not isinstance(parse("=XFE1"), RefNode)  # beyond the grid: a name
    node = parse("=A1048577")
    assert not isinstance(node, RefNode)


def test_render_moves_relative_references_and_keeps_absolute_ones():
    node = parse("=(((C4+0.01)+A4*D4)-B4)^2", 4, 7)
    assert render(node, 4, 7) == "(((C4+0.01)+A4*D4)-B4)^2"
    assert render(node, 32, 7) == "(((C32+0.01)+A32*D32)-B32)^2"
    node = parse("=J3*$J$1+$K$1*F4", 4, 10)
    assert render(node, 5, 10) == "J4*$J$1+$K$1*F5"
    assert render(parse("=A$1+$A1", 2, 2), 3, 4) == "C$1+$A2"
    assert render(parse("=A1", 2, 1), 1, 1) == "#REF!"  # moved off the grid
    assert render(parse("=_xlfn.VAR.P(A1:A3)"), 1, 1, {"VAR.P": "_xlfn."}) == "_xlfn.VAR.P(A1:A3)"


# --- property tests: text -> AST -> text for any host cell --------------------

def _refs():
    def build(sheet, row, col, row_abs, col_abs):
        return Ref(sheet, Coord.at(row, col, row_abs, col_abs, 25, 25))

    return st.builds(
        build, st.sampled_from([None, "data", "my sheet", "it's"]),
        st.one_of(st.integers(1, 60), st.integers(1, MAX_ROW)),
        st.one_of(st.integers(1, 60), st.integers(1, MAX_COL)), st.booleans(), st.booleans())


_leaves = st.one_of(
    st.builds(lambda x: Number(float(x), str(x)), st.integers(0, 10 ** 6)),
    st.builds(lambda x: Number(x, repr(x)), st.floats(0, 1e300, allow_nan=False, allow_infinity=False)),
    st.builds(Text, st.text(alphabet="ab \"'!&", max_size=6)),
    st.sampled_from([parse("=TRUE"), parse("=FALSE"), parse("=#N/A"), parse("=#DIV/0!")]),
    st.builds(RefNode, _refs()),
    st.builds(NameNode, st.sampled_from(["lr", "rmse", "const", "_x.y"])),
)


def _grow(children):
    return st.one_of(
        st.builds(Binary, st.sampled_from(["+", "-", "*", "/", "^", "&", "=", "<>", "<", ">=", "<=", ">"]),
                  children, children).map(_parenthesize),
        st.builds(Unary, st.sampled_from(["-", "+"]), children.map(_wrap_for_prefix)),
        st.builds(Percent, children.map(_wrap_for_postfix)),
        st.builds(Paren, children),
        st.builds(Call, st.sampled_from(["SUM", "IF", "MATCH", "ROUND", "FOO.BAR"]),
                  st.lists(st.one_of(children, st.just(Missing())), min_size=0, max_size=3)
                  .map(lambda args: tuple(args) if args != [Missing()] else ())),
    )


def _paren(n):
    return n if isinstance(n, (Number, Text, RefNode, NameNode, Call, Paren)) or not hasattr(n, "__class__") else Paren(n)


def _parenthesize(b: Binary) -> Binary:
    # Keep the tree unambiguous: operands that are operators get parentheses.
    return Binary(b.op, _paren(b.left), _paren(b.right))


def _wrap_for_prefix(n):
    return _paren(n)


def _wrap_for_postfix(n):
    return _paren(n)


_formulas = st.recursive(_leaves, _grow, max_leaves=12)


@settings(max_examples=400, deadline=None)
@given(_formulas, st.integers(1, 50), st.integers(1, 50))
def test_formula_text_round_trips_through_the_ast_for_any_host(node, row, col):
    text = "=" + render(node, row, col)
    assume("#REF!" not in text)  # a relative reference moved off the grid
    reparsed = parse(text, row, col)
    assert reparsed == _normalised(node)
    assert "=" + render(reparsed, row, col) == text


def _normalised(node):
    """Numbers are compared by value: '1e+300' and '1E+300' are one number."""
    if isinstance(node, Number):
        return Number(node.value, node.text)
    return node


@settings(max_examples=300, deadline=None)
@given(_formulas, st.integers(1, 50), st.integers(1, 50), st.integers(1, 50), st.integers(1, 50))
def test_the_relative_form_cache_gives_the_fresh_parse(node, row, col, row2, col2):
    """A formula reused through its relative form parses exactly as a fresh one."""
    from sheetgd.engine.parser import _parse_cached

    for r, c in ((row, col), (row2, col2)):
        text = "=" + render(node, r, c)
        assume("#REF!" not in text)
        try:
            fresh = _parse_cached(text, r, c)
        except FormulaError:
            continue
        assert parse(text, r, c) == fresh


def test_relative_form_examples():
    from sheetgd.engine.parser import relative_form

    assert relative_form("=C5+D5*A5", 5, 5) == relative_form("=C4+D4*A4", 4, 5)
    assert relative_form("=$C$1+B5", 5, 3) != relative_form("=$C$2+B5", 5, 3)
    assert relative_form('="A1"&LOG10(A1)&prev_grad2', 1, 1).startswith('="A1"&LOG10(')
    assert relative_form("=A1048577", 1, 1) is None  # off the grid: parsed as written
