"""graddesc.xlsm's VBA project: module sources, the vbaProject.bin built from
them by this project's own writer (:mod:`.binary`), sheet code names, and the
Run/Reset buttons."""

from __future__ import annotations

import io

from ..books.graddesc import OPTIMISERS, GradDescParams, Layout
from ..books.parity import PARITY_SHEETS, ParityLayout, ParityParams
from ..engine.refs import letters_to_col
from .source import graddesc_modules

EMPTY_MODULE = "Option Explicit\n' This sheet has no macros.\n"
BAS_HEADER = "' ==== module {name} ===="


def bas_text(modules: dict[str, str]) -> str:
    """All modules as one readable text file (``graddesc.bas``)."""
    parts = []
    for name, source in modules.items():
        parts.append(BAS_HEADER.format(name=name) + "\n" + source)
    return "\n".join(parts)


def split_bas(text: str) -> dict[str, str]:
    """The modules of a ``graddesc.bas`` text (the inverse of :func:`bas_text`)."""
    modules, name, lines = {}, None, []
    for line in text.replace("\r\n", "\n").split("\n"):
        if line.startswith("' ==== module ") and line.endswith(" ===="):
            if name is not None:
                modules[name] = "\n".join(lines).rstrip("\n") + "\n"
            name, lines = line[len("' ==== module "):-len(" ====")], []
        else:
            lines.append(line)
    if name is not None:
        modules[name] = "\n".join(lines).rstrip("\n") + "\n"
    return modules


class GraddescVBA:
    """Adds the VBA project, code names and buttons to an XlsxWriter workbook."""

    def __init__(self, params: GradDescParams, parity: ParityParams | None = None):
        self.params = params
        self.modules = graddesc_modules(params, parity)
        self.source = bas_text(self.modules)

    def __call__(self, target):
        from .binary import VBAModule, vba_project_bin

        sheets = [ws.get_name() for ws in target.worksheets()]
        modules = dict(self.modules)
        for name in sheets:
            modules.setdefault(name, EMPTY_MODULE)
        blob = vba_project_bin([VBAModule(name, src, document=True)
                                for name, src in modules.items()])
        target.set_vba_name("ThisWorkbook")
        for ws in target.worksheets():
            ws.set_vba_name(ws.get_name())
        target.add_vba_project(io.BytesIO(blob), is_stream=True)
        for ws in target.worksheets():
            name = ws.get_name()
            col = self._button_col(name)
            if col is None:
                continue
            for i, (caption, macro) in enumerate((("Run", "somesteps"), ("Reset", "reset"))):
                ws.insert_button(1, col - 1 + 2 * i, {
                    "macro": f"{name}.{macro}", "caption": caption, "width": 96, "height": 28})

    def _button_col(self, sheet: str) -> int | None:
        if sheet in OPTIMISERS:
            return letters_to_col(Layout(sheet, self.params.rows).history_col) + 6
        if sheet in PARITY_SHEETS:
            return letters_to_col(ParityLayout(sheet, self.params.rows).history_col) + 6
        return None


def graddesc_vba(params: GradDescParams, parity: ParityParams | None = None) -> GraddescVBA:
    return GraddescVBA(params, parity)


__all__ = ["GraddescVBA", "bas_text", "graddesc_vba", "split_bas"]
