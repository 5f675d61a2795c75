"""Probability distributions: NORM, LOGNORM, T, CHISQ, F, BETA, GAMMA, EXPON,
WEIBULL (continuous) and BINOM, NEGBINOM, POISSON, HYPGEOM (discrete), each
in Excel 2010's names (NORM.DIST, NORM.INV, ...) and the legacy ones
(NORMDIST, NORMINV, ...).

Each distribution is declared once, as a :class:`Dist`: its parameters,
which of them Excel truncates to integers, their domain and the support of
x, and its functions (density, cumulative, right tail, their inverses, from
scipy.special / scipy.stats).  Every spreadsheet function is then one row
of :data:`FUNCTIONS`: a name, a *form* (density-or-cumulative with a
``cumulative`` argument, cumulative only, right tail, inverse ...) and the
distribution; a legacy name is the same distribution in another form
(NORMDIST is NORM.DIST; NORMSDIST is NORM.S.DIST always cumulative; CHIDIST
is CHISQ.DIST.RT).

Excel's rules, from each function's page on support.microsoft.com: a
non-numeric argument is #VALUE! (the gate's coercion); an integer argument
(degrees of freedom, trials, successes) is truncated; a parameter outside
its domain, an x outside the support (NORM's is every number, LOGNORM's is
x > 0, GAMMA's x >= 0 ...) or a probability outside (0, 1) for an inverse
is #NUM!; so is a result that is not a finite number (an infinite density).
EXPON's and WEIBULL's cumulative distributions are computed as their
formulas read, 1 - EXP(...), as LibreOffice does (0, not 8E-22, far in the
left tail).
"""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Callable

import numpy as np

from .. import errors
from ..values import EMPTY, checked
from ._lazy import LazyModule
from .base import LOGICAL, NUMBER, function, opt

special = LazyModule("scipy.special")  # imported at the first call that needs it


@lru_cache(maxsize=None)
def _stats():
    """scipy.stats, imported on first use (it takes a while to import)."""
    import scipy.stats
    return scipy.stats


def _int(x: float) -> float:
    return float(math.trunc(x))


@dataclass(frozen=True)
class Dist:
    """A distribution as Excel's functions take it.

    ``params``: the names of its parameters after x (or p); ``optional``:
    trailing parameters with their defaults (BETA's A and B); ``integers``:
    the indices of x (0) and parameters (1..) Excel truncates;
    ``valid(*params)``: whether the parameters are in the domain;
    ``support(x, *params)``: whether x is; ``pdf``, ``cdf``, ``sf``,
    ``ppf``, ``isf``: functions of (x or p, *params).
    """

    name: str
    params: tuple
    valid: Callable
    support: Callable
    pdf: Callable
    cdf: Callable
    sf: Callable | None = None
    ppf: Callable | None = None
    isf: Callable | None = None
    optional: tuple = ()
    integers: frozenset = field(default_factory=frozenset)
    p_open_at_zero: bool = True  # an inverse at p = 0 is #NUM! (else its left end)

    def prepare(self, x, params):
        """(x, params) truncated where Excel truncates, or an #NUM! error."""
        x = _int(x) if 0 in self.integers else x
        params = tuple(_int(v) if i + 1 in self.integers else v for i, v in enumerate(params))
        if not self.valid(*params):
            return errors.NUM(f"{self.name}: a parameter is out of its domain")
        return x, params


def _num(x):
    """A scipy result as a cell value: finite float, else #NUM!."""
    return checked(float(x))


def _computed(fn, *args):
    """``fn(*args)`` as a cell value: #NUM! for an overflow or invalid
    operation (numpy's warnings silenced: they become the error)."""
    try:
        with np.errstate(all="ignore"):
            return _num(fn(*args))
    except (OverflowError, ValueError, ZeroDivisionError):
        return errors.NUM("overflow or invalid operation")


# --- the distributions -----------------------------------------------------------

_SQRT_2PI = math.sqrt(2 * math.pi)


def _norm_pdf(x, mean, sd):
    z = (x - mean) / sd
    return math.exp(-0.5 * z * z) / (_SQRT_2PI * sd)


NORMAL = Dist(
    "NORM", ("mean", "standard_dev"), valid=lambda m, s: s > 0, support=lambda x, m, s: True,
    pdf=_norm_pdf, cdf=lambda x, m, s: special.ndtr((x - m) / s),
    ppf=lambda p, m, s: m + s * special.ndtri(p))

