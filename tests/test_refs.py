"""A1 references: letters, sheet prefixes, $ flags, round trips."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sheetgd.engine.refs import (
    MAX_COL, MAX_ROW, Area, Coord, Ref, col_to_letters, letters_to_col, parse_area,
    quote_sheet, split_sheet,
)


@pytest.mark.parametrize("col,letters", [(1, "A"), (26, "Z"), (27, "AA"), (52, "AZ"),
                                         (703, "AAA"), (16384, "XFD")])
def test_column_letters(col, letters):
    assert col_to_letters(col) == letters
    assert letters_to_col(letters) == col
    assert letters_to_col(letters.lower()) == col


def test_column_outside_grid_is_refused():
    with pytest.raises(ValueError):
        col_to_letters(MAX_COL + 1)


@given(st.integers(1, MAX_COL))
def test_column_letters_round_trip(col):
    assert letters_to_col(col_to_letters(col)) == col


@pytest.mark.parametrize("name,quoted", [("data", "data"), ("my sheet", "'my sheet'"),
                                         ("it's", "'it''s'"), ("A1", "'A1'"),
                                         ("2019", "'2019'"), ("R1C1", "'R1C1'")])
def test_sheet_quoting(name, quoted):
    assert quote_sheet(name) == quoted
    assert split_sheet(f"{quoted}!B2") == (name, "B2")


def test_parse_area():
    assert parse_area("data!B5") == Area("data", 5, 2, 5, 2)
    assert parse_area("'my sheet'!$C$3:A1") == Area("my sheet", 1, 1, 3, 3)
    assert parse_area("s!A:B") == Area("s", 1, 1, MAX_ROW, 2)
    assert parse_area("s!3:4") == Area("s", 3, 1, 4, MAX_COL)
    for bad in ("s!XFE1", "s!A0", "s!A1048577", "A1", "s!A1:", "s!hello"):
        with pytest.raises(ValueError):
            parse_area(bad)


_sheets = st.one_of(st.none(), st.text(alphabet="abc xyz'1_", min_size=1, max_size=8)
                    .filter(lambda s: s.strip() == s and s))


@given(_sheets, st.integers(1, MAX_ROW), st.integers(1, MAX_COL), st.booleans(), st.booleans(),
       st.integers(1, MAX_ROW), st.integers(1, MAX_COL))
def test_a1_text_round_trips_for_any_host(sheet, row, col, row_abs, col_abs, host_row, host_col):
    ref = Ref(sheet, Coord.at(row, col, row_abs, col_abs, host_row, host_col))
    text = ref.render(host_row, host_col)
    assert Ref.parse(text, host_row, host_col) == ref
    area = ref.area("host", host_row, host_col)
    assert (area.row1, area.col1) == (row, col)
    assert area.sheet == (sheet or "host")


@given(st.integers(1, 1000), st.integers(1, 100), st.integers(1, 1000), st.integers(1, 100))
def test_range_text_round_trips(r1, c1, r2, c2):
    text = f"{col_to_letters(c1)}{r1}:${col_to_letters(c2)}${r2}"
    ref = Ref.parse(text, 7, 7)
    assert ref.render(7, 7) == text
    area = ref.area("s", 7, 7)
    assert (area.row1, area.row2) == (min(r1, r2), max(r1, r2))


ends = st.tuples(st.integers(-5, MAX_ROW + 5), st.integers(-5, MAX_COL + 5), st.booleans(),
                 st.booleans())
hosts = st.tuples(st.sampled_from([1, 2, 7, 1000, MAX_ROW - 1, MAX_ROW]),
                  st.sampled_from([1, 2, 26, 27, 702, 703, MAX_COL]))


@settings(max_examples=400, deadline=None)
@given(ends, hosts, hosts)
def test_a_references_renderer_writes_what_render_writes(end, host, at):
    """Ref.renderer (the writer's per-template function) is Ref.render,
    #REF! off the grid included, wherever the formula was parsed and
    wherever it is written."""
    row, col, row_abs, col_abs = end
    if not (1 <= row <= MAX_ROW and 1 <= col <= MAX_COL):  # an end off the grid: as stored
        start = Coord(row if row_abs else row - host[0], col if col_abs else col - host[1],
                      row_abs, col_abs)
    else:
        start = Coord.at(row, col, row_abs, col_abs, *host)
    ref = Ref(None, start)
    assert ref.renderer()(*at) == ref.render(*at)


@settings(max_examples=400, deadline=None)
@given(ends, hosts, hosts, st.integers(0, 40))
def test_a_references_column_texts_are_what_render_writes_in_each_row(end, host, at, rows):
    """Ref.column_texts (the writer's run of one filled-down formula) is
    Ref.render in each row, #REF! where a row takes the reference off the
    grid included."""
    row, col, row_abs, col_abs = end
    if not (1 <= row <= MAX_ROW and 1 <= col <= MAX_COL):
        start = Coord(row if row_abs else row - host[0], col if col_abs else col - host[1],
                      row_abs, col_abs)
    else:
        start = Coord.at(row, col, row_abs, col_abs, *host)
    ref = Ref(None, start)
    first = min(at[0], MAX_ROW - rows)
    assert ref.column_texts(at[1], first, first + rows) == \
        [ref.render(r, at[1]) for r in range(first, first + rows + 1)]


@pytest.mark.parametrize("text", ["A1:B2", "Sheet2!C3", "A:A", "3:$5", "'my sheet'!$B$2"])
def test_other_references_render_in_columns_through_render(text):
    ref = Ref.parse(text, 10, 10)
    for col in (1, 10, MAX_COL):
        assert ref.column_texts(col, MAX_ROW - 3, MAX_ROW) == \
            [ref.render(r, col) for r in range(MAX_ROW - 3, MAX_ROW + 1)]


@pytest.mark.parametrize("text", ["A1:B2", "Sheet2!C3", "A:A", "3:$5", "'my sheet'!$B$2"])
def test_other_references_render_through_render(text):
    ref = Ref.parse(text, 10, 10)
    for at in [(10, 10), (1, 1), (MAX_ROW, MAX_COL)]:
        assert ref.renderer()(*at) == ref.render(*at)
