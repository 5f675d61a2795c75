"""Sheet.cells (sheetgd.engine.cells.Cells) behaves as the dict it replaces.

The reference is a plain dict ``{(row, col): (value, node)}`` put through
the same random operations: whatever Cells stores as column runs, every
read must agree with it (values compared exactly: nothing is computed).
"""

from __future__ import annotations

import random

import pytest

from sheetgd.engine import cells as cells_module
from sheetgd.engine.cells import Cell, Cells


def _state(cells: Cells) -> dict:
    return {k: (c.value, c.node) for k, c in cells.items()}


def _check(cells: Cells, model: dict):
    assert len(cells) == len(model)
    assert bool(cells) == bool(model)
    assert sorted(cells) == sorted(model)
    assert _state(cells) == model
    assert sorted(k for k, _ in cells.items()) == sorted(model)
    also = {k for i, k in enumerate(sorted(cells._cells)) if i % 3 == 0}  # (materialised, as spills are)
    for area in ((5, 1, 9, 2), (1, 1, 60, 3), (20, 2, 20, 2)):
        r1, c1, r2, c2 = area
        want = sorted((r, c, node is not None) for (r, c), (_, node) in model.items()
                      if r1 <= r <= r2 and c1 <= c <= c2 and (node is not None or (r, c) in also))
        got = cells.formulas_in(r1, c1, r2, c2, also)
        assert sorted(got) == want
        if (r2 - r1 + 1) * (c2 - c1 + 1) <= len(cells):
            assert got == want  # row by row
    for col in (1, 2, 3):
        for rows in ([5, 6, 7], [1, 30], list(range(40, 61)), [59, 60]):
            assert cells.holds_any(col, rows) == any((r, col) in model for r in rows)
    runs = cells.formula_runs()  # the writer's two passes: every cell once
    in_runs = {(r, col): node for col, first, last, node in runs for r in range(first, last + 1)}
    assert len(in_runs) == sum(last - first + 1 for _, first, last, _ in runs)
    assert all(node is not None and model[key][1] == node for key, node in in_runs.items())
    outside = {key: (cell.value, cell.node) for key, cell in cells.items_outside_formula_runs()}
    assert outside.keys().isdisjoint(in_runs) and outside.keys() | in_runs.keys() == model.keys()
    assert outside == {key: model[key] for key in outside}
    for key, (value, node) in model.items():
        assert key in cells
        peeked = cells.peek(key)
        assert (peeked.value, peeked.node) == (value, node)


@pytest.mark.parametrize("seed", range(12))
def test_random_operations_agree_with_a_dict(seed, monkeypatch):
    monkeypatch.setattr(cells_module, "MAX_PIECES", 6)  # the fallback to the dict, too
    g = random.Random(seed)
    cells, model = Cells(), {}
    nodes = ["n1", "n2", None]
    for step in range(300):
        op = g.random()
        col = g.randint(1, 3)
        if op < 0.25:  # a column of new cells
            free = [r for r in range(1, 60) if (r, col) not in model]
            if not free:
                continue
            start = g.choice(free)
            rows = [r for r in range(start, start + g.randint(1, 12)) if (r, col) not in model]
            rows = [r for r in rows if g.random() < 0.9]
            if not rows:
                continue
            node = g.choice(nodes)
            values = [float(g.randint(0, 99)) for _ in rows]
            cells.put_column(col, rows, values, node, None)
            model.update({(r, col): (v, node) for r, v in zip(rows, values)})
        else:
            key = (g.randint(0, 60), col)
            if op < 0.4:
                cell = cells.get(key)
                assert (cell is None) == (key not in model)
                if cell is not None:
                    cell.value = -1.0  # materialised: the change is the sheet's
                    model[key] = (-1.0, model[key][1])
            elif op < 0.5:
                cells[key] = Cell(7.0)
                model[key] = (7.0, None)
            elif op < 0.6:
                if key in model:
                    del cells[key]
                    del model[key]
                else:
                    with pytest.raises(KeyError):
                        del cells[key]
            elif op < 0.7:
                got = cells.pop(key, None)
                want = model.pop(key, None)
                assert (got is None) == (want is None)
            elif op < 0.8:
                if key in model:
                    cells.set_value(key, 3.5)
                    model[key] = (3.5, model[key][1])
                else:
                    with pytest.raises(KeyError):
                        cells.set_value(key, 3.5)
            elif op < 0.9:
                row1 = g.randint(1, 50)
                row2 = row1 + g.randint(0, 15)
                pieces = list(cells.stretches(col, row1, row2))
                assert pieces[0][0] == row1 and pieces[-1][1] == row2
                assert all(a[1] + 1 == b[0] for a, b in zip(pieces, pieces[1:]))
                for lo, hi, run in pieces:
                    if run is not None:
                        for r in range(lo, hi + 1):
                            assert (run.values[r - run.base], run.node) == model[(r, col)]
            else:
                row1 = g.randint(1, 50)
                rows = range(row1, row1 + g.randint(1, 8))
                if all((r, col) in model for r in rows):
                    new = [float(100 + i) for i in range(len(rows))]
                    cells.set_column_values(col, row1, new)
                    model.update({(r, col): (v, model[(r, col)][1]) for r, v in zip(rows, new)})
        if step % 25 == 0:
            _check(cells, model)
    _check(cells, model)
    cells.clear()
    assert len(cells) == 0 and not cells and list(cells) == []


def test_a_peeked_cell_of_a_run_changes_nothing():
    cells = Cells()
    cells.put_column(1, [1, 2, 3], [1.0, 2.0, 3.0], "node", None)
    cells.peek((2, 1)).value = 9.0
    assert cells.peek((2, 1)).value == 2.0
    cells.get((2, 1)).value = 9.0  # addressed to change it: it is the sheet's now
    assert cells[(2, 1)].value == 9.0 and cells.peek((2, 1)).value == 9.0
    assert len(cells) == 3


def test_a_run_cut_into_many_pieces_goes_to_the_dict(monkeypatch):
    monkeypatch.setattr(cells_module, "MAX_PIECES", 8)
    cells = Cells()
    cells.put_column(2, list(range(1, 101)), [float(r) for r in range(1, 101)], "node", None)
    for r in range(2, 100, 2):
        cells[(r, 2)].value = 0.0
    assert 2 not in cells._runs  # at most 8 pieces: then all of them materialised
    assert len(cells._cells) == 100 and len(cells) == 100
    assert [cells[(r, 2)].value for r in (1, 2, 3, 99, 100)] == [1.0, 0.0, 3.0, 99.0, 100.0]


def test_columns_put_in_pieces_make_one_run():
    cells = Cells()
    for start in range(1, 1000, 100):
        cells.put_column(4, list(range(start, start + 100)), [float(r) for r in range(start, start + 100)])
    assert [(lo, hi) for lo, hi, _ in cells.stretches(4, 1, 1000)] == [(1, 1000)]
    assert len(cells._runs[4]) == 1 and not cells._cells


def test_a_loaded_filled_down_sheet_keeps_its_columns_as_runs(tmp_path):
    """The memory of issue 17: a file's filled-down formulas and data
    columns are not one Cell object each (docs/benchmarks.md)."""
    import sheetgd
    from sheetgd.bench.workload import write_workload

    meta = write_workload(40, tmp_path)
    book = sheetgd.load(meta["xlsx"])
    cells = book.sheet("adam").cells
    assert cells._in_runs >= meta["formula_cells"] - 10
    assert len(cells._cells) < 100
    assert book.value("adam!N44") == pytest.approx(meta["reference_first"]["error"], rel=1e-12)