STANDARD_NORMAL = Dist(
    "NORM.S", (), valid=lambda: True, support=lambda z: True,
    pdf=lambda z: _norm_pdf(z, 0.0, 1.0), cdf=lambda z: special.ndtr(z), ppf=lambda p: special.ndtri(p))

LOGNORMAL = Dist(
    "LOGNORM", ("mean", "standard_dev"), valid=lambda m, s: s > 0, support=lambda x, m, s: x > 0,
    pdf=lambda x, m, s: _norm_pdf(math.log(x), m, s) / x,
    cdf=lambda x, m, s: special.ndtr((math.log(x) - m) / s),
    ppf=lambda p, m, s: math.exp(m + s * special.ndtri(p)))

STUDENT_T = Dist(
    "T", ("deg_freedom",), valid=lambda df: df >= 1, support=lambda x, df: True,
    pdf=lambda x, df: _stats().t.pdf(x, df), cdf=lambda x, df: special.stdtr(df, x),
    sf=lambda x, df: special.stdtr(df, -x), ppf=lambda p, df: special.stdtrit(df, p),
    isf=lambda p, df: -special.stdtrit(df, p), integers=frozenset({1}))

CHI_SQUARED = Dist(
    "CHISQ", ("deg_freedom",), valid=lambda df: 1 <= df <= 1e10, support=lambda x, df: x >= 0,
    pdf=lambda x, df: _stats().chi2.pdf(x, df), cdf=lambda x, df: special.chdtr(df, x),
    sf=lambda x, df: special.chdtrc(df, x), ppf=lambda p, df: special.chdtri(df, 1 - p),
    isf=lambda p, df: special.chdtri(df, p), integers=frozenset({1}), p_open_at_zero=False)

F_DIST = Dist(
    "F", ("deg_freedom1", "deg_freedom2"), valid=lambda a, b: 1 <= a < 1e10 and 1 <= b < 1e10,
    support=lambda x, a, b: x >= 0,
    pdf=lambda x, a, b: _stats().f.pdf(x, a, b), cdf=lambda x, a, b: special.fdtr(a, b, x),
    sf=lambda x, a, b: special.fdtrc(a, b, x), ppf=lambda p, a, b: special.fdtri(a, b, p),
    isf=lambda p, a, b: _stats().f.isf(p, a, b),
    integers=frozenset({1, 2}), p_open_at_zero=False)


def _beta_pdf(z, alpha, beta):
    """scipy's beta density, its two ends where it has a closed form worked
    out here: at 0 for alpha = 1 it is beta, at 1 for beta = 1 alpha
    (1 / B(1, beta) = beta).  Boost, under scipy, computes them as
    1 / B(alpha, beta) and, for a subnormal beta (5E-324), throws an
    overflow that nothing catches: the process was aborted."""
    if z == 0.0 and alpha == 1.0:
        return beta
    if z == 1.0 and beta == 1.0:
        return alpha
    return _stats().beta.pdf(z, alpha, beta)


def _beta_valid(alpha, beta, a, b):
    return alpha > 0 and beta > 0 and a < b


BETA = Dist(
    "BETA", ("alpha", "beta", "A", "B"), optional=(0.0, 1.0), valid=_beta_valid,
    support=lambda x, al, be, a, b: a <= x <= b,
    pdf=lambda x, al, be, a, b: _beta_pdf((x - a) / (b - a), al, be) / (b - a),
    cdf=lambda x, al, be, a, b: special.betainc(al, be, (x - a) / (b - a)),
    ppf=lambda p, al, be, a, b: a + (b - a) * special.betaincinv(al, be, p))

GAMMA = Dist(
    "GAMMA", ("alpha", "beta"), valid=lambda a, b: a > 0 and b > 0, support=lambda x, a, b: x >= 0,
    pdf=lambda x, a, b: _stats().gamma.pdf(x, a, scale=b),
    cdf=lambda x, a, b: special.gammainc(a, x / b),
    ppf=lambda p, a, b: b * special.gammaincinv(a, p), p_open_at_zero=False)

