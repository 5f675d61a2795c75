"""The softmax / cross-entropy workbook (docs/workbooks.md, "entropy").

Sheets: ``softmax`` (softmax of two logit vectors that differ by a constant,
and the sigmoid "binary" view that does not share that invariance),
``entropy`` (binary cross-entropy with Excel's base-10 LOG, two ways) and
``log_entropy`` (cross-entropy as an index lookup with MATCH and OFFSET).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from ..engine import Workbook
from .sheetdef import SheetDef, install

CLASSES = ("cat", "dog", "plane", "fish", "building")
LESSON_LOGITS = (0.021789294543326676, -2.488055919486013, -1.7505557283129267,
                 2.070409245987718, 1.2502573466234175)
#: The lesson's logits shifted so that their exps sum to exactly 3.
LESSON_SHIFTED = (-1.4210496434287527, -3.9308948574580924, -3.1933946662850063,
                  0.6275703080156385, -0.19258159134866187)
LESSON_LABELS = (1, 1, 0, 0, 1)
LESSON_PREDS = (0.5, 0.98, 0.9, 0.5, 0.9)


#: EXP overflows past 709.78 (a double's largest value is e^709.78): the
#: logits are kept where the sheet's EXP and the shift to a sum of 3 stay finite.
MAX_LOGIT = 700.0


class EntropyParamError(ValueError):
    """A bad parameter; ``fields`` names the parameters concerned."""

    def __init__(self, message: str, *fields: str):
        super().__init__(message)
        self.fields = fields


def _finite_numbers(name: str, values) -> None:
    try:
        numbers = [float(v) for v in values]
    except (TypeError, ValueError):
        raise EntropyParamError(f"{name} are numbers", name) from None
    if not all(math.isfinite(v) for v in numbers):
        raise EntropyParamError(f"{name} must be finite numbers", name)


@dataclass(frozen=True)
class EntropyParams:
    logits: tuple = LESSON_LOGITS  # between -MAX_LOGIT and MAX_LOGIT
    labels: tuple = LESSON_LABELS  # isCat, 1 or 0
    preds: tuple = LESSON_PREDS  # predicted probability of "cat"

    def __post_init__(self):
        for name in ("logits", "labels", "preds"):
            _finite_numbers(name, getattr(self, name))
        if len(self.logits) != len(CLASSES):
            raise EntropyParamError(f"{len(CLASSES)} numbers needed (one logit per class: "
                                    f"{', '.join(CLASSES)}), got {len(self.logits)}", "logits")
        if any(not -MAX_LOGIT <= z <= MAX_LOGIT for z in self.logits):
            raise EntropyParamError(
                f"logits must be between {-MAX_LOGIT:g} and {MAX_LOGIT:g} (EXP overflows past "
                f"709.78), not {next(z for z in self.logits if abs(z) > MAX_LOGIT):g}", "logits")
        if len(self.labels) != len(self.preds) or not self.labels:
            raise EntropyParamError("labels and preds must have the same, non-zero length "
                                    f"(got {len(self.labels)} and {len(self.preds)})",
                                    "labels", "preds")
        if any(label not in (0, 1) for label in self.labels):
            raise EntropyParamError("labels are 1 (cat) or 0 (not cat)", "labels")
        if any(not 0 < p < 1 for p in self.preds):
            raise EntropyParamError("preds are probabilities strictly between 0 and 1", "preds")

    def shifted(self) -> tuple:
        """The logits shifted by one constant so that their exps sum to 3."""
        if tuple(self.logits) == LESSON_LOGITS:
            return LESSON_SHIFTED
        shift = math.log(3.0) - math.log(math.fsum(math.exp(z) for z in self.logits))
        return tuple(z + shift for z in self.logits)


def softmax_sheet(p: EntropyParams) -> SheetDef:
    d = SheetDef("softmax", first_row=3, last_row=7, cells={
        "B1": "Image 1", "G1": "Image 2", "K1": "binary",
        "B2": "output", "C2": "exp", "D2": "softmax",
        "G2": "output", "H2": "exp", "I2": "softmax", "K2": "Image 1", "L2": "Image 2",
        "C8": "=SUM(C3:C7)", "D8": "=SUM(D3:D7)", "H8": "=SUM(H3:H7)", "I8": "=SUM(I3:I7)",
    }, data={"A": list(CLASSES), "B": [float(z) for z in p.logits],
             "F": list(CLASSES), "G": [float(z) for z in p.shifted()]},
        fill={"C": "=EXP(B3)", "D": "=C3/$C$8", "H": "=EXP(G3)", "I": "=H3/$H$8",
              "K": "=C3/(1+C3)", "L": "=H3/(1+H3)"})
    return d


def entropy_sheet(p: EntropyParams) -> SheetDef:
    last = len(p.labels) + 1
    return SheetDef("entropy", first_row=2, last_row=last, cells={
        "B1": "isCat", "C1": "Preds", "D1": "cross-entropy", "E1": "same, by IF",
        f"C{last + 3}": "=25000*128*4/1000",
    }, data={"B": [float(v) for v in p.labels], "C": [float(v) for v in p.preds]},
        fill={"D": "=-B2*LOG(C2)-(1-B2)*LOG(1-C2)", "E": "=-IF(B2=1,LOG(C2),LOG(1-C2))"})


def log_entropy_sheet(p: EntropyParams) -> SheetDef:
    last = len(p.labels) + 1
    headers = ("isCat", "isDog", "Preds", "logPredCat", "logPredDog", "NLL", "idx", "idxPred")
    return SheetDef("log_entropy", first_row=2, last_row=last,
                    cells={f"{col}1": h for col, h in zip("BCDEFGHI", headers)},
                    data={"B": [float(v) for v in p.labels], "D": [float(v) for v in p.preds]},
                    fill={"C": "=1-B2", "E": "=LOG(D2)", "F": "=LOG(1-D2)",
                          "G": "=-B2*E2-C2*F2", "H": "=MATCH(1,B2:C2)", "I": "=OFFSET(D2,0,H2)"})


def sheet_defs(params: EntropyParams) -> list[SheetDef]:
    return [softmax_sheet(params), entropy_sheet(params), log_entropy_sheet(params)]


def build(params: EntropyParams | None = None) -> Workbook:
    """The entropy workbook in the engine, calculated."""
    book = Workbook()
    for d in sheet_defs(params or EntropyParams()):
        install(book, d)
    book.calculate_all()
    return book
