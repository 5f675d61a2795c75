"""Fuzz generators of the statistics family (tests/formula_gen.py draws from
them): every function's arguments drawn from its domain most of the time
(probabilities in [0, 1], positive scales, small degrees of freedom,
ranges of numbers) and sometimes from anywhere (any number expression,
text, logical values, out-of-domain values), so both the values and the
error rules are compared with LibreOffice."""

from __future__ import annotations

import math

#: Each function's arguments, as codes (see ``table``); a trailing ``?``
#: marks an argument the call may leave out (and every one after it).
SIGNATURES = {
    # distributions
    "NORM.DIST": "x x pos cum", "NORMDIST": "x x pos cum",
    "NORM.INV": "p x pos", "NORMINV": "p x pos",
    "NORM.S.DIST": "x cum", "NORMSDIST": "x", "NORM.S.INV": "p", "NORMSINV": "p",
    "LOGNORM.DIST": "pos x pos cum", "LOGNORMDIST": "pos x pos",
    "LOGNORM.INV": "p x pos", "LOGINV": "p x pos",
    "T.DIST": "x df cum", "T.DIST.RT": "x df", "T.DIST.2T": "pos df", "TDIST": "pos df tails",
    "T.INV": "p df", "T.INV.2T": "p df", "TINV": "p df",
    "CHISQ.DIST": "pos df cum", "CHISQ.DIST.RT": "pos df", "CHIDIST": "pos df",
    "CHISQ.INV": "p df", "CHISQ.INV.RT": "p df", "CHIINV": "p df",
    "F.DIST": "pos df df cum", "F.DIST.RT": "pos df df", "FDIST": "pos df df",
    "F.INV": "p df df", "F.INV.RT": "p df df", "FINV": "p df df",
    "BETA.DIST": "p pos pos cum lo? hi?", "BETADIST": "p pos pos lo? hi?",
    "BETA.INV": "p pos pos lo? hi?", "BETAINV": "p pos pos lo? hi?",
    "GAMMA.DIST": "pos pos pos cum", "GAMMADIST": "pos pos pos cum",
    "GAMMA.INV": "p pos pos", "GAMMAINV": "p pos pos",
    "GAMMA": "x", "GAMMALN": "pos", "GAMMALN.PRECISE": "pos",
    "EXPON.DIST": "pos pos cum", "EXPONDIST": "pos pos cum",
    "WEIBULL.DIST": "pos pos pos cum", "WEIBULL": "pos pos pos cum",
    "BINOM.DIST": "count count p cum", "BINOMDIST": "count count p cum",
    # (trials: at most 1000; LibreOffice's BINOM.INV adds the probabilities up one by one and
    # runs for minutes with 1E+11 trials)
    "BINOM.INV": "trials p p", "CRITBINOM": "trials p p",
    "BINOM.DIST.RANGE": "count p count count?",
    # (failures too: LibreOffice's NEGBINOMDIST(123456789012,1,0.05) runs for minutes)
    "NEGBINOM.DIST": "trials count p cum", "NEGBINOMDIST": "trials count p",
    # (events, mean: moderate ones; LibreOffice's POISSON is #N/A for a mean like 1E+200,
    # where the probabilities underflow to 0, and runs for hours summing 1E+15 events)
    "POISSON.DIST": "events mean cum", "POISSON": "events mean cum",
    "HYPGEOM.DIST": "count count count big cum", "HYPGEOMDIST": "count count count big",
    "FISHER": "p", "FISHERINV": "x", "PHI": "x", "GAUSS": "x0", "STANDARDIZE": "x x pos",
    # order statistics
    "LARGE": "data k", "SMALL": "data k",
    "PERCENTILE": "data p", "PERCENTILE.INC": "data p", "PERCENTILE.EXC": "data p",
    "QUARTILE": "data quart", "QUARTILE.INC": "data quart", "QUARTILE.EXC": "data quart",
    "PERCENTRANK": "data x digits?", "PERCENTRANK.INC": "data x digits?",
    "PERCENTRANK.EXC": "data x digits?",
    "RANK": "cell range order?", "RANK.EQ": "cell range order?", "RANK.AVG": "cell range order?",
    "TRIMMEAN": "data p",
    # two variables
    "CORREL": "col col", "PEARSON": "col col", "RSQ": "col col", "COVAR": "col col",
    "COVARIANCE.P": "col col", "COVARIANCE.S": "col col", "SLOPE": "col col",
    "INTERCEPT": "col col", "STEYX": "col col",
    "FORECAST": "x col col", "FORECAST.LINEAR": "x col col",
    # tests and intervals
    "T.TEST": "col col tails ttype", "TTEST": "col col tails ttype",
    # (x0: a moderate x; LibreOffice's GAUSS and Z.TEST give garbage for |x| beyond ~1E+10)
    "Z.TEST": "data x0 pos?", "ZTEST": "data x0 pos?",
    "CHISQ.TEST": "numcol numcol", "CHITEST": "numcol numcol",
    "F.TEST": "data data", "FTEST": "data data",
    "CONFIDENCE": "p pos count", "CONFIDENCE.NORM": "p pos count", "CONFIDENCE.T": "p pos count",
}

#: Aggregates of any number of arguments, gathering numbers with SUM's rules (drawn as SUM
#: is, but MODE.MULT, whose array result INDEX takes).
DRAWN_AS_SUM = ["GEOMEAN", "HARMEAN", "AVEDEV", "DEVSQ", "KURT", "SKEW", "SKEW.P", "MODE",
              "MODE.SNGL", "AVERAGEA", "MAXA", "MINA", "STDEVA", "STDEVPA", "VARA", "VARPA",
              "MODE.MULT"]

#: Functions the fuzzer leaves out, and why.
EXCLUDED = {
    "BINOM.DIST.RANGE": "LibreOffice 7.4 does not know it (#NAME?); Excel's examples are in the "
                        "function table",
}