EXPONENTIAL = Dist(
    "EXPON", ("lambda",), valid=lambda lam: lam > 0, support=lambda x, lam: x >= 0,
    pdf=lambda x, lam: lam * math.exp(-lam * x), cdf=lambda x, lam: 1.0 - math.exp(-lam * x))

WEIBULL = Dist(
    "WEIBULL", ("alpha", "beta"), valid=lambda a, b: a > 0 and b > 0, support=lambda x, a, b: x >= 0,
    pdf=lambda x, a, b: _stats().weibull_min.pdf(x, a, scale=b),
    cdf=lambda x, a, b: 1.0 - np.exp(-np.power(x / b, a)))

BINOMIAL = Dist(
    "BINOM", ("trials", "probability_s"), valid=lambda n, p: n >= 0 and 0 <= p <= 1,
    support=lambda k, n, p: 0 <= k <= n,
    pdf=lambda k, n, p: _stats().binom.pmf(k, n, p), cdf=lambda k, n, p: _stats().binom.cdf(k, n, p),
    integers=frozenset({0, 1}))

NEGATIVE_BINOMIAL = Dist(
    "NEGBINOM", ("number_s", "probability_s"), valid=lambda s, p: s >= 1 and 0 <= p <= 1,
    support=lambda f, s, p: f >= 0,
    pdf=lambda f, s, p: _stats().nbinom.pmf(f, s, p) if p > 0 else 0.0,  # never s successes
    cdf=lambda f, s, p: _stats().nbinom.cdf(f, s, p) if p > 0 else 0.0,
    integers=frozenset({0, 1}))

POISSON = Dist(
    "POISSON", ("mean",), valid=lambda m: m >= 0, support=lambda k, m: k >= 0,
    pdf=lambda k, m: _stats().poisson.pmf(k, m), cdf=lambda k, m: special.pdtr(k, m),
    integers=frozenset({0}))


def _hypgeom_valid(sample, successes, population):
    return 0 < sample <= population and 0 < successes <= population


def _hypgeom_support(k, sample, successes, population):
    return max(0.0, sample - population + successes) <= k <= min(sample, successes)


HYPERGEOMETRIC = Dist(
    "HYPGEOM", ("number_sample", "population_s", "number_pop"), valid=_hypgeom_valid,
    support=_hypgeom_support,
    pdf=lambda k, n, K, N: _stats().hypergeom.pmf(k, N, K, n),
    cdf=lambda k, n, K, N: _stats().hypergeom.cdf(k, N, K, n),
    integers=frozenset({0, 1, 2, 3}))


# --- the forms of a distribution's functions --------------------------------------

def _value(dist: Dist, which: str, x, params):
    prepared = dist.prepare(x, params)
    if not isinstance(prepared, tuple):
        return prepared
    x, params = prepared
    if not dist.support(x, *params):
        return errors.NUM(f"{dist.name}: x is outside the distribution's support")
    if which == "sf" and dist.sf is None:
        return _computed(lambda: 1.0 - dist.cdf(x, *params))
    value = _computed(getattr(dist, which), x, *params)
    if which == "pdf" and isinstance(value, errors.XLError):  # BETA.DIST(1,10,0.5,FALSE)
        return errors.NUM(f"{dist.name}: infinite density")
    return value


def _inverse(dist: Dist, which: str, p, params):
    prepared = dist.prepare(0.0, params)
    if not isinstance(prepared, tuple):
        return prepared
    _, params = prepared
    if not (0 <= p <= 1) or p == 0 and dist.p_open_at_zero:
        return errors.NUM(f"{dist.name}: probability out of range")
    value = _computed(getattr(dist, which), p, *params)
    if isinstance(value, errors.XLError):  # an infinite end: NORM.INV(1), CHISQ.INV.RT(0)
        return errors.NUM(f"{dist.name}: probability out of range (an infinite quantile)")
    return value


def _declare(name, params, impl, doc, xlfn):
    impl.__doc__ = doc
    function(name, *params, xlfn=xlfn)(impl)


def _params(dist: Dist):
    """The NUMBER parameters after x (optional ones with their defaults)."""
    required = len(dist.params) - len(dist.optional)
    return [NUMBER] * required, [opt(NUMBER, d) for d in dist.optional]


