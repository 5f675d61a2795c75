"""Function-table rows of the statistics family (sheetgd/engine/functions/
stats.py, distributions.py, ranking.py, moments.py, regression.py,
stattests.py).

Expected values are Excel's, from the examples on each function's page on
support.microsoft.com.  Those pages print a few digits (0.99469533,
0.0390836): such a row rounds the result with ROUND to the digits printed,
so it checks the value at exactly the precision Excel documents (the table
itself compares to 1e-15 relative).  Exceptions: ``NORM.INV(0.975,0,1)``
is compared unrounded with Excel's 1.959963984540054 (Excel's normal
inverse is accurate to about 1e-15 relative; scipy's ndtri gives the same
double), and values that are exact in binary (BETA.DIST's 0.6854705810546875
= 22463/32768, counts, ranks) are compared as they are.
"""

E = "error:"

# Data in the family's own columns (U, V, W): lists Excel's examples use with
# ranges (RANK requires a reference; the A-variants count text in references).
DATA = {
    # RANK.AVG's example
    "U1": 89, "U2": 88, "U3": 92, "U4": 101, "U5": 94, "U6": 97, "U7": 95,
    # RANK.EQ's example
    "V1": 7, "V2": 3.5, "V3": 3.5, "V4": 1, "V5": 2,
    # AVERAGEA's example: 10, 7, 9, 2, "Not available"; MAXA/MINA's with logical values
    "W1": 10, "W2": 7, "W3": 9, "W4": 2, "W5": "Not available",
    "W6": 0, "W7": 0.2, "W8": 0.5, "W9": 0.4, "W10": True,
    "W11": False, "W12": 0.2, "W13": 0.5, "W14": 0.4, "W15": 0.8,
    "W16": "=1/0",
}