#: Functions that gather numbers with SUM's rules (LibreOffice refuses text
#: typed as their argument, as in SUM: category text-to-number).
AGGREGATES = {*DRAWN_AS_SUM, "LARGE", "SMALL", "PERCENTILE", "PERCENTILE.INC", "PERCENTILE.EXC",
              "QUARTILE", "QUARTILE.INC", "QUARTILE.EXC", "PERCENTRANK", "PERCENTRANK.INC",
              "PERCENTRANK.EXC", "TRIMMEAN", "Z.TEST", "ZTEST",
              "FREQUENCY"}  # (FREQUENCY({0,10},"50%"): bins 0.5 in sheetgd, #VALUE! there)


def _distributions():
    from sheetgd.engine.functions import distributions
    return distributions


def _invalid_argument() -> set:
    """(function, message prefix) of the statistics functions' argument
    checks whose error LibreOffice reports as "invalid argument" (#VALUE!)."""
    from sheetgd.engine.functions import distributions

    groups = {  # message prefix -> the functions that give it
        **{f"{dist.name}: ": [name for name, _, d in distributions.FUNCTIONS if d is dist]
           for dist in {d for _, _, d in distributions.FUNCTIONS}},
        "T: ": ["T.DIST.2T", "TDIST", "T.INV", "T.INV.2T", "TINV"], "TDIST: ": ["TDIST"],
        "BINOM.INV: ": ["BINOM.INV", "CRITBINOM"], "GAMMA of": ["GAMMA"],
        "GAMMALN of": ["GAMMALN", "GAMMALN.PRECISE"], "FISHER needs": ["FISHER"],
        "LARGE: ": ["LARGE"], "SMALL: ": ["SMALL"], "TRIMMEAN: ": ["TRIMMEAN"],
        "STANDARDIZE: ": ["STANDARDIZE"],
        "GEOMEAN needs": ["GEOMEAN"], "HARMEAN needs": ["HARMEAN"], "AVEDEV of": ["AVEDEV"],
        "DEVSQ of": ["DEVSQ"], "KURT needs": ["KURT"], "SKEW needs": ["SKEW"],
        "SKEW.P needs": ["SKEW.P"], "the standard deviation is 0": ["KURT", "SKEW", "SKEW.P"],
        "no number repeats": ["MODE", "MODE.SNGL", "MODE.MULT"],
        "the two arrays hold different": ["CORREL", "PEARSON", "RSQ", "COVAR", "COVARIANCE.P",
                                          "COVARIANCE.S", "SLOPE", "INTERCEPT", "STEYX",
                                          "FORECAST", "FORECAST.LINEAR", "T.TEST", "TTEST"],
        "no pairs of numbers": ["CORREL", "PEARSON", "RSQ", "COVAR", "COVARIANCE.P",
                                "COVARIANCE.S", "SLOPE", "INTERCEPT", "STEYX", "FORECAST",
                                "FORECAST.LINEAR"],
        "no spread in the data": ["CORREL", "PEARSON", "RSQ", "COVARIANCE.S", "SLOPE",
                                  "INTERCEPT", "STEYX"],
        "FORECAST: no spread": ["FORECAST", "FORECAST.LINEAR"],
        "LINEST: ": ["LINEST", "TREND"], "LOGEST: ": ["LOGEST"], "GROWTH: ": ["GROWTH"],
        "known_x's": ["LINEST", "LOGEST", "TREND", "GROWTH"],
        "new_x's": ["TREND", "GROWTH"],
        "T.TEST": ["T.TEST", "TTEST"], "Z.TEST": ["Z.TEST", "ZTEST"],
        "CHISQ.TEST": ["CHISQ.TEST", "CHITEST"], "F.TEST": ["F.TEST", "FTEST"],
        "CONFIDENCE": ["CONFIDENCE", "CONFIDENCE.NORM", "CONFIDENCE.T"], "PROB: ": ["PROB"],
    }
    percentiles = ["PERCENTILE", "PERCENTILE.INC", "PERCENTILE.EXC", "QUARTILE", "QUARTILE.INC",
                   "QUARTILE.EXC"]  # QUARTILE's errors are named after the function it shares
    for prefix in ("PERCENTILE.INC", "PERCENTILE.EXC", "QUARTILE.INC", "QUARTILE.EXC"):
        groups[prefix] = percentiles
    for prefix in ("PERCENTRANK.INC", "PERCENTRANK.EXC"):
        groups[prefix] = ["PERCENTRANK", "PERCENTRANK.INC", "PERCENTRANK.EXC"]
    return {(fn, prefix) for prefix, fns in groups.items() for fn in fns}


INVALID_ARGUMENT = _invalid_argument()

#: Functions LibreOffice reads text typed as an argument of as 0 (Excel:
#: numeric text is its number, other text #VALUE!).
TEXT_AS_ZERO = {"AVERAGEA", "MAXA", "MINA", "STDEVA", "STDEVPA", "VARA", "VARPA"}

#: #NUM! checks of Excel's documented domains where LibreOffice computes a
#: value (a limit such as 0 or 1, or #DIV/0!): category statistics-domain.
DOMAIN_EDGES = {
    *{(name, f"{dist}: x is outside the distribution's support")
      for name, dist in [("LOGNORM.DIST", "LOGNORM"), ("LOGNORMDIST", "LOGNORM"),
                         ("EXPON.DIST", "EXPON"), ("EXPONDIST", "EXPON"),
                         ("CHISQ.DIST", "CHISQ"), ("CHISQ.DIST.RT", "CHISQ"), ("CHIDIST", "CHISQ"),
                         ("F.DIST", "F"), ("F.DIST.RT", "F"), ("FDIST", "F"),
                         ("GAMMA.DIST", "GAMMA"), ("GAMMADIST", "GAMMA"),
                         ("WEIBULL.DIST", "WEIBULL"), ("WEIBULL", "WEIBULL"),
                         ("HYPGEOM.DIST", "HYPGEOM"), ("HYPGEOMDIST", "HYPGEOM"),
                         ("BINOM.DIST", "BINOM"), ("BINOMDIST", "BINOM"),
                         ("NEGBINOM.DIST", "NEGBINOM"), ("NEGBINOMDIST", "NEGBINOM"),
                         ("POISSON.DIST", "POISSON"), ("POISSON", "POISSON")]},
    ("BETA.INV", "BETA: probability out of range"), ("BETAINV", "BETA: probability out of range"),
    *{(name, f"{dist.name}: {what}") for name, _, dist in _distributions().FUNCTIONS
      for what in ("probability out of range (an infinite quantile)", "infinite density")},
    ("GEOMEAN", "GEOMEAN needs positive numbers"), ("Z.TEST", "Z.TEST of no numbers"),
    ("ZTEST", "Z.TEST of no numbers"),
    *{(name, f"{dist}: a parameter is out of its domain")
      for name, dist in [("HYPGEOM.DIST", "HYPGEOM"), ("HYPGEOMDIST", "HYPGEOM"),
                         ("NEGBINOMDIST", "NEGBINOM")]},
    *{(name, "BETA: x is outside the distribution's support") for name in ("BETA.DIST", "BETADIST")},
    ("STANDARDIZE", "STANDARDIZE: standard_dev <= 0"),
    ("PERMUT", "PERMUT needs number > 0"),  # PERMUT(0,0): LibreOffice 1, Excel's page #NUM!
    # two samples without spread: LibreOffice's type 2 test gives 0 (T.TEST({10,10},{2,2},2,2))
    ("T.TEST", "T.TEST: no spread"), ("TTEST", "T.TEST: no spread"),
}