def density_or_cumulative(name, dist, xlfn=True):
    """NAME(x, params..., cumulative[, optional params]): density (or
    probability mass) when cumulative is FALSE, cumulative distribution
    when TRUE (NORM.DIST, BINOM.DIST, NORMDIST ...)."""
    required, optional = _params(dist)
    n = len(required)

    def impl(x, *args):
        params = args[:n] + args[n + 1:]
        return _value(dist, "cdf" if args[n] else "pdf", x, params)

    _declare(name, [NUMBER, *required, LOGICAL, *optional], impl,
             f"{dist.name} density (cumulative FALSE) or cumulative distribution (TRUE) at x; "
             "#NUM! for parameters out of domain or x outside the support (Excel's documentation).",
             xlfn)


def one_form(name, dist, which, xlfn):
    """NAME(x, params...): one function of the distribution (``which``:
    "cdf", "sf" or "pdf": NORMSDIST, CHIDIST, NEGBINOMDIST ...)."""
    required, optional = _params(dist)

    def impl(x, *params):
        return _value(dist, which, x, params)

    what = {"cdf": "cumulative distribution", "sf": "right-tail probability",
            "pdf": "density (probability mass)"}[which]
    _declare(name, [NUMBER, *required, *optional], impl,
             f"{dist.name} {what} at x; #NUM! for parameters out of domain or x outside the "
             "support (Excel's documentation).", xlfn)


def inverse(name, dist, which, xlfn):
    """NAME(probability, params...): the inverse of the cumulative
    distribution (``which`` "ppf") or of the right tail ("isf")."""
    required, optional = _params(dist)

    def impl(p, *params):
        return _inverse(dist, which, p, params)

    tail = "cumulative distribution" if which == "ppf" else "right-tail probability"
    _declare(name, [NUMBER, *required, *optional], impl,
             f"The x whose {dist.name} {tail} is the probability; #NUM! for a probability out of "
             "range or parameters out of domain (Excel's documentation).", xlfn)


#: Every distribution function: (name, form, distribution); the legacy names
#: (no _xlfn. prefix) are the same distributions in their own forms.
FUNCTIONS = [
    ("NORM.DIST", "dist", NORMAL), ("NORMDIST", "dist", NORMAL),
    ("NORM.INV", "ppf", NORMAL), ("NORMINV", "ppf", NORMAL),
    ("NORM.S.DIST", "dist", STANDARD_NORMAL), ("NORMSDIST", "cdf", STANDARD_NORMAL),
    ("NORM.S.INV", "ppf", STANDARD_NORMAL), ("NORMSINV", "ppf", STANDARD_NORMAL),
    ("LOGNORM.DIST", "dist", LOGNORMAL), ("LOGNORMDIST", "cdf", LOGNORMAL),
    ("LOGNORM.INV", "ppf", LOGNORMAL), ("LOGINV", "ppf", LOGNORMAL),
    ("T.DIST", "dist", STUDENT_T), ("T.DIST.RT", "sf", STUDENT_T), ("T.INV", "ppf", STUDENT_T),
    ("CHISQ.DIST", "dist", CHI_SQUARED), ("CHISQ.DIST.RT", "sf", CHI_SQUARED),
    ("CHIDIST", "sf", CHI_SQUARED), ("CHISQ.INV", "ppf", CHI_SQUARED),
    ("CHISQ.INV.RT", "isf", CHI_SQUARED), ("CHIINV", "isf", CHI_SQUARED),
    ("F.DIST", "dist", F_DIST), ("F.DIST.RT", "sf", F_DIST), ("FDIST", "sf", F_DIST),
    ("F.INV", "ppf", F_DIST), ("F.INV.RT", "isf", F_DIST), ("FINV", "isf", F_DIST),
    ("BETA.DIST", "dist", BETA), ("BETADIST", "cdf", BETA),
    ("BETA.INV", "ppf", BETA), ("BETAINV", "ppf", BETA),
    ("GAMMA.DIST", "dist", GAMMA), ("GAMMADIST", "dist", GAMMA),
    ("GAMMA.INV", "ppf", GAMMA), ("GAMMAINV", "ppf", GAMMA),
    ("EXPON.DIST", "dist", EXPONENTIAL), ("EXPONDIST", "dist", EXPONENTIAL),
    ("WEIBULL.DIST", "dist", WEIBULL), ("WEIBULL", "dist", WEIBULL),
    ("BINOM.DIST", "dist", BINOMIAL), ("BINOMDIST", "dist", BINOMIAL),
    ("NEGBINOM.DIST", "dist", NEGATIVE_BINOMIAL), ("NEGBINOMDIST", "pdf", NEGATIVE_BINOMIAL),
    ("POISSON.DIST", "dist", POISSON), ("POISSON", "dist", POISSON),
    ("HYPGEOM.DIST", "dist", HYPERGEOMETRIC), ("HYPGEOMDIST", "pdf", HYPERGEOMETRIC),
]

