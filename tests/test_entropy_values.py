"""The entropy book's values against math written here (float64 closed forms)."""

from __future__ import annotations

import math

import pytest

from sheetgd.books.entropy import LESSON_LABELS, LESSON_LOGITS, LESSON_PREDS, EntropyParams, build

# Different operation orders than the sheet (fsum, closed forms): a few ulps.
REL = 1e-14


def test_softmax_is_invariant_to_the_shift_and_the_sigmoid_is_not():
    book = build()
    exps = [math.exp(z) for z in LESSON_LOGITS]
    softmax = [e / math.fsum(exps) for e in exps]
    got1 = [r[0] for r in book.value("softmax!D3:D7")]
    got2 = [r[0] for r in book.value("softmax!I3:I7")]
    assert got1 == pytest.approx(softmax, rel=REL)
    assert got2 == pytest.approx(softmax, rel=REL)
    assert book.value("softmax!H8") == pytest.approx(3.0, rel=REL)  # exps of the shifted logits sum to 3
    assert book.value("softmax!D8") == pytest.approx(1.0, rel=REL)
    sig1 = [r[0] for r in book.value("softmax!K3:K7")]
    sig2 = [r[0] for r in book.value("softmax!L3:L7")]
    assert sig1 == pytest.approx([1 / (1 + math.exp(-z)) for z in LESSON_LOGITS], rel=REL)
    assert all(abs(a - b) > 0.01 for a, b in zip(sig1, sig2))


def test_binary_cross_entropy_is_base_10_and_the_two_forms_agree():
    book = build()
    for i, (label, p) in enumerate(zip(LESSON_LABELS, LESSON_PREDS)):
        r = i + 2
        want = -math.log10(p) if label else -math.log10(1 - p)
        assert book.value(f"entropy!D{r}") == pytest.approx(want, rel=REL)
        assert book.value(f"entropy!E{r}") == pytest.approx(want, rel=REL)
    assert book.value("entropy!C9") == 12800.0


def test_nll_as_an_index_lookup():
    book = build()
    for i, label in enumerate(LESSON_LABELS):
        r = i + 2
        assert book.value(f"log_entropy!H{r}") == (1.0 if label else 2.0)
        assert book.value(f"log_entropy!I{r}") == -book.value(f"log_entropy!G{r}")


def test_custom_logits_are_shifted_to_sum_to_three():
    params = EntropyParams(logits=(1.0, 2.0, 3.0, 4.0, 5.0), labels=(1, 0), preds=(0.2, 0.7))
    book = build(params)
    assert book.value("softmax!H8") == pytest.approx(3.0, rel=REL)
    assert book.value("entropy!D3") == pytest.approx(-math.log10(0.3), rel=REL)
    assert book.formula("entropy!C6") == "=25000*128*4/1000"


@pytest.mark.parametrize("bad", [dict(logits=(1.0, 2.0)), dict(labels=(1, 2), preds=(0.5, 0.5)),
                                 dict(labels=(1,), preds=(1.0,))])
def test_bad_entropy_parameters(bad):
    with pytest.raises(ValueError):
        EntropyParams(**bad)