#: Arguments at the edge of Excel's documented domain that Excel accepts and
#: LibreOffice refuses (#VALUE!): (function, argument index, value).
REFUSED_EDGES = {("POISSON", 1, 0.0), ("POISSON.DIST", 1, 0.0), ("F.INV", 0, 0.0)}


#: The statistics family's own categories (docs/compatibility.md).
CATEGORIES = {
    "test-replicated": "T.TEST, F.TEST, CHISQ.TEST, CHITEST, FORECAST.LINEAR (not TTEST, FTEST, "
                       "FORECAST) given an array constant, as an argument of COUNTA, SUM, XOR and the "
                       "other functions that take arrays, or given ranges, as an argument of "
                       "FREQUENCY, SUMPRODUCT and others that force arrays: LibreOffice "
                       "evaluates the test as an array, its one result repeated in the largest "
                       "rows by the largest columns of its array arguments (COUNTA(F.TEST({3,2,8},"
                       "{5,6,1})) is 3, SUM of it three times the p-value; FREQUENCY(data, F.TEST"
                       "(B7:B8,C1:D8)) has 16 equal bins); Excel gives the single result (1, the "
                       "p-value)",
    "beta-overflow": "BETA.DIST, BETADIST cumulative with alpha or beta past about 1E+150: "
                     "LibreOffice's continued fraction overflows (#NUM!; 1E+100 still gives 0), "
                     "where the probability is 0 or 1, which sheetgd gives",
    "is-if-error": "SKEW, SKEW.P, KURT given an error and, after it, an IF whose condition is "
                   "an IS function (SKEW.P(NA(),IF(ISBLANK(data!G8),data!A4:A7,data!D2:D4))): "
                   "LibreOffice 7.4 gives #VALUE! (with the IF first, or a comparison as its "
                   "condition, the error); Excel passes the first error on",
    "ztest-tail": "Z.TEST far in the right tail: Excel's formula, 1 - NORM.S.DIST(z,TRUE), "
                  "which sheetgd computes as written, keeps no digit below 2^-52 (6.66E-16); "
                  "LibreOffice's sums and 0.5 - gauss(z) give another tiny number (6.11E-16): "
                  "both within a few units of 1's last digit of 0",
    "ztest-asymptotic": "Z.TEST (ZTEST) with z = (mean - x)/(sigma/sqrt(n)) of 5 or more: Excel's "
                        "formula 1 - NORM.S.DIST(z,TRUE) is the normal tail (ZTEST({0,10},1,1), "
                        "z 5.657: 7.70863E-09); LibreOffice's gauss takes the tail there from "
                        "the first five terms of its asymptotic series, phi(z)/z x (1 - 1/z^2 + "
                        "3/z^4 - 15/z^6 + 105/z^8) (7.70880E-09)",
    "ztest-wrapped-z": "Z.TEST (ZTEST) with |z| of 65536 or more (a sigma tiny beside the mean's "
                       "distance from x): Excel's formula 1 - NORM.S.DIST(z,TRUE) is 0 or 1; "
                       "LibreOffice 7.4's gauss takes floor(|z|) as a 16-bit integer, and where "
                       "that wraps below 5 (|z| at most 5 past a multiple of 65536, or 2^31 and "
                       "more: 0) it sums its series for small z, a huge number or an overflow "
                       "(ZTEST({1,1,1},0,SQRT(3)/65536) is 1.28E+98 there, "
                       "ZTEST({1,1,1},0,SQRT(3)/1.9E14) #NUM!)",
    "chisq-density-at-zero": "CHISQ.DIST(0,df,FALSE) with df 2 (2.7 truncated is 2): sheetgd 0.5, "
                             "the density's value at 0 (GAMMA.DIST(0,1,2,FALSE) in both); "
                             "LibreOffice's chi-squared density is 0 for every x <= 0",
    "f-lower-tail": "F.DIST cumulative far in its lower tail (below 1E-6): sheetgd's (scipy's "
                    "fdtr) is the regularized incomplete beta function to the last digits "
                    "(checked at 30 digits); LibreOffice 7.4's differs from about the seventh "
                    "(F.DIST(0.1,30,100,TRUE): 3.79809295E-10, against 3.798093648095629E-10)",
    "ztest-gauss": "Z.TEST (ZTEST) with |z| below 1: Excel's formula, 1 - NORM.S.DIST(z,TRUE) (its "
                   "page), to the last digit in sheetgd; LibreOffice 7.4 computes 0.5 - its "
                   "gauss(z), whose first series is good to about 1E-9 (Z.TEST({2,0},0.3,1): 0.161099402894744 "
                   "where its own 1-NORM.S.DIST(0.7*SQRT(2),TRUE) gives 0.161099403081291, measured)",
    "weibull-one-minus": "WEIBULL.DIST (WEIBULL) cumulative of a tiny probability: its page's "
                         "1 - e^(-(x/beta)^alpha), which sheetgd computes as written, keeps no "
                         "digit below 1's last (9.999999506238311E-08); LibreOffice's keeps them "
                         "(9.99999949513608E-08): both within a few units of 1's last digit",
    "weibull-density-terms": "WEIBULL.DIST (WEIBULL) density where beta^alpha or "
                             "x^(alpha-1) is past a double's range: sheetgd gives the density "
                             "(WEIBULL(10,6812.04,10,FALSE): 250.60, scipy's weibull_min.pdf); "
                             "LibreOffice 7.4 multiplies its page's terms as written, "
                             "alpha/beta^alpha x x^(alpha-1) x e^-(x/beta)^alpha, and an "
                             "infinity times 0 is #NUM! (or the product 0)",
    "gamma-huge-x": "GAMMA.DIST (GAMMADIST) cumulative with x/beta of 1E+100 or more: sheetgd "
                    "1, the distribution's limit (scipy's gamma.cdf); LibreOffice 7.4 1 at some "
                    "such x and #N/A at others (its series does not converge), measured with "
                    "alpha 0.1, beta 1: 1E+100 #N/A, 1E+102 1, 1E+103 #N/A",
    "gamma-huge-shape": "GAMMA.DIST (GAMMADIST) cumulative and GAMMA.INV (GAMMAINV) with alpha of "
                        "1E+7 or more: sheetgd scipy's gamma.cdf and its inverse "
                        "(GAMMA.INV(0.5,1E+7,1) is 9999999.67, the median); LibreOffice 7.4 #N/A "
                        "(its series does not converge; 1E+6 still computes), measured",
    "negbinom-one-minus": "NEGBINOM.DIST cumulative of a small probability: sheetgd's keeps "
                          "its digits (NEGBINOM.DIST(10,19,0.01,TRUE) is 1.82E-31, scipy's "
                          "nbinom.cdf); LibreOffice 7.4's is off by up to a few units of 1's last "
                          "digit, as 1 minus the other tail is (0 there; 7.39186E-13 for "
                          "(10,19,0.1,TRUE), whose value is 7.39128E-13), measured",
    "negbinom-one-trial": "NEGBINOMDIST with no failure and one success (number_f 0, number_s 1 "
                          "after truncation): Excel's page refuses only number_f < 0 and "
                          "number_s < 1, so sheetgd gives probability_s; LibreOffice 7.4's "
                          "ScNegBinomDist refuses number_f + number_s <= 1 (#VALUE!)",
}