for _name, _form, _dist in FUNCTIONS:
    _xlfn = "." in _name  # the names added in Excel 2010 are the dotted ones
    if _form == "dist":
        density_or_cumulative(_name, _dist, _xlfn)
    elif _form in ("ppf", "isf"):
        inverse(_name, _dist, _form, _xlfn)
    else:
        one_form(_name, _dist, _form, _xlfn)


# --- two-tailed t, and the functions of one number ------------------------------------

def _tails(x, df, tails):
    """TDIST's probability: right tail (tails 1) or both tails (2)."""
    if x < 0:
        return errors.NUM("T: x < 0 for a two-tailed probability")
    value = _value(STUDENT_T, "sf", x, (df,))
    return value if isinstance(value, errors.XLError) else checked(value * tails)


@function("T.DIST.2T", NUMBER, NUMBER, xlfn=True)
def T_DIST_2T(x, df):
    """Two-tailed Student t probability P(|T| > x); #NUM! for x < 0 or
    deg_freedom < 1 (truncated)."""
    return _tails(x, df, 2)


@function("TDIST", NUMBER, NUMBER, NUMBER)
def TDIST(x, df, tails):
    """Student t right-tail (tails 1) or two-tailed (2) probability; tails
    and deg_freedom are truncated; #NUM! for other tails, x < 0 or
    deg_freedom < 1 (Excel's TDIST)."""
    tails = _int(tails)
    if tails not in (1.0, 2.0):
        return errors.NUM("TDIST: tails must be 1 or 2")
    return _tails(x, df, tails)


def _t_inv_2t(p, df):
    if not 0 < p <= 1:
        return errors.NUM("T: probability out of range")
    return _inverse(STUDENT_T, "isf", p / 2, (df,))


@function("T.INV.2T", NUMBER, NUMBER, xlfn=True)
def T_INV_2T(p, df):
    """The t with P(|T| > t) = probability; #NUM! for a probability outside
    (0, 1] or deg_freedom < 1 (truncated)."""
    return _t_inv_2t(p, df)


@function("TINV", NUMBER, NUMBER)
def TINV(p, df):
    """The legacy name of T.INV.2T (two-tailed inverse)."""
    return _t_inv_2t(p, df)


@function("BINOM.INV", NUMBER, NUMBER, NUMBER, xlfn=True)
def BINOM_INV(trials, p, alpha):
    """The smallest k whose cumulative binomial probability is at least alpha;
    trials truncated; #NUM! for trials < 0, p or alpha outside [0, 1]."""
    return _critbinom(trials, p, alpha)


@function("CRITBINOM", NUMBER, NUMBER, NUMBER)
def CRITBINOM(trials, p, alpha):
    """The legacy name of BINOM.INV."""
    return _critbinom(trials, p, alpha)


def _critbinom(trials, p, alpha):
    n = _int(trials)
    if n < 0 or not 0 <= p <= 1 or not 0 <= alpha <= 1:
        return errors.NUM("BINOM.INV: an argument is out of range")
    binom = _stats().binom

    def reaches(k):
        """Whether P(X <= k) >= alpha, judged on the tail that keeps its digits:
        above 0.5 as P(X > k) <= 1 - alpha (exact for such an alpha), so that a
        cumulative probability a hair below 1 (1 - 1E-20) is not taken for 1."""
        tail = binom.cdf(k, n, p) if alpha <= 0.5 else binom.sf(k, n, p)
        if math.isnan(tail):  # (scipy's binomial gives up past 1E+300 trials)
            raise ArithmeticError
        return tail >= alpha if alpha <= 0.5 else tail <= 1 - alpha

    try:
        return _smallest_reaching(binom, n, p, alpha, reaches)
    except ArithmeticError:
        return errors.NUM("BINOM.INV: the binomial probabilities cannot be computed for these trials")


