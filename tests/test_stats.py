"""The statistics family beyond the function table: the accuracy of the
inverse distributions, the legacy names derived from the same declarations,
and the array results of LINEST, LOGEST, TREND, GROWTH and MODE.MULT.

Reference values are Excel's (the examples on each function's page on
support.microsoft.com, at the digits they print), never sheetgd's own.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sheetgd.engine.functions import REGISTRY, distributions
from sheetgd.engine.values import Array

from .conftest import calc, is_error


def test_norm_inv_is_excels_value_to_the_last_bit():
    # Excel: 1.959963984540054 (the case).  Excel's normal inverse is
    # accurate to about 1e-15 relative; scipy's ndtri returns the same double,
    # so the test asks for equality.
    assert calc("=NORM.INV(0.975,0,1)") == 1.959963984540054
    assert calc("=NORMSINV(0.975)") == 1.959963984540054


@settings(max_examples=200, deadline=None)
@given(st.floats(min_value=1e-12, max_value=1 - 1e-12))
def test_the_normal_inverse_inverts_the_distribution(p):
    z = calc(f"=NORM.S.INV({p!r})")
    assert calc(f"=NORM.S.DIST({z!r},TRUE)") == pytest.approx(p, rel=1e-12)


@pytest.mark.parametrize("dist_fn,inv_fn,params", [
    ("T.DIST", "T.INV", "5"), ("CHISQ.DIST", "CHISQ.INV", "3"), ("F.DIST", "F.INV", "4,7"),
    ("GAMMA.DIST", "GAMMA.INV", "2.5,1.5"), ("LOGNORM.DIST", "LOGNORM.INV", "0.3,0.8"),
    ("NORM.DIST", "NORM.INV", "10,2"),
])
@pytest.mark.parametrize("p", [0.001, 0.05, 0.5, 0.9, 0.999])
def test_each_inverse_inverts_its_distribution(dist_fn, inv_fn, params, p):
    x = calc(f"={inv_fn}({p},{params})")
    assert calc(f"={dist_fn}({x!r},{params},TRUE)") == pytest.approx(p, rel=1e-10)


def test_beta_inverse_on_its_interval():
    x = calc("=BETA.INV(0.3,2,5,10,20)")
    assert 10 < x < 20
    assert calc(f"=BETA.DIST({x!r},2,5,TRUE,10,20)") == pytest.approx(0.3, rel=1e-12)


def test_legacy_names_are_forms_of_the_same_declared_distribution():
    by_name = {name: dist for name, _, dist in distributions.FUNCTIONS}
    pairs = [("NORMDIST", "NORM.DIST"), ("NORMINV", "NORM.INV"), ("NORMSDIST", "NORM.S.DIST"),
             ("NORMSINV", "NORM.S.INV"), ("LOGNORMDIST", "LOGNORM.DIST"), ("LOGINV", "LOGNORM.INV"),
             ("CHIDIST", "CHISQ.DIST.RT"), ("CHIINV", "CHISQ.INV.RT"), ("FDIST", "F.DIST.RT"),
             ("FINV", "F.INV.RT"), ("BETADIST", "BETA.DIST"), ("BETAINV", "BETA.INV"),
             ("GAMMADIST", "GAMMA.DIST"), ("GAMMAINV", "GAMMA.INV"), ("EXPONDIST", "EXPON.DIST"),
             ("WEIBULL", "WEIBULL.DIST"), ("BINOMDIST", "BINOM.DIST"), ("POISSON", "POISSON.DIST"),
             ("NEGBINOMDIST", "NEGBINOM.DIST"), ("HYPGEOMDIST", "HYPGEOM.DIST")]
    for legacy, modern in pairs:
        assert by_name[legacy] is by_name[modern], legacy
        assert not REGISTRY[legacy].xlfn and REGISTRY[modern].xlfn
    assert calc("=NORMDIST(1,0,1,TRUE)") == calc("=NORM.DIST(1,0,1,TRUE)")
    assert calc("=NORMSDIST(1)") == calc("=NORM.S.DIST(1,TRUE)")
    assert calc("=CHIDIST(3,2)") == calc("=CHISQ.DIST.RT(3,2)")
    assert calc("=NEGBINOMDIST(10,5,0.25)") == calc("=NEGBINOM.DIST(10,5,0.25,FALSE)")


def test_integer_arguments_are_truncated():
    assert calc("=CHISQ.DIST(2,3.9,TRUE)") == calc("=CHISQ.DIST(2,3,TRUE)")
    assert calc("=BINOM.DIST(6.9,10.2,0.5,TRUE)") == calc("=BINOM.DIST(6,10,0.5,TRUE)")
    assert calc("=POISSON.DIST(2.7,5,FALSE)") == calc("=POISSON.DIST(2,5,FALSE)")
    assert calc("=T.INV(0.9,2.99)") == calc("=T.INV(0.9,2)")


def test_the_chi_squared_density_at_zero_is_the_densitys_value_there():
    """df 2: e^(-x/2)/2 at 0, scipy's chi2.pdf(0, 2) (LibreOffice's is 0 for
    every x <= 0: fuzz category chisq-density-at-zero); df truncated first
    (Microsoft's CHISQ.DIST page)."""
    import scipy.stats

    assert calc("=CHISQ.DIST(0,2,FALSE)") == scipy.stats.chi2.pdf(0, 2) == 0.5
    assert calc("=CHISQ.DIST(0,2.7,FALSE)") == 0.5
    assert calc("=CHISQ.DIST(0,3,FALSE)") == scipy.stats.chi2.pdf(0, 3) == 0.0
    assert calc("=CHISQ.DIST(0,2,FALSE)") == calc("=GAMMA.DIST(0,1,2,FALSE)")


def _exact_critbinom(n: int, p: float, alpha: float) -> int:
    """The smallest k with P(X <= k) >= alpha (BINOM.INV's definition on
    Excel's page), the probabilities in exact rational arithmetic."""
    from fractions import Fraction
    from math import comb

    q, cumulative = Fraction(p), Fraction(0)
    for k in range(n + 1):
        cumulative += comb(n, k) * q ** k * (1 - q) ** (n - k)
        if cumulative >= Fraction(alpha):
            return k
    return n


@pytest.mark.parametrize("n,p,alpha", [
    (10, 0.01, 1.0),  # P(X <= 9) is 1 - 1E-20: a double would round it to 1 (the fuzzer's case)
    (10, 0.5, 1.0), (20, 0.001, 1.0), (30, 0.02, 0.9999999999), (10, 0.01, 0.999999999999999),
    (6, 0.5, 0.75), (50, 0.3, 0.5), (50, 0.3, 0.05), (40, 0.9, 0.999),
])
def test_critbinom_is_the_smallest_k_reaching_alpha_exactly(n, p, alpha):
    # Reference: exact rational arithmetic; CRITBINOM(10,0.01,1) is also
    # LibreOffice's 10.  A cumulative probability a hair below 1 must not count as 1.
    expected = float(_exact_critbinom(n, p, alpha))
    assert calc(f"=BINOM.INV({n},{p!r},{alpha!r})") == expected
    assert calc(f"=CRITBINOM({n},{p!r},{alpha!r})") == expected


# --- LINEST's example 4 on its page: assessed value of office buildings ---------------

BUILDINGS = [  # floor space, offices, entrances, age, assessed value
    (2310, 2, 2, 20, 142000), (2333, 2, 2, 12, 144000), (2356, 3, 1.5, 33, 151000),
    (2379, 3, 2, 43, 150000), (2402, 2, 3, 53, 139000), (2425, 4, 2, 23, 169000),
    (2448, 2, 1.5, 99, 126000), (2471, 2, 2, 34, 142900), (2494, 3, 3, 23, 163000),
    (2517, 4, 4, 55, 169000), (2540, 2, 3, 22, 149000),
]
EXCEL_LINEST = [  # the page's result, 10 significant digits
    [-234.2371645, 2553.21066, 12529.76817, 27.64138737, 52317.83051],
    [13.26801148, 530.6691519, 400.0668382, 5.429374042, 12237.3616],
    [0.996747993, 970.5784629, "#N/A", "#N/A", "#N/A"],
    [459.7536742, 6.0, "#N/A", "#N/A", "#N/A"],
    [1732393319, 5652135.316, "#N/A", "#N/A", "#N/A"],
]


def _buildings():
    cells = {}
    for r, row in enumerate(BUILDINGS, start=1):
        for c, v in zip("ABCDE", row):
            cells[f"{c}{r}"] = v
    return cells


@pytest.mark.parametrize("i", range(5))
@pytest.mark.parametrize("j", range(5))
def test_linest_with_statistics_is_excels_example(i, j):
    got = calc(f"=INDEX(LINEST(E1:E11,A1:D11,TRUE,TRUE),{i + 1},{j + 1})", _buildings())
    want = EXCEL_LINEST[i][j]
    if isinstance(want, str):
        assert is_error(got, want)
    else:
        assert got == pytest.approx(want, rel=5e-10)


def test_trend_predicts_with_several_variables():
    # the page's use: the value of a building with 2500 square feet, 3 offices,
    # 2 entrances, 25 years old: b + m1*2500 + ... = 158261.0 to the dollar
    cells = {**_buildings(), "A13": 2500, "B13": 3, "C13": 2, "D13": 25}
    assert calc("=TREND(E1:E11,A1:D11,A13:D13)", cells) == pytest.approx(158261.0, abs=0.5)


def _array(formula, cells=None):
    """A whole array result (an array formula's cells): each value by INDEX."""
    rows = int(calc(f"=ROWS({formula[1:]})", cells))
    cols = int(calc(f"=COLUMNS({formula[1:]})", cells))
    return [[calc(f"=INDEX({formula[1:]},{i},{j})", cells) for j in range(1, cols + 1)]
            for i in range(1, rows + 1)]


def test_array_results_have_excels_shapes():
    assert _array("=LINEST({1,9,5,7},{0,4,2,3})") == [[2.0, 1.0]]
    assert len(_array("=LINEST({1,9,5,7},{0,4,2,3},TRUE,TRUE)")) == 5
    assert _array("=TREND({1;9;5;7},{0;4;2;3},{5,6;7,8})") == [[11.0, 13.0], [15.0, 17.0]]
    assert _array("=MODE.MULT({1,2,3,4,3,2,1,2,3,5,6,1})") == [[1.0], [2.0], [3.0]]
    growth = _array("=GROWTH({33100,47300,69000,102000,150000,220000},{11,12,13,14,15,16},{17,18})")
    assert [round(v) for v in growth[0]] == [320197, 468536]  # the page's values


def test_collinear_variables_get_coefficient_zero():
    # x2 = 2 * x1: Excel (2003 and later) removes it, coefficient and standard error 0
    cells = {"A1": 1, "A2": 2, "A3": 3, "A4": 4, "B1": 2, "B2": 4, "B3": 6, "B4": 8,
             "C1": 3, "C2": 5, "C3": 8, "C4": 9}
    row = _array("=LINEST(C1:C4,A1:B4,TRUE,TRUE)", cells)
    assert row[0][0] == 0.0 and row[1][0] == 0.0
    assert row[0][1] == pytest.approx(2.1) and row[0][2] == pytest.approx(1.0)


def test_linest_omitted_arguments():
    assert calc("=INDEX(LINEST({2,4,6}),1)") == 2.0  # known_x's 1, 2, 3
    assert calc("=INDEX(LINEST({2,4,6},,FALSE),2)") == 0.0  # no constant
    assert calc("=INDEX(LOGEST({2,4,8}),1)") == pytest.approx(2.0, rel=1e-14)


def test_a_variants_count_logical_values_and_text_in_references():
    cells = {"A1": 10, "A2": True, "A3": "text", "A4": None}
    assert calc("=AVERAGEA(A1:A4)", cells) == pytest.approx(11 / 3)
    assert calc("=AVERAGE(A1:A4)", cells) == 10.0
    assert calc("=MINA(A1:A4)", cells) == 0.0
    assert calc("=AVERAGEA(TRUE,\"3\")", cells) == 2.0  # typed: TRUE is 1, "3" is 3


def test_array_expressions_in_normal_formulas_are_intersected():
    # Excel before dynamic arrays: LARGE(A1:A3*2,1) needs Ctrl+Shift+Enter
    cells = {"A1": 1, "A2": 5, "A3": 3}
    assert is_error(calc("=LARGE(A1:A3*2,1)", cells, dynamic_arrays=False), "#VALUE!")
    assert calc("=LARGE(A1:A3*2,1)", cells, at="B2", dynamic_arrays=False) == 10.0  # intersects A2
    assert calc("=INDEX(LINEST(A1:A3,{1;2;3}^{1,2}),1)", cells) == pytest.approx(-3.0)
    # Excel 365 (a dynamic array formula) takes the range whole: the largest of 2, 10, 6
    assert calc("=LARGE(A1:A3*2,1)", cells) == 10.0


def test_percentrank_interpolates_from_the_last_of_repeated_values():
    # between 0 (three times) and 4: from the last 0's position, as LibreOffice
    # and other Excel-compatible engines do
    data = "{-7,0,0,0,4,43.414}"
    assert calc(f"=PERCENTRANK.EXC({data},0.3)") == math.floor((4 + 0.075) / 7 * 1000) / 1000
    assert calc(f"=PERCENTRANK.INC({data},0)") == 0.2


def test_mode_mult_is_a_column():
    got = REGISTRY["MODE.MULT"].impl(Array(((1.0, 2.0, 2.0, 1.0),)))
    assert got == Array(((1.0,), (2.0,)))


# --- the fuzzer's categories for this family: each recognised, and only when it holds ---

def _classify(text, operands, sg, lo):
    from sheetgd.engine.parser import parse

    from .fuzz_explain import classify

    return classify(parse(text), operands, sg, lo, lambda how: None)


def _err(kind, message=""):
    from sheetgd import XLError

    return XLError(kind, message)


@pytest.mark.parametrize("text,operands,sg,lo,category", [
    ("=NORM.INV(0,0,1)", [0.0, 0.0, 1.0], "NORM: probability out of range", "#VALUE!",
     "invalid-argument"),
    ("=NORM.INV(0,0,1)", [0.0, 0.0, 1.0], "overflow", "#VALUE!", None),
    ("=RANK(4,A1:A3)", [4.0, Array(((1.0,), (5.0,), (3.0,)))],
     "RANK: the number is not in the list", 2.0, "rank-not-found"),
    ("=LOGNORMDIST(0,1,2)", [0.0, 1.0, 2.0], "LOGNORM: x is outside the distribution's support",
     0.0, "statistics-domain"),
    ("=LOGNORMDIST(0,1,2)", [0.0, 1.0, 2.0], "overflow", 0.0, None),
    ("=POISSON(2,0,TRUE)", [2.0, 0.0, True], 1.0, "#VALUE!", "statistics-domain"),
    ("=POISSON(2,1,TRUE)", [2.0, 1.0, True], 0.9, "#VALUE!", None),
    ("=CORREL(A1:A2,B1:C1)", [Array(((1.0,), (2.0,))), Array(((1.0, 3.0),))], 1.0, "#VALUE!",
     "array-shapes"),
    ("=CORREL(A1:A2,B1:B2)", [Array(((1.0,), (2.0,))), Array(((1.0,), (3.0,)))], 1.0, "#VALUE!",
     None),
    ("=PERCENTRANK.INC(A1:A10,6)", [Array(((1.0,), (4.0,), (8.0,), (9.0,), (2.0,), (3.0,),
                                          (5.0,), (6.0,), (7.0,), (10.0,))), 6.0], 0.555, 0.556,
     "percentrank-digits"),
    ("=PERCENTRANK.INC(A1:A10,6)", [Array(((1.0,), (4.0,), (8.0,), (9.0,), (2.0,), (3.0,),
                                          (5.0,), (6.0,), (7.0,), (10.0,))), 6.0], 0.555, 0.5,
     None),
    ("=MODE(A1:A4)", [Array(((3.0,), (1.0,), (3.0,), (1.0,)))], 3.0, 1.0, "mode-ties"),
    ("=MODE(A1:A4)", [Array(((3.0,), (1.0,), (3.0,), (2.0,)))], 3.0, 1.0, None),
    ("=TREND(A1:A2,B1:B2,34)", [Array(((1.0,), (3.0,))), Array(((5.0,), (5.0,))), 34.0], 2.0,
     "#VALUE!", "collinear"),
    ("=TREND(A1:A2,B1:B2,34)", [Array(((1.0,), (3.0,))), Array(((5.0,), (6.0,))), 34.0], 2.0,
     "#VALUE!", None),
])
def test_the_fuzzer_recognises_the_familys_differences(text, operands, sg, lo, category):
    sg_value = _err("#NUM!", sg) if isinstance(sg, str) else sg
    if text.startswith("=RANK"):
        sg_value = _err("#N/A", sg)
    lo_value = _err(lo) if isinstance(lo, str) else lo
    assert _classify(text, operands, sg_value, lo_value) == category


def test_confidence_t_of_a_size_past_2_to_the_63_is_the_normal_limit():
    """size 1E308 truncates to a 309-digit whole number (a hypothesis draw
    raised scipy's TypeError on it): Student's t with that many degrees of
    freedom is the normal distribution, so the half-width is
    NORM.S.INV(0.75)*1/SQRT(1E308) (Excel's CONFIDENCE.T page: Student's t)."""
    from statistics import NormalDist

    want = NormalDist().inv_cdf(0.75) / math.sqrt(1e308)
    assert calc("=CONFIDENCE.T(0.5,1,1E308)") == pytest.approx(want, rel=1e-12)


@pytest.mark.parametrize(("formula", "density"), [
    ("=BETA.DIST(0,1,5E-324,FALSE)", 5e-324), ("=BETA.DIST(0,1,1E-310,FALSE)", 1e-310),
    ("=BETA.DIST(1,5E-324,1,FALSE)", 5e-324), ("=BETA.DIST(0,1,3,FALSE)", 3.0),
    ("=BETA.DIST(1,2,1,FALSE)", 2.0), ("=BETA.DIST(2,1,4,FALSE,2,3)", 4.0),
])
def test_the_beta_density_at_its_ends_for_a_tiny_shape(formula, density):
    """The density of Beta(1, b) at 0 is b, of Beta(a, 1) at 1 is a (1/B(1, b)
    = b); scipy's Boost aborted the whole process (an uncaught overflow) for
    a subnormal b (found by test_numbers' random calls, hypothesis seed 4)."""
    assert calc(formula) == density


@pytest.mark.parametrize("trials,p,alpha", [(1e16, 0.5, 0.999), (1e16, 0.5, 0.5), (2.0**53 + 2, 0.3, 0.2),
                                            (1e300, 0.5, 0.5), (1e300, 0.999999999999, 0.3),
                                            (1e16, 0.999999999999, 0.3)])
def test_binom_inv_past_2_to_the_53_trials_ends_with_the_smallest_k_reaching_alpha(trials, p, alpha):
    """Whole steps from scipy's quantile never ended past 2^53 trials (k - 1
    is k there: the test suite hung), nor scipy's quantile itself for 1E+300
    trials with p near 1 (a scan of extreme arguments); the answer is the smallest k whose
    cumulative probability reaches alpha, checked against scipy's binomial
    distribution one representable step below."""
    from scipy import stats

    k = calc(f"=BINOM.INV({trials!r},{p},{alpha})")
    below = math.nextafter(k, 0.0)
    with np.errstate(all="ignore"):
        assert stats.binom.cdf(k, trials, p) >= alpha or stats.binom.sf(k, trials, p) <= 1 - alpha
        assert stats.binom.cdf(below, trials, p) < alpha or below == k


def test_binom_inv_where_the_binomial_cannot_be_computed_is_num():
    # n p = 1 over 1E+300 trials: scipy's binomial gives NaN, not Poisson(1)'s quantile
    assert is_error(calc("=BINOM.INV(1E+300,1E-300,0.9)"), "#NUM!")