#: Categories recognised once LibreOffice's logical values are numbers (the data
#: of ZTEST({FALSE,10},1,1) is 0 and 10 there: booleans+ztest-asymptotic).
WITH_BOOLEANS = {"ztest-asymptotic"}


def classify(node, operands, sg, lo):
    """The family's category (:data:`CATEGORIES`) whose LibreOffice rule,
    recomputed from ``operands``, gives ``lo``, or ``approximate-subtraction``
    inside STEYX (:func:`_steyx_cancels`); None when none does."""
    from sheetgd.engine import XLError
    from sheetgd.engine.nodes import Call

    if not isinstance(node, Call):
        return None
    if node.name == "STEYX" and _steyx_cancels(operands, sg, lo):
        return "approximate-subtraction"
    if node.name == "CHISQ.DIST" and _chisq_density_at_zero(operands, sg, lo):
        return "chisq-density-at-zero"
    if _test_replicated(node, operands, lo):
        return "test-replicated"
    if node.name in ("Z.TEST", "ZTEST") and _ztest_tail(sg, lo):
        return "ztest-tail"
    if node.name in ("Z.TEST", "ZTEST") and _ztest_asymptotic(operands, sg, lo):
        return "ztest-asymptotic"
    if node.name in ("Z.TEST", "ZTEST") and _ztest_gauss(operands, sg, lo):
        return "ztest-gauss"
    if node.name in ("Z.TEST", "ZTEST") and _ztest_wrapped_z(operands, sg, lo):
        return "ztest-wrapped-z"
    if _is_if_error(node, operands, sg, lo):
        return "is-if-error"
    if node.name in ("WEIBULL.DIST", "WEIBULL") and len(operands) == 4 and operands[3] is True \
            and isinstance(sg, float) and isinstance(lo, float) and max(sg, lo) < 1e-6 \
            and abs(sg - lo) <= 4 * _EPSILON:
        return "weibull-one-minus"
    if node.name == "F.DIST" and _f_lower_tail(operands, sg, lo):
        return "f-lower-tail"
    if node.name in ("WEIBULL.DIST", "WEIBULL") and _weibull_density_terms(operands, sg, lo):
        return "weibull-density-terms"
    if node.name in ("GAMMA.DIST", "GAMMADIST", "GAMMA.INV", "GAMMAINV") \
            and _gamma_huge_shape(node.name, operands, sg, lo):
        return "gamma-huge-shape"
    if node.name in ("GAMMA.DIST", "GAMMADIST") and _gamma_huge_x(operands, sg, lo):
        return "gamma-huge-x"
    if node.name == "NEGBINOM.DIST" and len(operands) == 4 and operands[3] in (True, 1.0) \
            and isinstance(sg, float) and isinstance(lo, float) and max(sg, lo) < 1e-6 \
            and abs(sg - lo) <= 4 * _EPSILON:
        return "negbinom-one-minus"
    if node.name == "NEGBINOMDIST" and _negbinom_one_trial(operands, sg, lo):
        return "negbinom-one-trial"
    if node.name in ("BETA.DIST", "BETADIST") and sg in (0.0, 1.0) and isinstance(lo, XLError) \
            and lo.kind == "#NUM!" and len(operands) > 2 \
            and any(isinstance(v, float) and v > 1e150 for v in operands[1:3]):
        return "beta-overflow"
    return None


