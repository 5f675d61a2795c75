"""Function-table rows of the statistics family (sheetgd/engine/functions/
stats.py, distributions.py, ranking.py, moments.py, regression.py,
linest.py, stattests.py).

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
    # FREQUENCY's example: scores U20:U28, bins V20:V22
    "U20": 79, "U21": 85, "U22": 78, "U23": 85, "U24": 50, "U25": 81, "U26": 95, "U27": 88,
    "U28": 97, "V20": 70, "V21": 79, "V22": 89,
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
    ("=CRITBINOM(10,0.01,1)", 10.0),  # P(X <= 9) = 1 - 1E-20 < 1 (exact arithmetic; LibreOffice 10)
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
    ("=QUARTILE.INC({1,2,4,7,8,9,10,12},0)", 1.0),  # the minimum (its page)
    ("=QUARTILE.INC({1,2,4,7,8,9,10,12},4)", 12.0),  # the maximum
    ("=SUMPRODUCT(LARGE({1,5,3},{1,2}))", 8.0),  # k as an array: one value each
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
    # --- moments and modes ----------------------------------------------------------------
    ("=ROUND(GEOMEAN(4,5,8,7,11,4,3),6)", 5.476987),
    ("=GEOMEAN(4,0)", E + "#NUM!"),
    ("=ROUND(HARMEAN(4,5,8,7,11,4,3),6)", 5.028376),
    ("=HARMEAN(4,-1)", E + "#NUM!"),
    ("=ROUND(AVEDEV(4,5,6,7,5,4,3),6)", 1.020408),
    ("=AVEDEV(W5)", E + "#NUM!"),
    ("=DEVSQ(4,5,8,7,11,4,3)", 48.0),
    ("=DEVSQ(W5)", E + "#DIV/0!"),
    ("=ROUND(KURT(3,4,5,2,3,4,5,6,4,7),9)", -0.151799637),
    ("=KURT(1,2,3)", E + "#DIV/0!"),
    ("=ROUND(SKEW(3,4,5,2,3,4,5,6,4,7),6)", 0.359543),
    ("=SKEW(1,1,1)", E + "#DIV/0!"),
    ("=ROUND(SKEW.P(3,4,5,2,3,4,5,6,4,7),6)", 0.303193),
    ("=SKEW.P(2,2)", E + "#DIV/0!"),
    ("=MODE.SNGL(5.6,4,4,3,2,4)", 4.0),
    # --- FREQUENCY (Excel's example: {1;2;4;2}) ---------------------------------------
    ("=INDEX(FREQUENCY(U20:U28,V20:V22),1)", 1.0),
    ("=INDEX(FREQUENCY(U20:U28,V20:V22),2)", 2.0),
    ("=INDEX(FREQUENCY(U20:U28,V20:V22),3)", 4.0),
    ("=INDEX(FREQUENCY(U20:U28,V20:V22),4)", 2.0),
    ("=ROWS(FREQUENCY(U20:U28,V20:V22))", 4.0),
    ("=INDEX(FREQUENCY(U20:U28,{89,70,79}),1)", 4.0),  # unsorted bins: counts in their places
    ("=INDEX(FREQUENCY(U20:U28,{89,70,79}),4)", 2.0),
    ("=FREQUENCY(U20:U28,W5)", 9.0),  # no bins: how many numbers
    ("=SUM(FREQUENCY(U20:U28*2,170))", 9.0),  # an expression is evaluated as an array
    ("=INDEX(FREQUENCY(U20:U28*2,170),1)", 6.0),
    ("=FREQUENCY(W1:W16,5)", E + "#DIV/0!"),
    # data without numbers: "an array of zeros" (Excel's page), one longer than the bins
    ("=INDEX(FREQUENCY(W5,{1;2}),3)", 0.0),
    ("=ROWS(FREQUENCY(W5,{1;2}))", 3.0),
    # 2-D bins with text and a logical (fuzz seed 16): read row by row, text skipped (Excel's
    # page), so the bins are 2, 10, 0 (TRUE too or not, the places 2 and 3 are the same)
    ("=INDEX(FREQUENCY(6,{2,10,\"3\";0,TRUE,\"a\"}),2)", 1.0),  # 6 is in (2, 10]
    ("=INDEX(FREQUENCY(6,{2,10,\"3\";0,TRUE,\"a\"}),3)", 0.0),  # up to 0: none
    ("=MODE(5.6,4,4,3,2,4)", 4.0),
    ("=MODE(1,2,3)", E + "#N/A"),
    ("=INDEX(MODE.MULT({1,2,3,4,3,2,1,2,3,5,6,1}),3)", 3.0),
    ("=ROWS(MODE.MULT({1,2,3,4,3,2,1,2,3,5,6,1}))", 3.0),
    ("=MODE.MULT(1,2)", E + "#N/A"),
    # --- the A variants: TRUE is 1, text 0 inside references ---------------------------------
    ("=AVERAGEA(W1:W5)", 5.6),
    ("=AVERAGE(W1:W5)", 7.0),
    ("=AVERAGEA(W6:W10)", 2.1 / 5),
    ("=AVERAGEA(\"x\")", E + "#VALUE!"),
    ("=AVERAGEA(W16)", E + "#DIV/0!"),
    ("=MAXA(W6:W10)", 1.0),
    ("=MAX(W6:W10)", 0.5),
    ("=MINA(W11:W15)", 0.0),
    ("=MINA(W12:W15)", 0.2),
    ("=ROUND(STDEVA(1345,1301,1368,1322,1310,1370,1318,1350,1303,1299),8)", 27.46391572),
    ("=STDEVA(W5)", E + "#DIV/0!"),
    ("=ROUND(STDEVPA(1345,1301,1368,1322,1310,1370,1318,1350,1303,1299),8)", 26.05455814),
    ("=ROUND(VARA(1345,1301,1368,1322,1310,1370,1318,1350,1303,1299),7)", 754.2666667),
    ("=ROUND(VARPA(1345,1301,1368,1322,1310,1370,1318,1350,1303,1299),2)", 678.84),
    ("=VARPA(W1:W5)", 15.44),  # 10, 7, 9, 2 and the text as 0
    # --- two variables -----------------------------------------------------------------------
    ("=ROUND(CORREL({3,2,4,5,6},{9,7,12,15,17}),6)", 0.997054),
    ("=CORREL({1,2},{1,2,3})", E + "#N/A"),
    ("=CORREL({1,2},{3,3})", E + "#DIV/0!"),
    ("=ROUND(PEARSON({9,7,5,3,1},{10,6,1,5,3}),6)", 0.699379),
    ("=COVAR({3,2,4,5,6},{9,7,12,15,17})", 5.2),
    ("=COVARIANCE.P({3,2,4,5,6},{9,7,12,15,17})", 5.2),
    ("=ROUND(COVARIANCE.S({2,4,8},{5,11,12}),9)", 9.666666667),
    ("=COVARIANCE.S({2},{5})", E + "#DIV/0!"),
    ("=ROUND(SLOPE({2,3,9,1,8,7,5},{6,5,11,7,5,4,4}),6)", 0.305556),
    ("=SLOPE(U1:U3,U1:U4)", E + "#N/A"),
    ("=ROUND(INTERCEPT({2,3,9,1,8},{6,5,11,7,5}),7)", 0.0483871),
    ("=ROUND(RSQ({2,3,9,1,8,7,5},{6,5,11,7,5,4,4}),5)", 0.05795),
    ("=ROUND(STEYX({2,3,9,1,8,7,5},{6,5,11,7,5,4,4}),6)", 3.305719),
    ("=STEYX({1,2},{3,4})", E + "#DIV/0!"),
    ("=ROUND(FORECAST(30,{6,7,9,15,21},{20,28,31,38,40}),6)", 10.607253),
    ("=ROUND(FORECAST.LINEAR(30,{6,7,9,15,21},{20,28,31,38,40}),6)", 10.607253),
    ("=FORECAST(30,{6,7},{1,1})", E + "#DIV/0!"),
    ("=FORECAST(\"x\",{6,7},{1,2})", E + "#VALUE!"),
    # --- least-squares fits: LINEST's and LOGEST's examples ---------------------------------
    ("=INDEX(LINEST({1,9,5,7},{0,4,2,3}),1)", 2.0),
    ("=INDEX(LINEST({1,9,5,7},{0,4,2,3}),2)", 1.0),
    ("=SUMPRODUCT(LINEST({3100;4500;4400;5400;7500;8100},{1;2;3;4;5;6}),{9,1})", 11000.0),
    ("=INDEX(LINEST({1,9,5,7},{0,4,2,3},TRUE,TRUE),5,1)", 35.0),  # ssreg
    ("=INDEX(LINEST({1,9,5,7},{0,4,2,3},TRUE,TRUE),4,2)", 2.0),  # degrees of freedom
    ("=INDEX(LINEST({1,9,5,7},{0,4,2,3},TRUE,TRUE),3,1)", 1.0),  # r2
    ("=LINEST({1,\"a\",5},{0,4,2})", E + "#VALUE!"),
    ("=LINEST({1,9,5},{0,4})", E + "#REF!"),
    ("=ROUND(INDEX(LOGEST({33100;47300;69000;102000;150000;220000},{11;12;13;14;15;16}),1),9)",
     1.463275628),
    ("=ROUND(INDEX(LOGEST({33100;47300;69000;102000;150000;220000},{11;12;13;14;15;16}),2),7)",
     495.3047702),
    ("=LOGEST({1,0,5},{0,4,2})", E + "#NUM!"),
    ("=INDEX(TREND({1,9,5,7},{0,4,2,3},{5,6}),2)", 13.0),
    ("=ROUND(INDEX(GROWTH({33100;47300;69000;102000;150000;220000},{11;12;13;14;15;16},{17;18}),1),0)",
     320197.0),
    ("=ROUND(INDEX(GROWTH({33100;47300;69000;102000;150000;220000},{11;12;13;14;15;16},{17;18}),2),0)",
     468536.0),
    # --- tests and intervals --------------------------------------------------------------------
    ("=ROUND(T.TEST({3,4,5,8,9,1,2,4,5},{6,19,3,2,14,4,5,17,1},2,1),6)", 0.196016),
    ("=ROUND(TTEST({3,4,5,8,9,1,2,4,5},{6,19,3,2,14,4,5,17,1},2,1),6)", 0.196016),
    ("=T.TEST({3,4,5},{6,19,3},3,1)", E + "#NUM!"),
    ("=T.TEST({3,4,5},{6,19},2,1)", E + "#N/A"),
    ("=ROUND(Z.TEST({3,6,7,8,6,5,4,2,1,9},4),6)", 0.090574),
    ("=ROUND(Z.TEST({3,6,7,8,6,5,4,2,1,9},6),6)", 0.863043),
    ("=ROUND(ZTEST({3,6,7,8,6,5,4,2,1,9},4),6)", 0.090574),
    ("=Z.TEST(W5,4)", E + "#N/A"),
    ("=Z.TEST(1/0,4)", E + "#DIV/0!"),  # an error and no number: the error, not "no numbers"
    ("=Z.TEST(NA(),4,2)", E + "#N/A"),
    ("=ROUND(CHISQ.TEST({58,11,10;35,25,23},{45.35,17.56,16.09;47.65,18.44,16.91}),7)", 0.0003082),
    ("=ROUND(CHITEST({58,11,10;35,25,23},{45.35,17.56,16.09;47.65,18.44,16.91}),7)", 0.0003082),
    ("=CHISQ.TEST({1,2},{1;2})", E + "#N/A"),
    ("=ROUND(F.TEST({6,7,9,15,21},{20,28,31,38,40}),8)", 0.64831785),
    ("=ROUND(FTEST({6,7,9,15,21},{20,28,31,38,40}),8)", 0.64831785),
    ("=F.TEST({6},{20,28})", E + "#DIV/0!"),
    ("=ROUND(CONFIDENCE.NORM(0.05,2.5,50),6)", 0.692952),
    ("=ROUND(CONFIDENCE(0.05,2.5,50),6)", 0.692952),
    ("=CONFIDENCE(0,2.5,50)", E + "#NUM!"),
    ("=ROUND(CONFIDENCE.T(0.05,1,50),9)", 0.284196855),
    ("=CONFIDENCE.T(0.05,1,1)", E + "#DIV/0!"),
    ("=PROB({0,1,2,3},{0.2,0.3,0.1,0.4},2)", 0.1),
    ("=PROB({0,1,2,3},{0.2,0.3,0.1,0.4},1,3)", 0.8),
    ("=PROB({0,1,2,3},{0.2,0.3,0.1,0.5},2)", E + "#NUM!"),
    ("=PROB({0,1,2},{0.2,0.3,0.1,0.4},2)", E + "#N/A"),
    # --- the compatibility STDEV, STDEVP, VAR, VARP: their pages' example (ten breaking
    # strengths), and "Arguments that are error values ... cause errors" -------------------
    ("=ROUND(STDEV(1345,1301,1368,1322,1310,1370,1318,1350,1303,1299),8)", 27.46391572),
    ("=ROUND(STDEVP(1345,1301,1368,1322,1310,1370,1318,1350,1303,1299),8)", 26.05455814),
    ("=ROUND(VAR(1345,1301,1368,1322,1310,1370,1318,1350,1303,1299),7)", 754.2666667),
    ("=ROUND(VARP(1345,1301,1368,1322,1310,1370,1318,1350,1303,1299),2)", 678.84),
    ("=STDEV(A1:A5,C3)", E + "#N/A"),
    ("=STDEVP(A1:A5,C1)", E + "#DIV/0!"),
    ("=VAR(A1:A5,C3)", E + "#N/A"),
    ("=VARP(A1:A5,C1)", E + "#DIV/0!"),
    # --- error inputs: each the error its function's page documents for that input -----------
    # distributions: the domain of each argument ("If x < 0, ... #NUM!", "If probability
    # < 0 or probability > 1, ... #NUM!", "If z is nonnumeric, ... #VALUE!" ...)
    ("=NORMDIST(42,40,0,TRUE)", E + "#NUM!"),  # standard_dev <= 0
    ("=NORMINV(0,3,2)", E + "#NUM!"),  # probability <= 0
    ("=NORM.S.DIST(\"x\",TRUE)", E + "#VALUE!"),  # z nonnumeric
    ("=NORMSDIST(\"x\")", E + "#VALUE!"),
    ("=PHI(\"x\")", E + "#VALUE!"),  # "an invalid data type, such as a nonnumeric value"
    ("=GAUSS(\"x\")", E + "#VALUE!"),  # "z is not a valid data type"
    ("=FISHERINV(\"x\")", E + "#VALUE!"),  # y nonnumeric
    ("=LOGNORMDIST(4,3.5,0)", E + "#NUM!"),  # standard_dev <= 0
    ("=LOGNORM.INV(0,3.5,1.2)", E + "#NUM!"),  # probability <= 0
    ("=T.DIST.RT(1.96,0)", E + "#NUM!"),  # deg_freedom < 1
    ("=T.INV.2T(0,60)", E + "#NUM!"),  # probability <= 0
    ("=T.INV.2T(0.5,0)", E + "#NUM!"),  # deg_freedom < 1
    ("=CHISQ.DIST.RT(-1,10)", E + "#NUM!"),  # x negative
    ("=CHISQ.INV(1.5,2)", E + "#NUM!"),  # probability > 1
    ("=CHISQ.INV(0.5,0)", E + "#NUM!"),  # deg_freedom < 1
    ("=CHISQ.INV.RT(1.5,10)", E + "#NUM!"),  # probability > 1
    ("=F.DIST.RT(-1,6,4)", E + "#NUM!"),  # x negative
    ("=FDIST(-1,6,4)", E + "#NUM!"),
    ("=F.INV(1.5,6,4)", E + "#NUM!"),  # probability > 1
    ("=F.INV.RT(1.5,6,4)", E + "#NUM!"),
    ("=BETAINV(0.5,0,10)", E + "#NUM!"),  # alpha <= 0
    ("=GAMMADIST(-1,9,2,TRUE)", E + "#NUM!"),  # x < 0
    ("=GAMMAINV(1.5,9,2)", E + "#NUM!"),  # probability > 1
    ("=EXPONDIST(-1,10,TRUE)", E + "#NUM!"),  # x < 0
    ("=WEIBULL(-1,20,100,TRUE)", E + "#NUM!"),  # x < 0
    ("=WEIBULL(105,0,100,TRUE)", E + "#NUM!"),  # alpha <= 0
    ("=BINOMDIST(11,10,0.5,FALSE)", E + "#NUM!"),  # number_s > trials
    ("=CRITBINOM(-1,0.5,0.75)", E + "#NUM!"),  # trials < 0
    ("=CRITBINOM(6,1.5,0.75)", E + "#NUM!"),  # probability_s > 1
    ("=NEGBINOMDIST(10,5,1.5)", E + "#NUM!"),  # probability_s > 1
    ("=POISSON(-1,5,TRUE)", E + "#NUM!"),  # x < 0
    ("=HYPGEOMDIST(5,4,8,20)", E + "#NUM!"),  # sample_s > number_sample
    # order statistics and ranks
    ("=PERCENTILE({1,2,3,4},1.1)", E + "#NUM!"),  # k > 1
    ("=PERCENTILE({1,2,3,4},\"x\")", E + "#VALUE!"),  # k nonnumeric
    ("=PERCENTRANK.EXC({1,2,3,6,6,6,7,8,9},5.43,0)", E + "#NUM!"),  # significance < 1
    ("=PERCENTRANK.EXC(W5,1)", E + "#NUM!"),  # "If array is empty" (W5 holds text)
    ("=PERCENTRANK.INC(W5,1)", E + "#NUM!"),  # the same on PERCENTRANK.INC's page
    ("=QUARTILE.INC({1,2,4,7,8,9,10,12},5)", E + "#NUM!"),  # quart > 4
    ("=RANK(C1,V1:V5)", E + "#DIV/0!"),  # RANK's page documents no error: the argument's
    ("=RANK.AVG(C3,V1:V5)", E + "#N/A"),  # RANK.AVG's neither
    ("=MODE.SNGL(1,2,3)", E + "#N/A"),  # "no duplicate data points"
    # "Arguments that are error values ... cause errors" (MIN, MAXA, MINA, STDEV.P, STDEVPA,
    # VARA, VARPA); W16 holds =1/0, C1 =1/0, C3 =NA()
    ("=MIN(A1:A5,C1)", E + "#DIV/0!"),
    ("=MIN(\"x\")", E + "#VALUE!"),  # "text that cannot be translated into numbers"
    ("=MAXA(W6:W16)", E + "#DIV/0!"),
    ("=MINA(W12:W16)", E + "#DIV/0!"),
    ("=STDEV.P(A1:A5,C3)", E + "#N/A"),
    ("=STDEVPA(W1:W16)", E + "#DIV/0!"),
    ("=VARA(W16)", E + "#DIV/0!"),
    ("=VARPA(A1:A5,C3)", E + "#N/A"),
    # two variables: "different number of data points: #N/A", "empty: #DIV/0!" ...
    ("=COVAR({1,2},{1,2,3})", E + "#N/A"),
    ("=COVARIANCE.P({1,2},{1,2,3})", E + "#N/A"),
    ("=COVARIANCE.P(W5,W5)", E + "#DIV/0!"),  # an array without numbers
    ("=PEARSON({1,2},{1,2,3})", E + "#N/A"),
    ("=INTERCEPT({1,2},{1,2,3})", E + "#N/A"),
    ("=RSQ({1,2},{1,2,3})", E + "#N/A"),
    ("=RSQ({1},{2})", E + "#DIV/0!"),  # "only 1 data point"
    ("=FORECAST.LINEAR(30,{6,7},{1,1})", E + "#DIV/0!"),  # the variance of known_x's is 0
    ("=FORECAST.LINEAR(30,{6,7},{1,2,3})", E + "#N/A"),
    ("=GROWTH({1,0,5},{0,4,2})", E + "#NUM!"),  # a known_y of 0 or less
    ("=TREND({1,9,5,7},{0,4,2,3},{5,6},C3)", E + "#N/A"),  # no error of its own: const's
    # tests and intervals
    ("=TTEST({3,4,5},{6,19,3},3,1)", E + "#NUM!"),  # tails not 1 or 2
    ("=TTEST({3,4,5},{6,19,3},2,4)", E + "#NUM!"),  # type not 1, 2 or 3
    ("=ZTEST(W5,4)", E + "#N/A"),  # "If array is empty"
    ("=CHITEST({1,2,3},{1,2})", E + "#N/A"),  # different numbers of data points
    ("=FTEST({6},{20,28})", E + "#DIV/0!"),  # fewer than 2 data points
    ("=CONFIDENCE.NORM(0.05,0,50)", E + "#NUM!"),  # standard_dev <= 0
    ("=CONFIDENCE.NORM(0.05,2.5,0.5)", E + "#NUM!"),  # size < 1
]

_INVALID = "LibreOffice's 'invalid argument' error (Err:502) is saved as #VALUE!"

#: Rows where LibreOffice 7.4 answers otherwise than Excel (sheetgd follows Excel).
KNOWN_LIBREOFFICE_DIFFERENCES: dict = {formula: _INVALID for formula in [
    "=NORM.INV(0,0,1)", "=NORM.INV(1,0,1)", "=NORM.INV(0.5,0,0)", "=NORM.DIST(42,40,-1,TRUE)",
    "=NORM.S.INV(1.5)", "=NORMSINV(0)", "=FISHER(1)", "=LOGINV(1,3.5,1.2)", "=T.DIST(1,0,TRUE)",
    "=T.DIST.2T(-1,60)", "=TDIST(1,60,3)", "=T.INV(0,2)", "=TINV(0.05,0.5)",
    "=CHISQ.DIST(-1,3,TRUE)", "=CHIDIST(1,0.5)", "=CHIINV(1.5,10)", "=F.DIST(1,0,4,TRUE)",
    "=FINV(-0.1,6,4)", "=BETA.DIST(4,8,10,TRUE,1,3)", "=BETADIST(0.5,0,10)",
    "=GAMMA.DIST(-1,9,2,TRUE)", "=GAMMA.INV(0.5,0,2)", "=GAMMA(0)", "=GAMMA(-2)", "=GAMMALN(0)",
    "=GAMMALN.PRECISE(-1)", "=EXPON.DIST(0.2,0,TRUE)", "=WEIBULL.DIST(-1,20,100,TRUE)",
    "=BINOM.DIST(11,10,0.5,FALSE)", "=BINOM.DIST(6,10,1.5,FALSE)", "=BINOM.INV(6,0.5,1.5)",
    "=NEGBINOM.DIST(10,0,0.25,FALSE)", "=POISSON.DIST(2,-5,FALSE)", "=HYPGEOM.DIST(5,4,8,20,FALSE)",
    "=LARGE({1,2},3)", "=SMALL(W5,1)", "=PERCENTILE.INC({1,2,3,4},1.1)",
    "=PERCENTILE.EXC({1,2,3,6,6,6,7,8,9},0)", "=PERCENTILE.EXC({1,2,3,6,6,6,7,8,9},0.01)",
    "=PERCENTILE.EXC({1,2,3,6,6,6,7,8,9},2)", "=QUARTILE({1,2,4,7,8,9,10,12},5)",
    "=QUARTILE.EXC({6,7,15,36,39,40,41,42,43,47,49},0)",
    "=PERCENTRANK.INC({13,12,11,8,4,3,2,1,1,1},14)", "=PERCENTRANK({13,12,11,8,4,3,2,1,1,1},2,0)",
    "=TRIMMEAN({4,5,6},1)", "=HARMEAN(4,-1)", "=SKEW(1,1,1)", "=MODE(1,2,3)", "=MODE.MULT(1,2)",
    "=CORREL({1,2},{1,2,3})", "=COVARIANCE.S({2},{5})", "=SLOPE(U1:U3,U1:U4)", "=STEYX({1,2},{3,4})",
    "=LINEST({1,9,5},{0,4})", "=LOGEST({1,0,5},{0,4,2})", "=T.TEST({3,4,5},{6,19,3},3,1)",
    "=T.TEST({3,4,5},{6,19},2,1)", "=CHISQ.TEST({1,2},{1;2})", "=F.TEST({6},{20,28})",
    "=CONFIDENCE(0,2.5,50)", "=PROB({0,1,2,3},{0.2,0.3,0.1,0.5},2)",
    "=NORMDIST(42,40,0,TRUE)", "=NORMINV(0,3,2)", "=LOGNORMDIST(4,3.5,0)", "=LOGNORM.INV(0,3.5,1.2)",
    "=T.DIST.RT(1.96,0)", "=T.INV.2T(0,60)", "=T.INV.2T(0.5,0)", "=CHISQ.DIST.RT(-1,10)",
    "=CHISQ.INV(1.5,2)", "=CHISQ.INV(0.5,0)", "=CHISQ.INV.RT(1.5,10)", "=F.DIST.RT(-1,6,4)",
    "=FDIST(-1,6,4)", "=F.INV(1.5,6,4)", "=F.INV.RT(1.5,6,4)", "=BETAINV(0.5,0,10)",
    "=GAMMAINV(1.5,9,2)", "=WEIBULL(-1,20,100,TRUE)", "=WEIBULL(105,0,100,TRUE)",
    "=BINOMDIST(11,10,0.5,FALSE)", "=CRITBINOM(-1,0.5,0.75)", "=CRITBINOM(6,1.5,0.75)",
    "=NEGBINOMDIST(10,5,1.5)", "=POISSON(-1,5,TRUE)", "=HYPGEOMDIST(5,4,8,20)",
    "=PERCENTILE({1,2,3,4},1.1)", "=PERCENTRANK.EXC({1,2,3,6,6,6,7,8,9},5.43,0)",
    "=QUARTILE.INC({1,2,4,7,8,9,10,12},5)", "=MODE.SNGL(1,2,3)", "=COVAR({1,2},{1,2,3})",
    "=COVARIANCE.P({1,2},{1,2,3})", "=COVARIANCE.P(W5,W5)", "=PEARSON({1,2},{1,2,3})",
    "=INTERCEPT({1,2},{1,2,3})", "=RSQ({1,2},{1,2,3})", "=FORECAST.LINEAR(30,{6,7},{1,2,3})",
    "=GROWTH({1,0,5},{0,4,2})", "=TTEST({3,4,5},{6,19,3},3,1)", "=TTEST({3,4,5},{6,19,3},2,4)",
    "=CHITEST({1,2,3},{1,2})", "=FTEST({6},{20,28})", "=CONFIDENCE.NORM(0.05,0,50)",
    "=CONFIDENCE.NORM(0.05,2.5,0.5)", "=PERCENTRANK.EXC(W5,1)", "=PERCENTRANK.INC(W5,1)",
]}
KNOWN_LIBREOFFICE_DIFFERENCES.update({
    "=FREQUENCY(U20:U28,W5)": "text among the bins: #VALUE! (Excel's page: text is ignored, and no "
                              "bins gives the count of numbers)",
    "=INDEX(FREQUENCY(W5,{1;2}),3)": "data without numbers: #VALUE! (Excel's page: an array of "
                                     "zeros)",
    "=ROWS(FREQUENCY(W5,{1;2}))": "the same",
    '=INDEX(FREQUENCY(6,{2,10,"3";0,TRUE,"a"}),2)': "2-D bins read column by column (2, 0, 10, "
                                                    "TRUE as 1): 0, bin 0 second",
    '=INDEX(FREQUENCY(6,{2,10,"3";0,TRUE,"a"}),3)': "the same: 1, bin 10 third",
    "=ROUND(BINOM.DIST.RANGE(60,0.75,48),3)": "LibreOffice 7.4 does not know BINOM.DIST.RANGE (#NAME?)",
    "=ROUND(BINOM.DIST.RANGE(60,0.75,45,50),3)": "the same",
    "=BINOM.DIST.RANGE(60,0.75,50,45)": "the same",
    "=PERCENTRANK.INC({13,12,11,8,4,3,2,1,1,1},4)": "LibreOffice rounds to the significant digits "
                                                   "(0.556); Excel truncates (0.555, its page)",
    "=PERCENTRANK.INC({13,12,11,8,4,3,2,1,1,1},8)": "the same (0.667; Excel 0.666)",
    "=PERCENTRANK.EXC({1,2,3,6,6,6,7,8,9},5.43,1)": "the same (0.4; Excel 0.3)",
    "=RANK.EQ(4,V1:V5)": "LibreOffice ranks a number that is not in the list (2); Excel #N/A",
    "=LOGNORM.DIST(0,3.5,1.2,TRUE)": "LibreOffice gives 0 at x = 0; Excel #NUM! for x <= 0 (its page)",
    "=BETA.INV(0,8,10)": "LibreOffice gives A (0) for probability 0; Excel #NUM! for probability <= 0",
    "=GEOMEAN(4,0)": "LibreOffice gives 0 with a 0 among the numbers; Excel #NUM! for any number <= 0",
    "=STANDARDIZE(42,40,0)": "LibreOffice divides by the 0 (#DIV/0!); Excel #NUM! for standard_dev <= 0",
    "=Z.TEST(W5,4)": "LibreOffice #DIV/0! for no numbers; Excel #N/A (its page)",
    "=ZTEST(W5,4)": "the same",
    "=GAMMADIST(-1,9,2,TRUE)": "LibreOffice gives 0 for x < 0; Excel #NUM! (its page)",
    "=EXPONDIST(-1,10,TRUE)": "the same",
    "=TREND({1,9,5,7},{0,4,2,3},{5,6},C3)": "LibreOffice takes an error const as FALSE (11.5517, "
                                          "the fit through 0); in Excel an error argument gives "
                                          "that error",
    "=AVERAGEA(\"x\")": "LibreOffice reads text typed as an argument as 0; Excel #VALUE!",
    "=MAX(W6:W10)": "LibreOffice counts TRUE in a range as 1 (no boolean type)",
    "=MINA(W11:W15)": "LibreOffice's result 0 comes from FALSE and keeps its boolean format (FALSE)",
})