#: The largest count a double holds with every whole number below it (2^53).
_WHOLE = 2.0 ** 53


def _smallest_reaching(binom, n: float, p: float, alpha: float, reaches) -> float:
    """The smallest whole k in 0..n that ``reaches`` alpha: scipy's quantile
    when it is that k (up to 2^53 trials), else found by halving."""
    guess = math.nan
    if n <= _WHOLE:  # (past it scipy's quantile may search for minutes: 1E+300 trials)
        with np.errstate(all="ignore"), warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)  # Boost's "unable to locate solution"
            guess = float(binom.ppf(alpha, n, p))
    lo, hi = -1.0, n  # the answer lies in (lo, hi]: P(X <= n) = 1 reaches any alpha
    if math.isfinite(guess):
        k = min(max(guess, 0.0), n)
        if reaches(k):
            if k == 0 or not reaches(k - 1):
                return k  # scipy's quantile (the usual case)
            hi = k
        else:
            lo = k
    # halving (lo, hi]: a few dozen cumulative probabilities, where scipy's quantile is off
    # or gave up (1E+16 trials), and whole steps would never end (past 2^53, k - 1 is k)
    while (mid := float(math.floor(lo / 2 + hi / 2))) > lo and mid < hi:
        if reaches(mid):
            hi = mid
        else:
            lo = mid
    return hi


@function("BINOM.DIST.RANGE", NUMBER, NUMBER, NUMBER, opt(NUMBER), xlfn=True)
def BINOM_DIST_RANGE(trials, p, s, s2):
    """P(s <= successes <= s2) in trials binomial trials (s2 defaults to s);
    the counts are truncated; #NUM! for trials < 0, p outside [0, 1], s < 0,
    s > trials, s2 < s or s2 > trials."""
    n, s = _int(trials), _int(s)
    s2 = s if s2 is EMPTY else _int(s2)
    if n < 0 or not 0 <= p <= 1 or not 0 <= s <= n or not s <= s2 <= n:
        return errors.NUM("BINOM.DIST.RANGE: an argument is out of range")
    binom = _stats().binom
    if s == s2:
        return _computed(binom.pmf, s, n, p)
    return _computed(lambda: binom.cdf(s2, n, p) - binom.cdf(s - 1, n, p))


@function("GAMMA", NUMBER, xlfn=True)
def GAMMA_(x):
    """The gamma function; #NUM! at 0, negative integers and on overflow."""
    if x <= 0 and x == math.floor(x):
        return errors.NUM("GAMMA of 0 or a negative integer")
    return _computed(special.gamma, x)


def _gammaln(x):
    if x <= 0:
        return errors.NUM("GAMMALN of a number <= 0")
    return _computed(special.gammaln, x)


@function("GAMMALN", NUMBER)
def GAMMALN(x):
    """Natural logarithm of the gamma function; #NUM! for x <= 0."""
    return _gammaln(x)


@function("GAMMALN.PRECISE", NUMBER, xlfn=True)
def GAMMALN_PRECISE(x):
    """GAMMALN under its Excel 2010 name."""
    return _gammaln(x)


@function("PHI", NUMBER, xlfn=True)
def PHI(x):
    """The standard normal density at x."""
    return _norm_pdf(x, 0.0, 1.0)


@function("GAUSS", NUMBER, xlfn=True)
def GAUSS(x):
    """P(0 <= Z <= x) for a standard normal Z: NORM.S.DIST(x,TRUE) - 0.5."""
    return 0.5 * float(special.erf(x / math.sqrt(2.0)))


@function("FISHER", NUMBER)
def FISHER(x):
    """The Fisher transformation atanh(x); #NUM! unless -1 < x < 1."""
    if not -1 < x < 1:
        return errors.NUM("FISHER needs -1 < x < 1")
    return math.atanh(x)


@function("FISHERINV", NUMBER)
def FISHERINV(y):
    """The inverse Fisher transformation tanh(y)."""
    return math.tanh(y)


@function("STANDARDIZE", NUMBER, NUMBER, NUMBER)
def STANDARDIZE(x, mean, sd):
    """(x - mean) / standard_dev; #NUM! for standard_dev <= 0."""
    if sd <= 0:
        return errors.NUM("STANDARDIZE: standard_dev <= 0")
    return checked((x - mean) / sd)