def _gamma_huge_x(operands, sg, lo) -> bool:
    """Cumulative GAMMA.DIST with x/beta of 1E+100 or more: sheetgd's 1,
    LibreOffice's #N/A."""
    from sheetgd.engine import XLError

    if len(operands) != 4 or sg != 1.0 or not (isinstance(lo, XLError) and lo.kind == "#N/A") \
            or operands[3] not in (True, 1.0):
        return False
    x, _, beta = operands[:3]
    return all(isinstance(v, float) and not isinstance(v, bool) for v in (x, beta)) \
        and beta > 0 and x / beta >= 1e100


def _gamma_huge_shape(name, operands, sg, lo) -> bool:
    """Cumulative GAMMA.DIST or GAMMA.INV with alpha of 1E+7 or more:
    LibreOffice's #N/A; sheetgd's a probability, or (GAMMA.INV) a value
    whose neighbouring doubles' cumulative probabilities (scipy's) hold p
    (at alpha 1E+300 the spread is far below a double's spacing)."""
    from scipy.stats import gamma

    from sheetgd.engine import XLError

    if not (isinstance(lo, XLError) and lo.kind == "#N/A" and isinstance(sg, float)
            and len(operands) >= 3 and all(isinstance(v, float) and not isinstance(v, bool)
                                           for v in operands[:3])):
        return False
    first, alpha, beta = operands[:3]
    if alpha < 1e7 or beta <= 0:
        return False
    if name in ("GAMMA.INV", "GAMMAINV"):  # p between the probabilities of its neighbours
        below, above = (float(gamma.cdf(math.nextafter(sg, to), alpha, scale=beta))
                        for to in (-math.inf, math.inf))
        return below - 1e-9 <= first <= above + 1e-9
    return len(operands) == 4 and operands[3] in (True, 1.0) and 0.0 <= sg <= 1.0


def _is_if_error(node, operands, sg, lo) -> bool:
    """SKEW, SKEW.P or KURT whose first error argument is sheetgd's answer,
    followed by an IF(IS...(...), ...) argument, and LibreOffice's #VALUE!."""
    from sheetgd.engine import XLError
    from sheetgd.engine.nodes import Call

    from ..fuzz_tree import strip

    if not (node.name in ("SKEW", "SKEW.P", "KURT") and isinstance(sg, XLError)
            and isinstance(lo, XLError) and lo.kind == "#VALUE!" and sg.kind != "#VALUE!"
            and len(operands) == len(node.args)):
        return False
    errors_at = [i for i, v in enumerate(operands) if isinstance(v, XLError)]
    if not errors_at or operands[errors_at[0]].kind != sg.kind:
        return False
    later = (strip(a) for a in node.args[errors_at[0] + 1:])
    return any(isinstance(a, Call) and a.name == "IF" and a.args
               and isinstance(strip(a.args[0]), Call) and strip(a.args[0]).name.startswith("IS")
               for a in later)


_EPSILON = 2.220446049250313e-16  # a unit of 1's last digit


def libreoffice_weibull_density(x: float, alpha: float, beta: float) -> float | None:
    """LibreOffice 7.4's WEIBULL density (its ScWeibull): the page's terms
    multiplied in doubles as written, alpha/pow(beta,alpha)*pow(x,alpha-1)*
    exp(-pow(x/beta,alpha)); None where that is not a finite number (an
    infinity times 0: its #NUM!)."""
    import numpy as np

    with np.errstate(all="ignore"):
        a, b, t = np.float64(alpha), np.float64(beta), np.float64(x)
        value = a / np.power(b, a) * np.power(t, a - 1.0) * np.exp(-np.power(t / b, a))
    return float(value) if np.isfinite(value) else None


def _weibull_density_terms(operands, sg, lo) -> bool:
    """A WEIBULL density that sheetgd computes and LibreOffice's term-by-term
    product turns into #NUM! or another number, because beta^alpha or
    x^(alpha-1) leaves a double's range (overflows or underflows)."""
    import numpy as np
    from sheetgd.engine import XLError

    if len(operands) != 4 or not all(isinstance(v, float) for v in operands[:3]) \
            or operands[3] not in (False, 0.0) or not isinstance(sg, float):
        return False
    x, alpha, beta = operands[:3]
    if not (x > 0 and alpha > 0 and beta > 0):
        return False
    with np.errstate(all="ignore"):
        terms = (np.power(np.float64(beta), alpha), np.power(np.float64(x), alpha - 1.0))
    if all(0 < t < np.inf for t in terms):
        return False  # every term a double: no difference of this kind
    redone = libreoffice_weibull_density(x, alpha, beta)
    if redone is None:
        return isinstance(lo, XLError) and lo.kind == "#NUM!"
    return isinstance(lo, float) and (redone == lo or abs(redone - lo) <= 1e-12 * abs(lo))


def _negbinom_one_trial(operands, sg, lo) -> bool:
    """NEGBINOMDIST(f, s, p) that LibreOffice refuses as f + s <= 1 (both
    truncated: its ScNegBinomDist) and sheetgd computes (f 0, s 1: p)."""
    from sheetgd.engine import XLError

    if len(operands) != 3 or not all(isinstance(v, float) for v in operands):
        return False
    f, s, p = math.floor(operands[0]), math.floor(operands[1]), operands[2]
    return (isinstance(sg, float) and isinstance(lo, XLError) and lo.kind == "#VALUE!"
            and f + s <= 1 and 0 <= p <= 1)


def libreoffice_ztest_tail(z: float) -> float | None:
    """LibreOffice 7.4's 0.5 - gauss(z) for z >= 5 (its ScZTest, ScGauss):
    gauss(z) is 0.5 minus the asymptotic series of the normal tail cut after
    five terms, phi(z)/z x (1 - 1/z^2 + 3/z^4 - 15/z^6 + 105/z^8)
    (Abramowitz and Stegun 26.2.12), and that is taken from 0.5 again;
    None below 5, where its gauss is the tail to the last digit."""
    if not z >= 5:
        return None
    t = 1.0 / (z * z)
    series = 1 - t * (1 - t * (3 - t * (15 - t * 105)))
    gauss = 0.5 - math.exp(-z * z / 2) / math.sqrt(2 * math.pi) * series / z
    return 0.5 - gauss