CASES = [
    # --- normal -----------------------------------------------------------------------
    ("=NORM.INV(0.975,0,1)", 1.959963984540054),  # the case, unrounded
    ("=ROUND(NORM.INV(0.908789,40,1.5),7)", 42.000002),
    ("=NORM.INV(0,0,1)", E + "#NUM!"),
    ("=NORM.INV(1,0,1)", E + "#NUM!"),
    ("=NORM.INV(0.5,0,0)", E + "#NUM!"),
    ("=NORM.INV(\"x\",0,1)", E + "#VALUE!"),
    ("=NORMINV(0.5,3,2)", 3.0),
    ("=ROUND(NORM.DIST(42,40,1.5,TRUE),10)", 0.9087887803),
    ("=ROUND(NORM.DIST(42,40,1.5,FALSE),10)", 0.1093400498),
    ("=NORM.DIST(42,40,-1,TRUE)", E + "#NUM!"),
    ("=NORM.DIST(42,40,1.5,\"x\")", E + "#VALUE!"),
    ("=ROUND(NORMDIST(42,40,1.5,TRUE),10)", 0.9087887803),
    ("=ROUND(NORM.S.DIST(1.333333,TRUE),9)", 0.908788726),
    ("=ROUND(NORM.S.DIST(1.333333,FALSE),9)", 0.164010148),
    ("=NORM.S.DIST(0,TRUE)", 0.5),
    ("=ROUND(NORMSDIST(1.333333),6)", 0.908789),
    ("=ROUND(NORM.S.INV(0.908789),7)", 1.3333347),
    ("=NORM.S.INV(1.5)", E + "#NUM!"),
    ("=ROUND(NORMSINV(0.908789),7)", 1.3333347),
    ("=NORMSINV(0)", E + "#NUM!"),
    ("=ROUND(STANDARDIZE(42,40,1.5),6)", 1.333333),
    ("=STANDARDIZE(42,40,0)", E + "#NUM!"),
    ("=ROUND(PHI(0.75),9)", 0.301137432),
    ("=ROUND(GAUSS(2),5)", 0.47725),
    ("=ROUND(FISHER(0.75),7)", 0.9729551),
    ("=FISHER(1)", E + "#NUM!"),
    ("=ROUND(FISHERINV(0.972955),2)", 0.75),
    # --- lognormal --------------------------------------------------------------------
    ("=ROUND(LOGNORM.DIST(4,3.5,1.2,TRUE),7)", 0.0390836),
    ("=ROUND(LOGNORM.DIST(4,3.5,1.2,FALSE),7)", 0.0176176),
    ("=LOGNORM.DIST(0,3.5,1.2,TRUE)", E + "#NUM!"),
    ("=ROUND(LOGNORMDIST(4,3.5,1.2),7)", 0.0390836),
    ("=ROUND(LOGNORM.INV(0.039084,3.5,1.2),7)", 4.0000252),
    ("=ROUND(LOGINV(0.039084,3.5,1.2),6)", 4.000025),
    ("=LOGINV(1,3.5,1.2)", E + "#NUM!"),
    # --- Student's t ------------------------------------------------------------------
    ("=ROUND(T.DIST(60,1,TRUE),8)", 0.99469533),
    ("=ROUND(T.DIST(8,3,FALSE),8)", 0.00073691),
    ("=T.DIST(1,0,TRUE)", E + "#NUM!"),
    ("=ROUND(T.DIST.2T(1.959999998,60),9)", 0.05464493),
    ("=T.DIST.2T(-1,60)", E + "#NUM!"),
    ("=ROUND(T.DIST.RT(1.959999998,60),9)", 0.027322465),
    ("=ROUND(TDIST(1.959999998,60,2),6)", 0.054645),
    ("=ROUND(TDIST(1.959999998,60,1),6)", 0.027322),
    ("=TDIST(1,60,3)", E + "#NUM!"),
    ("=ROUND(T.INV(0.75,2),7)", 0.8164966),  # Excel's page prints 0.7648923, T.INV(0.75,3)
    ("=T.INV(0,2)", E + "#NUM!"),
    ("=ROUND(T.INV.2T(0.546449,60),6)", 0.606533),
    ("=ROUND(TINV(0.05464,60),2)", 1.96),
    ("=TINV(0.05,0.5)", E + "#NUM!"),
    # --- chi-squared ------------------------------------------------------------------
    ("=ROUND(CHISQ.DIST(0.5,1,TRUE),8)", 0.52049988),
    ("=ROUND(CHISQ.DIST(2,3,FALSE),8)", 0.20755375),
    ("=CHISQ.DIST(-1,3,TRUE)", E + "#NUM!"),
    ("=ROUND(CHISQ.DIST.RT(18.307,10),7)", 0.0500006),
    ("=ROUND(CHIDIST(18.307,10),7)", 0.0500006),
    ("=CHIDIST(1,0.5)", E + "#NUM!"),  # deg_freedom truncated to 0
    ("=ROUND(CHISQ.INV(0.93,1),9)", 3.283020287),
    ("=ROUND(CHISQ.INV(0.6,2),9)", 1.832581464),
    ("=CHISQ.INV(0,2)", 0.0),
    ("=ROUND(CHISQ.INV.RT(0.050001,10),8)", 18.30697346),
    ("=ROUND(CHIINV(0.050001,10),5)", 18.30697),
    ("=CHIINV(1.5,10)", E + "#NUM!"),
    # --- F ----------------------------------------------------------------------------
    ("=ROUND(F.DIST(15.2069,6,4,TRUE),2)", 0.99),
    ("=ROUND(F.DIST(15.2069,6,4,FALSE),7)", 0.0012238),
    ("=ROUND(F.DIST.RT(15.2068649,6,4),2)", 0.01),
    ("=ROUND(FDIST(15.2068649,6,4),2)", 0.01),
    ("=F.DIST(1,0,4,TRUE)", E + "#NUM!"),
    ("=ROUND(F.INV(0.01,6,4),8)", 0.10930991),
    ("=ROUND(F.INV.RT(0.01,6,4),8)", 15.20686486),
    ("=ROUND(FINV(0.01,6,4),6)", 15.206865),
    ("=FINV(-0.1,6,4)", E + "#NUM!"),
    # --- beta -------------------------------------------------------------------------
    ("=BETA.DIST(2,8,10,TRUE,1,3)", 0.6854705810546875),  # 22463/32768, exact
    ("=ROUND(BETA.DIST(2,8,10,FALSE,1,3),7)", 1.4837646),
    ("=BETA.DIST(4,8,10,TRUE,1,3)", E + "#NUM!"),
    ("=BETADIST(2,8,10,1,3)", 0.6854705810546875),
    ("=BETADIST(0.5,0,10)", E + "#NUM!"),
    ("=ROUND(BETA.INV(0.685470581,8,10,1,3),7)", 2.0),
    ("=ROUND(BETAINV(0.685470581,8,10,1,3),7)", 2.0),
    ("=BETA.INV(0,8,10)", E + "#NUM!"),
    # --- gamma ------------------------------------------------------------------------
    ("=ROUND(GAMMA.DIST(10.00001131,9,2,FALSE),6)", 0.032639),
    ("=ROUND(GAMMA.DIST(10.00001131,9,2,TRUE),6)", 0.068094),
    ("=GAMMA.DIST(-1,9,2,TRUE)", E + "#NUM!"),
    ("=ROUND(GAMMADIST(10.00001131,9,2,TRUE),6)", 0.068094),
    ("=ROUND(GAMMA.INV(0.068094,9,2),7)", 10.0000112),
    ("=ROUND(GAMMAINV(0.068094,9,2),5)", 10.00001),
    ("=GAMMA.INV(0.5,0,2)", E + "#NUM!"),
    ("=ROUND(GAMMA(2.5),3)", 1.329),
    ("=ROUND(GAMMA(-3.75),3)", 0.268),
    ("=GAMMA(0)", E + "#NUM!"),
    ("=GAMMA(-2)", E + "#NUM!"),
    ("=ROUND(GAMMALN(4),9)", 1.791759469),
    ("=GAMMALN(0)", E + "#NUM!"),
    ("=ROUND(GAMMALN.PRECISE(4),7)", 1.7917595),
    ("=GAMMALN.PRECISE(-1)", E + "#NUM!"),
    # --- exponential, Weibull ------------------------------------------------------------
    ("=ROUND(EXPON.DIST(0.2,10,TRUE),8)", 0.86466472),
    ("=ROUND(EXPON.DIST(0.2,10,FALSE),8)", 1.35335283),
    ("=EXPON.DIST(0.2,0,TRUE)", E + "#NUM!"),
    ("=ROUND(EXPONDIST(0.2,10,TRUE),8)", 0.86466472),
    ("=ROUND(WEIBULL.DIST(105,20,100,TRUE),6)", 0.929581),
    ("=ROUND(WEIBULL.DIST(105,20,100,FALSE),6)", 0.035589),
    ("=WEIBULL.DIST(-1,20,100,TRUE)", E + "#NUM!"),
    ("=ROUND(WEIBULL(105,20,100,TRUE),6)", 0.929581),
    # --- discrete -----------------------------------------------------------------------
    ("=ROUND(BINOM.DIST(6,10,0.5,FALSE),7)", 0.2050781),
    ("=ROUND(BINOM.DIST(6.9,10,0.5,FALSE),7)", 0.2050781),  # number_s truncated
    ("=BINOM.DIST(11,10,0.5,FALSE)", E + "#NUM!"),
    ("=BINOM.DIST(6,10,1.5,FALSE)", E + "#NUM!"),
    ("=ROUND(BINOMDIST(6,10,0.5,FALSE),7)", 0.2050781),
    ("=BINOM.INV(6,0.5,0.75)", 4.0),
    ("=BINOM.INV(6,0.5,1.5)", E + "#NUM!"),
    ("=CRITBINOM(6,0.5,0.75)", 4.0),
    ("=ROUND(BINOM.DIST.RANGE(60,0.75,48),3)", 0.084),
    ("=ROUND(BINOM.DIST.RANGE(60,0.75,45,50),3)", 0.524),
    ("=BINOM.DIST.RANGE(60,0.75,50,45)", E + "#NUM!"),
    ("=ROUND(NEGBINOM.DIST(10,5,0.25,TRUE),7)", 0.3135141),
    ("=ROUND(NEGBINOM.DIST(10,5,0.25,FALSE),7)", 0.0550487),
    ("=NEGBINOM.DIST(10,0,0.25,FALSE)", E + "#NUM!"),
    ("=ROUND(NEGBINOMDIST(10,5,0.25),6)", 0.055049),
    ("=ROUND(POISSON.DIST(2,5,TRUE),6)", 0.124652),
    ("=ROUND(POISSON.DIST(2,5,FALSE),6)", 0.084224),
    ("=POISSON.DIST(2,-5,FALSE)", E + "#NUM!"),
    ("=ROUND(POISSON(2,5,TRUE),6)", 0.124652),
    ("=ROUND(HYPGEOM.DIST(1,4,8,20,TRUE),4)", 0.4654),
    ("=ROUND(HYPGEOM.DIST(1,4,8,20,FALSE),4)", 0.3633),
    ("=HYPGEOM.DIST(5,4,8,20,FALSE)", E + "#NUM!"),
    ("=ROUND(HYPGEOMDIST(1,4,8,20),6)", 0.363261),
    # --- order statistics ---------------------------------------------------------------
    ("=LARGE({3,4,5,2,3;4,5,6,4,7},3)", 5.0),
    ("=LARGE({3,4,5,2,3;4,5,6,4,7},7)", 4.0),
    ("=LARGE({1,2},3)", E + "#NUM!"),
    ("=LARGE(U1:U7*2,1)", 202.0),  # an array expression, without Ctrl+Shift+Enter
    ("=LARGE(W1:W16,1)", E + "#DIV/0!"),
    ("=SMALL({3,4,5,2,3,4,6,4,7},4)", 4.0),
    ("=SMALL({1,4,8,3,7,12,54,8,23},2)", 3.0),
    ("=SMALL(W5,1)", E + "#NUM!"),
    ("=PERCENTILE.INC({1,2,3,4},0.3)", 1.9),
    ("=PERCENTILE.INC({1,2,3,4},1.1)", E + "#NUM!"),
    ("=PERCENTILE({1,3,2,4},0.3)", 1.9),
    ("=PERCENTILE.EXC({1,2,3,6,6,6,7,8,9},0.25)", 2.5),
    ("=PERCENTILE.EXC({1,2,3,6,6,6,7,8,9},0)", E + "#NUM!"),
    ("=PERCENTILE.EXC({1,2,3,6,6,6,7,8,9},0.01)", E + "#NUM!"),
    ("=PERCENTILE.EXC({1,2,3,6,6,6,7,8,9},2)", E + "#NUM!"),
    ("=QUARTILE.INC({1,2,4,7,8,9,10,12},1)", 3.5),
    ("=QUARTILE({1,2,4,7,8,9,10,12},1.9)", 3.5),  # quart truncated
    ("=QUARTILE({1,2,4,7,8,9,10,12},5)", E + "#NUM!"),
    ("=QUARTILE.EXC({6,7,15,36,39,40,41,42,43,47,49},1)", 15.0),
    ("=QUARTILE.EXC({6,7,15,36,39,40,41,42,43,47,49},3)", 43.0),
    ("=QUARTILE.EXC({6,7,15,36,39,40,41,42,43,47,49},0)", E + "#NUM!"),
    ("=PERCENTRANK.INC({13,12,11,8,4,3,2,1,1,1},2)", 0.333),
    ("=PERCENTRANK.INC({13,12,11,8,4,3,2,1,1,1},4)", 0.555),
    ("=PERCENTRANK.INC({13,12,11,8,4,3,2,1,1,1},8)", 0.666),
    ("=PERCENTRANK.INC({13,12,11,8,4,3,2,1,1,1},5)", 0.583),
    ("=PERCENTRANK.INC({13,12,11,8,4,3,2,1,1,1},14)", E + "#N/A"),
    ("=PERCENTRANK({13,12,11,8,4,3,2,1,1,1},2)", 0.333),
    ("=PERCENTRANK({13,12,11,8,4,3,2,1,1,1},2,0)", E + "#NUM!"),
    ("=PERCENTRANK.EXC({1,2,3,6,6,6,7,8,9},7)", 0.7),
    ("=PERCENTRANK.EXC({1,2,3,6,6,6,7,8,9},5.43)", 0.381),
    ("=PERCENTRANK.EXC({1,2,3,6,6,6,7,8,9},5.43,1)", 0.3),
    ("=RANK.EQ(V1,V1:V5,1)", 5.0),
    ("=RANK.EQ(V5,V1:V5)", 4.0),
    ("=RANK.EQ(V2,V1:V5,1)", 3.0),
    ("=RANK.EQ(4,V1:V5)", E + "#N/A"),
    ("=RANK(V2,V1:V5)", 2.0),
    ("=RANK.AVG(94,U1:U7)", 4.0),
    ("=RANK.AVG(V2,V1:V5,1)", 3.5),
    ("=TRIMMEAN({4,5,6,7,2,3,4,5,1,2,3},0.2)", 34 / 9),
    ("=TRIMMEAN({4,5,6},1)", E + "#NUM!"),
]

#: Rows where LibreOffice 7.4 answers otherwise than Excel (sheetgd follows Excel).
KNOWN_LIBREOFFICE_DIFFERENCES: dict = {}
