"""graddesc.xlsm's VBA project: module sources, the vbaProject.bin built from
them by this project's own writer (:mod:`.binary`) and the sheet code names.
The Run/Reset buttons that call the macros are part of each sheet's look
(:class:`sheetgd.books.styles.Button`, placed by :mod:`sheetgd.products`)."""

from __future__ import annotations

import io

from ..books.graddesc import GradDescParams
from ..books.parity import ParityParams
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
    """Adds the VBA project and code names to an XlsxWriter workbook."""

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


def graddesc_vba(params: GradDescParams, parity: ParityParams | None = None) -> GraddescVBA:
    return GraddescVBA(params, parity)


__all__ = ["GraddescVBA", "bas_text", "graddesc_vba", "split_bas"]