def _ztest_z(operands) -> float | None:
    """LibreOffice's z of Z.TEST(data, x, sigma): the data's numbers (its
    logical values numbers, as it has no boolean type), (mean - x) x
    sqrt(n)/sigma, the sample standard deviation for an omitted sigma."""
    from sheetgd.engine import EMPTY
    from sheetgd.engine.values import Array

    if len(operands) not in (2, 3) or not isinstance(operands[1], float):
        return None
    data = list(operands[0].flat()) if isinstance(operands[0], Array) else [operands[0]]
    if any(not isinstance(v, (float, bool, str)) and v is not EMPTY for v in data):
        return None  # an error in the data
    nums = [float(v) for v in data if isinstance(v, (float, bool))]
    n = len(nums)
    sigma = operands[2] if len(operands) == 3 else None
    if n < 2 or sigma is not None and not (isinstance(sigma, float) and sigma > 0):
        return None
    mean = math.fsum(nums) / n
    if sigma is None:
        sigma = math.sqrt(math.fsum((x - mean) ** 2 for x in nums) / (n - 1))
        if sigma == 0:
            return None
    return (mean - operands[1]) * math.sqrt(n) / sigma


def _ztest_asymptotic(operands, sg, lo) -> bool:
    """Z.TEST with z >= 5: sheetgd's value the normal tail of z (to a few
    units of 1's last digit: it computes 1 - NORM.S.DIST), LibreOffice's
    the five-term series (:func:`libreoffice_ztest_tail`), both of the z
    its operands give."""
    from scipy.special import ndtr

    z = _ztest_z(operands)
    theirs = None if z is None else libreoffice_ztest_tail(z)
    return (theirs is not None and isinstance(sg, float) and isinstance(lo, float)
            and abs(sg - float(ndtr(-z))) <= 4 * _EPSILON and abs(lo - theirs) <= 4 * _EPSILON
            and sg != lo)


def _ztest_gauss(operands, sg, lo) -> bool:
    """Z.TEST with |z| below 1 (the first series of LibreOffice's gauss,
    :func:`libreoffice_gauss_branch` 0) where sheetgd's value is the normal
    tail of z to a few units of 1's last digit and LibreOffice's within
    1E-9 of it (that series' error; at z 4.24 its gauss keeps the digits)."""
    from scipy.special import ndtr

    z = _ztest_z(operands)
    return (z is not None and math.isfinite(z) and libreoffice_gauss_branch(z) == 0
            and isinstance(sg, float) and isinstance(lo, float)
            and abs(sg - float(ndtr(-z))) <= 4 * _EPSILON and abs(lo - sg) <= 1e-9 and lo != sg)


def libreoffice_gauss_branch(z: float) -> int:
    """The integer LibreOffice 7.4's gauss(z) chooses its series by: floor(|z|)
    cast to 16 bits (its ScInterpreter::gauss, sal_uInt16), through a 32-bit
    integer on x86-64, so 2^31 and beyond give 0 (measured:
    ZTEST({1,1,1},0,SQRT(3)/(2^32+70000)) is 7.67E+208, not the tail)."""
    whole = math.floor(abs(z))
    return 0 if whole >= 2 ** 31 else whole % 65536


def _ztest_wrapped_z(operands, sg, lo) -> bool:
    """Z.TEST whose |z| is 65536 or more and wraps, as LibreOffice's 16-bit
    integer, below 5 (:func:`libreoffice_gauss_branch`): its series for small
    z then gives no probability (#NUM! or a number past 1), sheetgd Excel's
    1 - NORM.S.DIST(z,TRUE) (seed 24's ZTEST(data!A4:C8,0,5.2E-14): 1)."""
    from scipy.special import ndtr

    from sheetgd.engine import XLError

    z = _ztest_z(operands)
    if z is None or not math.isfinite(z) or abs(z) < 65536 or libreoffice_gauss_branch(z) >= 5:
        return False
    no_probability = (isinstance(lo, XLError) and lo.kind == "#NUM!"
                      or isinstance(lo, float) and abs(lo) > 1)
    return (no_probability and isinstance(sg, float)
            and abs(sg - float(ndtr(-z))) <= 4 * _EPSILON)


def _ztest_tail(sg, lo) -> bool:
    """Two p-values of Z.TEST both below 1E-13 and within four units of 1's
    last digit of each other: 1 - p there has no digits left to compare."""
    return (isinstance(sg, float) and isinstance(lo, float) and max(abs(sg), abs(lo)) < 1e-13
            and abs(sg - lo) <= 4 * _EPSILON)


#: The tests LibreOffice 7.4 evaluates as arrays (measured: COUNTA(F.TEST({3,2,8},{5,6,1}))
#: is 3 there; COUNTA(FTEST(...)) 1, and TTEST and FORECAST are not repeated either).
REPLICATED_TESTS = {"T.TEST", "F.TEST", "CHISQ.TEST", "CHITEST", "FORECAST.LINEAR"}


def replicated_shape(call, arg_values) -> tuple[int, int] | None:
    """The shape LibreOffice repeats the value of ``call`` (a test of
    :data:`REPLICATED_TESTS`) in where arrays are forced: the most rows by
    the most columns of its arguments' arrays (``arg_values``: Array for a
    range or array constant), measured in LibreOffice 7.4
    (SUMPRODUCT(F.TEST(A1:B3,C1:C8)) is 16 times the p-value); None for
    another call, or one without array arguments."""
    from sheetgd.engine.nodes import Call
    from sheetgd.engine.values import Array

    if not (isinstance(call, Call) and call.name in REPLICATED_TESTS):
        return None
    arrays = [v for v in arg_values if isinstance(v, Array)]
    if not arrays:
        return None
    return max(a.height for a in arrays), max(a.width for a in arrays)


def _test_replicated(node, operands, lo) -> bool:
    """An aggregate (tests/fuzz_redo.py's AGGREGATES) with a test among its
    arguments that is given an array constant: recomputed with that
    argument's value repeated in an array of the constant's shape (the
    largest, when several), LibreOffice's evaluation, it gives LibreOffice's
    value."""
    from sheetgd.engine import EMPTY, Workbook
    from sheetgd.engine.nodes import ArrayLit, Call, render
    from sheetgd.engine.values import Array

    from ..fuzz_redo import AGGREGATES
    from ..fuzz_tree import literal, strip

    if node.name not in AGGREGATES | {"XOR"} or len(operands) != len(node.args):
        return False  # (XOR: its parity counts the repeats, seed 9)
    args, replicated = [], False
    for arg, value in zip(node.args, operands):
        call = strip(arg)
        shapes = [(len(a.rows), len(a.rows[0])) for a in getattr(call, "args", ())
                  if isinstance(a, ArrayLit)]
        if isinstance(call, Call) and call.name in REPLICATED_TESTS and shapes and not isinstance(value, Array):
            rows, cols = max(h for h, _ in shapes), max(w for _, w in shapes)
            value = Array(tuple(tuple(value for _ in range(cols)) for _ in range(rows)))
            replicated = True
        if isinstance(value, Array):
            if any(v is None or v is EMPTY for v in value.flat()):  # no literal for an empty cell
                return False
            args.append(ArrayLit(tuple(tuple(literal(v) for v in row) for row in value.rows)))
        elif value is None:
            return False
        else:
            args.append(literal(value))
    if not replicated:
        return False
    book = Workbook(dynamic_arrays=False)
    book.add_sheet("s")
    book.set("s!A1", "=" + render(Call(node.name, tuple(args)), 1, 1))
    redone = book.value("s!A1")
    return redone == lo or (isinstance(redone, float) and isinstance(lo, float)
                            and abs(redone - lo) <= 1e-9 * max(1.0, abs(lo)))


def libreoffice_chisq_density(x: float, df: float) -> float | None:
    """LibreOffice 7.4's CHISQ.DIST(x, df, FALSE) where it differs from the
    density: 0 for every x <= 0 (its GetChiSqDistPDF returns 0 there, "see
    ODFF", before looking at df, which ScChiSqDist_MS truncates as Excel
    does); None elsewhere (both compute the density)."""
    return 0.0 if x <= 0 and df >= 1 else None


def _chisq_density_at_zero(operands, sg, lo) -> bool:
    """CHISQ.DIST(0, df, FALSE) where sheetgd gives the density's finite
    value at 0 (df 2: 0.5) and LibreOffice its rule's 0."""
    from sheetgd.engine.values import to_number

    if len(operands) != 3 or not isinstance(sg, float) or not isinstance(lo, float):
        return False
    x, df, cumulative = (to_number(v) if isinstance(v, (float, bool, str)) else None
                         for v in operands)
    if not all(isinstance(v, float) for v in (x, df, cumulative)) or cumulative != 0:
        return False
    return sg != 0 and libreoffice_chisq_density(x, math.trunc(df)) == lo


def _steyx_cancels(operands, sg, lo) -> bool:
    """STEYX whose residual sum of squares, Syy - Sxy^2/Sxx, nearly cancels
    (y exactly on a line): LibreOffice's approxSub makes it 0, where Excel's
    formula keeps the last bits (whose square root, 8E-8, is far from 0)."""
    from sheetgd.engine.functions.regression import moments
    from sheetgd.engine.values import Array

    from ..fuzz_explain import approximately_cancels

    if not (len(operands) == 2
            and all(isinstance(a, Array) for a in operands) and isinstance(sg, float) and lo == 0.0):
        return False
    m = moments(*operands)
    if not isinstance(m, tuple) or m[4] == 0:
        return False
    syy, fitted = m[3], m[5] * m[5] / m[4]
    return approximately_cancels(syy, fitted)


_COUNTS = ["0", "1", "2", "3", "5", "6.5", "10", "-1"]


def _at_most_1000(count: str) -> str:
    """A drawn count kept below 1001 (the same draws as ``count``: the other
    formulas of a seed stay the same)."""
    return count if count in _COUNTS else f"MIN({count},1000)"


def _at_most(drawn: str, small: tuple) -> str:
    """A drawn number kept below 1001 unless it is one of the ``small`` literals."""
    return drawn if drawn in small else f"MIN({drawn},1000)"


def table(g) -> dict:
    rng = g.rng

    def pick(choices, d):
        choice = rng.choice(choices)
        return choice(d) if callable(choice) else choice

    def num(d):
        return g.num(max(d - 1, 0))

    codes = {
        "x": lambda d: pick(["0", "1", "-1.5", "2.5", "0.3", "42", num, num], d),
        "x0": lambda d: pick(["0", "1", "-1.5", "2.5", "0.3", "42", lambda _: g.cell()], d),
        "p": lambda d: pick(["0.05", "0.5", "0.975", "0.25", "0.9", "0.01", "0", "1", "1.5",
                             "-0.1", num], d),
        "pos": lambda d: pick(["1", "2", "0.5", "3.5", "10", "0.1", "0", "-1", num], d),
        "events": lambda d: pick(["0", "1", "3", "6.5", "10", "40", "-1"], d),
        "mean": lambda d: pick(["1", "2", "0.5", "3.5", "10", "0.1", "0", "-1", "250"], d),
        "df": lambda d: pick(["1", "2", "3", "5", "10", "30", "2.7", "0.5", "0", "100",
                              lambda _: g.cell()], d),
        "cum": lambda d: pick(["TRUE", "FALSE", "1", "0", g.logic], d),
        "tails": lambda d: pick(["1", "2", "2.5", "3", "0"], d),
        "ttype": lambda d: pick(["1", "2", "3", "3.9", "4"], d),
        "count": lambda d: pick(_COUNTS + [num], d),
        # (a population at most 1000: LibreOffice's HYPGEOM.DIST(3,10,10,1E+300,0) runs for minutes)
        "big": lambda d: _at_most(pick(["10", "20", "12", "5", num], d), ("10", "20", "12", "5")),
        "trials": lambda d: _at_most_1000(pick(_COUNTS + [num], d)),
        "lo": lambda d: pick(["0", "-1", "0.2", num], d),
        "hi": lambda d: pick(["1", "2", "0.8", num], d),
        "data": lambda d: pick([lambda _: g.any_range(), lambda _: g.range_(), lambda _: g.array(), num], d),
        "k": lambda d: pick(["1", "2", "3", "1.5", "0", "9", num], d),
        "quart": lambda d: pick(["0", "1", "2", "3", "4", "2.5", "5", num], d),
        "digits": lambda d: pick(["1", "2", "3", "0", "4.5"], d),
        "cell": lambda d: pick([lambda _: g.cell(), num], d),
        "range": lambda d: g.range_(),
        "order": lambda d: pick(["0", "1", "-1", "TRUE"], d),
        "numcol": lambda d: g.range_("AB", one_dim=True),
    }

    def pair(d):  # two arrays of one size: columns of the data block, or array constants
        roll = rng.random()
        if roll < 0.6:
            r1 = rng.randint(1, 6)
            r2 = rng.randint(r1 + 1, 8)
            a, b = rng.sample("ABCDF", 2)
            return f"data!{a}{r1}:{a}{r2}", f"data!{b}{r1}:{b}{r2}"
        if roll < 0.8:
            return g.range_(one_dim=True), g.range_(one_dim=True)  # sizes may differ
        n = rng.randint(2, 5)
        nums = lambda: "{" + ",".join(str(rng.choice([1, 2, 3, 0, -1, 2.5, 10, 7])) for _ in range(n)) + "}"
        return nums(), nums()

    def make_call(name, signature):
        parts = signature.split()

        def make(d):
            args = []
            cols = None
            for i, code in enumerate(parts):
                optional = code.endswith("?")
                code = code.rstrip("?")
                if optional and rng.random() < 0.4:
                    break
                if code == "col":
                    if cols is None:
                        cols = list(pair(d))
                    args.append(cols.pop(0))
                elif code == "numcol" and i and parts[i - 1] == "numcol":
                    first = args[-1]
                    args.append(first.replace("data!A", "data!B") if "data!A" in first
                                else first.replace("data!B", "data!A"))
                else:
                    args.append(codes[code](d))
            return f"{name}({','.join(args)})"
        return make

    def fit(name):  # an array result: one of its values, or the first
        def make(d):
            y, x = pair(d)
            args = [y, x] if rng.random() < 0.8 else [y]
            if name in ("TREND", "GROWTH"):
                if len(args) == 2 and rng.random() < 0.5:
                    args.append(rng.choice([g.number_literal(), "{1,2}", g.range_(one_dim=True)]))
                if rng.random() < 0.3:
                    args.append(rng.choice(["TRUE", "FALSE"]))
                call = f"{name}({','.join(args)})"
                return call if rng.random() < 0.5 else f"INDEX({call},{rng.randint(1, 2)})"
            if rng.random() < 0.5:  # (literals: no site is cut inside an array argument)
                args += [rng.choice(["TRUE", "FALSE", "1", "0"]) for _ in range(2)]
            call = f"{name}({','.join(args)})"
            return call if rng.random() < 0.3 else f"INDEX({call},{rng.randint(1, 5)},{rng.randint(1, 2)})"
        return make

    def prob(d):
        xs, ps = rng.choice([("{0,1,2,3}", "{0.2,0.3,0.1,0.4}"), ("{1;2;3}", "{0.5;0.25;0.25}"),
                             ("{0,1,2,3}", "{0.2,0.3,0.1,0.5}"), ("{1,2}", "{0.5,0.5,0}")])
        args = [xs, ps, codes["count"](d)]
        if rng.random() < 0.5:
            args.append(codes["count"](d))
        return f"PROB({','.join(args)})"

    out = {name: ("num", make_call(name, sig)) for name, sig in SIGNATURES.items()
           if name not in EXCLUDED}
    out.update({name: ("num", fit(name)) for name in ("LINEST", "LOGEST", "TREND", "GROWTH")})
    out["PROB"] = ("num", prob)
    def mode_mult(d):  # ranges, arrays and numbers (an IF giving a range is evaluated as an
        args = [pick([lambda _: g.any_range(), lambda _: g.array(), num, '"3"'], d)  # array there)
                for _ in range(rng.randint(1, 3))]
        return f"INDEX(MODE.MULT({','.join(args)}),1)"

    out["MODE.MULT"] = ("num", mode_mult)

    def frequency(d):  # one of its counts (bins: a range, an array constant or a number)
        data = pick([lambda _: g.any_range(), lambda _: g.range_(), lambda _: g.array()], d)
        bins = pick([lambda _: g.range_(one_dim=True), lambda _: g.array(), num], d)
        call = f"FREQUENCY({data},{bins})"
        return call if rng.random() < 0.3 else f"INDEX({call},{rng.randint(1, 3)})"

    out["FREQUENCY"] = ("num", frequency)
    for name in DRAWN_AS_SUM:
        if name not in out:
            out[name] = ("num", lambda d, name=name: f"{name}({g.agg_args(d - 1)})")
    return out


def _f_lower_tail(operands, sg, lo) -> bool:
    """F.DIST cumulative below 1E-6 where LibreOffice's value is within
    1E-5 of sheetgd's, relatively, and sheetgd's is the F distribution's
    probability, I_{d1 x/(d1 x + d2)}(d1/2, d2/2), to 1E-13 (mpmath, 30 digits)."""
    if not (len(operands) == 4 and operands[3] in (True, 1.0) and all(
            isinstance(v, float) and not isinstance(v, bool) for v in operands[:3])
            and isinstance(sg, float) and isinstance(lo, float) and 0 < sg < 1e-6
            and abs(sg - lo) <= 1e-5 * sg):
        return False
    import mpmath

    x, d1, d2 = operands[0], int(operands[1]), int(operands[2])
    if x <= 0 or d1 < 1 or d2 < 1:
        return False
    with mpmath.workdps(30):
        z = mpmath.mpf(d1) * x / (mpmath.mpf(d1) * x + d2)
        exact = mpmath.betainc(mpmath.mpf(d1) / 2, mpmath.mpf(d2) / 2, 0, z, regularized=True)
    return abs(sg - float(exact)) <= 1e-13 * sg
