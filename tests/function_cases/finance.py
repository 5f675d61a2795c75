"""Function-table rows of the financial functions (sheetgd/engine/functions/
finance.py, cashflows.py, depreciation.py).

Expected values are the examples of each function's page in Excel's function
reference (support.microsoft.com, "<NAME> function"), which shows them
rounded: the formulas round the same way (``ROUND(PMT(...),2)`` is the
page's -1,037.03), so the rows hold the page's numbers exactly.
"""

from __future__ import annotations

E = "error:"

#: Column X/Y cells: XNPV/XIRR's example (X1:X5 values, Y1:Y5 dates 1/1/2008,
#: 3/1/2008, 10/30/2008, 2/15/2009, 4/1/2009), MIRR's (X7:X12), IRR's
#: (X14:X19), FVSCHEDULE's rates with an empty cell (Y7:Y9), text (Y10).
DATA = {
    "X1": -10000, "X2": 2750, "X3": 4250, "X4": 3250, "X5": 2750,
    "Y1": 39448, "Y2": 39508, "Y3": 39751, "Y4": 39859, "Y5": 39904,
    "X7": -120000, "X8": 39000, "X9": 30000, "X10": 21000, "X11": 37000, "X12": 46000,
    "X14": -70000, "X15": 12000, "X16": 15000, "X17": 18000, "X18": 21000, "X19": 26000,
    "Y7": 0.09, "Y9": 0.11, "Y10": "ten", "Y11": 39400,
}

CASES = [
    # --- time value of money ----------------------------------------------------------
    ("=ROUND(PV(0.08/12,12*20,500,,0),2)", -59777.15),
    ("=PV(0,10,-100)", 1000.0),  # rate 0: pv + pmt*nper + fv = 0
    ("=PV(\"x\",10,100)", E + "#VALUE!"),
    ("=ROUND(FV(0.06/12,10,-200,-500,1),2)", 2581.40),
    ("=ROUND(FV(0.12/12,12,-1000),2)", 12682.50),
    ("=ROUND(FV(0.11/12,35,-2000,,1),2)", 82846.25),
    ("=FV(0,12,-100,-1000)", 2200.0),
    ("=FV(C1,12,-100)", E + "#DIV/0!"),  # an error argument gives that error
    ("=FV(0.06/12,\"x\",-200)", E + "#VALUE!"),  # text that is no number
    ("=ROUND(PMT(0.08/12,10,10000),2)", -1037.03),
    ("=ROUND(PMT(0.08/12,10,10000,0,1),2)", -1030.16),
    ("=ROUND(PMT(0.06/12,18*12,0,50000),2)", -129.08),
    ("=PMT(0.05,0,1000)", E + "#NUM!"),
    ("=PMT(0,4,1000)", -250.0),
    ("=ROUND(NPER(0.12/12,-100,-1000,10000,1),7)", 59.6738657),
    ("=ROUND(NPER(0.12/12,-100,-1000,10000),7)", 60.0821229),
    ("=ROUND(NPER(0.12/12,-100,-1000),8)", -9.57859404),
    ("=NPER(0,0,1000)", E + "#NUM!"),
    ("=NPER(0.1,-50,1000)", E + "#NUM!"),  # the interest is more than the payment
    ("=ROUND(RATE(4*12,-200,8000),4)", 0.0077),
    ("=ROUND(RATE(4*12,-200,8000)*12,4)", 0.0924),
    ("=RATE(10,0,100,100)", E + "#NUM!"),  # no rate solves it: no convergence
    ("=RATE(0,-200,8000)", E + "#NUM!"),
    ("=ROUND(IPMT(0.1/12,1,3*12,8000),2)", -66.67),
    ("=ROUND(IPMT(0.1,3,3,8000),2)", -292.45),
    ("=IPMT(0.1,1,3,8000,0,1)", 0.0),  # paid at the start: no interest yet
    ("=IPMT(0.1,4,3,8000)", E + "#NUM!"),
    ("=ROUND(PPMT(0.1/12,1,2*12,2000),2)", -75.62),
    ("=ROUND(PPMT(0.08,10,10,200000),2)", -27598.05),
    ("=PPMT(0.08,0,10,200000)", E + "#NUM!"),
    ("=ROUND(CUMIPMT(0.09/12,30*12,125000,13,24,0),2)", -11135.23),
    ("=ROUND(CUMIPMT(0.09/12,30*12,125000,1,1,0),2)", -937.5),
    ("=CUMIPMT(0.09/12,360,125000,13,24,2)", E + "#NUM!"),
    ("=CUMIPMT(0.09/12,360,125000,24,13,0)", E + "#NUM!"),
    ("=ROUND(CUMPRINC(0.09/12,30*12,125000,13,24,0),7)", -934.1071234),
    ("=ROUND(CUMPRINC(0.09/12,30*12,125000,1,1,0),8)", -68.27827118),
    ("=CUMPRINC(0,360,125000,1,1,0)", E + "#NUM!"),
    ("=ROUND(ISPMT(0.1/12,1,3*12,8000000),1)", -64814.8),
    ("=ROUND(ISPMT(0.1,1,3,8000000),0)", -533333.0),
    ("=ISPMT(0.1,1,0,8000000)", E + "#DIV/0!"),
    # --- rates ----------------------------------------------------------------------------
    ("=ROUND(EFFECT(0.0525,4),8)", 0.05354267),
    ("=EFFECT(0,4)", E + "#NUM!"),
    ("=EFFECT(0.05,0.5)", E + "#NUM!"),
    ("=ROUND(NOMINAL(0.053543,4),8)", 0.05250032),
    ("=NOMINAL(-0.1,4)", E + "#NUM!"),
    ("=ROUND(FVSCHEDULE(1,{0.09,0.11,0.1}),5)", 1.33089),
    ("=ROUND(FVSCHEDULE(1,Y7:Y9),4)", 1.2099),  # an empty cell is a rate of 0
    ("=FVSCHEDULE(1,Y7:Y10)", E + "#VALUE!"),
    ("=ROUND(PDURATION(2.5%,2000,2200),2)", 3.86),
    ("=ROUND(PDURATION(0.025/12,1000,1200),1)", 87.6),
    ("=PDURATION(0,1000,1200)", E + "#NUM!"),
    ("=ROUND(RRI(96,10000,11000),7)", 0.0009933),
    ("=RRI(0,10000,11000)", E + "#NUM!"),
    ("=DOLLARDE(1.02,16)", 1.125),
    ("=ROUND(DOLLARDE(1.1,32),4)", 1.3125),
    ("=DOLLARDE(1.02,0)", E + "#DIV/0!"),
    ("=DOLLARDE(1.02,-1)", E + "#NUM!"),
    ("=DOLLARFR(1.125,16)", 1.02),
    ("=DOLLARFR(1.125,32)", 1.04),
    ("=DOLLARFR(1.125,0)", E + "#DIV/0!"),
    # --- cash flows ----------------------------------------------------------------------------
    ("=ROUND(NPV(0.1,-10000,3000,4200,6800),2)", 1188.44),
    ("=ROUND(NPV(0.08,8000,9200,10000,12000,14500)-40000,2)", 1922.06),
    ("=NPV(-1,100)", E + "#DIV/0!"),
    ("=ROUND(IRR(X14:X18),3)", -0.021),
    ("=ROUND(IRR(X14:X19),3)", 0.087),
    ("=ROUND(IRR(X14:X16,-10%),3)", -0.444),
    ("=IRR(X15:X19)", E + "#NUM!"),  # no negative cash flow
    ("=ROUND(XNPV(0.09,X1:X5,Y1:Y5),2)", 2086.65),
    ("=XNPV(0.09,X1:X5,Y1:Y4)", E + "#NUM!"),
    ("=XNPV(0.09,X1:X5,Y7:Y11)", E + "#VALUE!"),
    ("=XNPV(0.09,{-100,50},{40100,40000})", E + "#NUM!"),  # a date before the first
    ("=ROUND(XIRR(X1:X5,Y1:Y5,0.1),4)", 0.3734),  # the page shows 37.34%
    ("=ROUND(XIRR(X1:X5,Y1:Y5),4)", 0.3734),
    ("=XIRR(X2:X5,Y2:Y5)", E + "#NUM!"),
    ("=ROUND(MIRR(X7:X12,10%,12%),4)", 0.1261),
    ("=ROUND(MIRR(X7:X10,10%,12%),4)", -0.048),
    ("=ROUND(MIRR(X7:X12,10%,14%),4)", 0.1348),
    ("=MIRR(X8:X12,10%,12%)", E + "#DIV/0!"),
    # --- depreciation -------------------------------------------------------------------------
    ("=SLN(30000,7500,10)", 2250.0),
    ("=SLN(30000,7500,0)", E + "#DIV/0!"),
    ("=ROUND(SYD(300000,75000,10,1),2)", 40909.09),
    ("=ROUND(SYD(300000,75000,10,10),2)", 4090.91),
    ("=SYD(300000,75000,10,11)", E + "#NUM!"),
    ("=ROUND(DB(1000000,100000,6,1,7),2)", 186083.33),
    ("=ROUND(DB(1000000,100000,6,2,7),2)", 259639.42),
    ("=ROUND(DB(1000000,100000,6,3,7),2)", 176814.44),
    ("=ROUND(DB(1000000,100000,6,4,7),2)", 120410.64),
    ("=ROUND(DB(1000000,100000,6,5,7),2)", 81999.64),
    ("=ROUND(DB(1000000,100000,6,6,7),2)", 55841.76),
    ("=ROUND(DB(1000000,100000,6,7,7),2)", 15845.10),
    ("=DB(1000000,100000,6,8,7)", E + "#NUM!"),
    ("=DB(1000000,100000,6,1,13)", E + "#NUM!"),
    ("=ROUND(DDB(2400,300,10*365,1),2)", 1.32),
    ("=ROUND(DDB(2400,300,10*12,1,2),2)", 40.0),
    ("=ROUND(DDB(2400,300,10,1,2),2)", 480.0),
    ("=ROUND(DDB(2400,300,10,2,1.5),2)", 306.0),
    ("=ROUND(DDB(2400,300,10,10),2)", 22.12),
    ("=DDB(2400,300,10,11)", E + "#NUM!"),
    ("=ROUND(VDB(2400,300,10*365,0,1),2)", 1.32),
    ("=ROUND(VDB(2400,300,10*12,0,1),2)", 40.0),
    ("=ROUND(VDB(2400,300,10,0,1),2)", 480.0),
    ("=ROUND(VDB(2400,300,10*12,6,18),2)", 396.31),
    ("=ROUND(VDB(2400,300,10*12,6,18,1.5),2)", 311.81),
    ("=ROUND(VDB(2400,300,10,0,0.875,1.5),2)", 315.0),
    ("=VDB(2400,300,10,0,11)", E + "#NUM!"),
    ("=VDB(2400,300,10,5,4)", E + "#NUM!"),
    # --- AMORLINC, AMORDEGRC (amortization.py) ---------------------------------------------
    # support.microsoft.com/en-us/office/amorlinc-function and amordegrc-function examples
    # (360 and 776); the other rows are Excel's results recorded in PhpSpreadsheet's test data,
    # tests/data/Calculation/Financial/AMORDEGRC.php and AMORLINC.php
    ("=AMORLINC(2400,DATE(2008,8,19),DATE(2008,12,31),300,1,0.15,1)", 360.0),
    ("=AMORLINC(150,DATE(2011,1,1),DATE(2011,9,30),20,1,0.2,4)", 30.0),
    ("=AMORLINC(2400,DATE(2008,8,19),DATE(2008,12,31),300,1,C1,1)", E + "#DIV/0!"),
    ("=AMORDEGRC(2400,DATE(2008,8,19),DATE(2008,12,31),300,1,0.15,1)", 776.0),
    ("=AMORDEGRC(2400,DATE(2008,8,19),DATE(2008,12,31),300,1,0.2,1)", 820.0),
    ("=AMORDEGRC(2400,DATE(2008,8,19),DATE(2008,12,31),300,2,0.2,1)", 492.0),
    ("=AMORDEGRC(2400,DATE(2008,8,19),DATE(2008,12,31),300,1,0.22,1)", 886.0),
    ("=AMORDEGRC(2400,DATE(2008,8,19),DATE(2008,12,31),300,1,0.24,1)", 949.0),
    ("=AMORDEGRC(2400,DATE(2008,8,19),DATE(2008,12,31),300,2,0.24,1)", 494.0),
    ("=AMORDEGRC(2400,DATE(2008,8,19),DATE(2008,12,31),300,1,0.3,1)", 902.0),
    ("=AMORDEGRC(150,DATE(2011,1,1),DATE(2011,9,30),20,1,0.2,4)", 42.0),
    ("=AMORDEGRC(150,DATE(2011,1,1),DATE(2011,9,30),20,2,0.2,4)", 25.0),
    ("=AMORDEGRC(150,DATE(2011,1,1),DATE(2011,9,30),20,3,0.15,4)", 16.0),
    ("=AMORDEGRC(150,DATE(2011,1,1),DATE(2011,9,30),20,1,0.4,4)", 42.0),
    ("=AMORDEGRC(10000,DATE(2012,3,1),DATE(2012,12,31),1500,1,0.3,1)", 2813.0),
    ("=AMORDEGRC(500,DATE(2012,3,1),DATE(2012,12,31),500,3,0.3,1)", 0.0),
    ("=AMORDEGRC(550,DATE(2012,3,1),DATE(2020,12,25),20,1,0.2,99)", E + "#NUM!"),
]

#: Rows where LibreOffice answers otherwise (sheetgd follows Excel).
KNOWN_LIBREOFFICE_DIFFERENCES = {
    **{f"=AMORDEGRC(2400,DATE(2008,8,19),DATE(2008,12,31),300,{p},{r},1)":
       "LibreOffice's coefficient for a life of 4 to 5 years is 1.5, Excel's 2 (PhpSpreadsheet's "
       "AMORDEGRC.php)" for p, r in [(1, 0.22), (1, 0.24), (2, 0.24)]},
    "=AMORDEGRC(550,DATE(2012,3,1),DATE(2020,12,25),20,1,0.2,99)": "invalid argument saved as #VALUE!",
    "=AMORDEGRC(10000,DATE(2012,3,1),DATE(2012,12,31),1500,1,0.3,1)":
        "LibreOffice rounds 0.45 x 6250 (2812.4999999999995 in binary) otherwise; Excel's recorded "
        "result is 2813 (PhpSpreadsheet's AMORDEGRC.php)",
    "=RATE(0,-200,8000)": "invalid argument saved as #VALUE!",
    "=IPMT(0.1,4,3,8000)": "invalid argument saved as #VALUE!",
    "=PPMT(0.08,0,10,200000)": "invalid argument saved as #VALUE!",
    "=CUMIPMT(0.09/12,360,125000,13,24,2)": "invalid argument saved as #VALUE!",
    "=CUMIPMT(0.09/12,360,125000,24,13,0)": "invalid argument saved as #VALUE!",
    "=CUMPRINC(0,360,125000,1,1,0)": "invalid argument saved as #VALUE!",
    "=EFFECT(0.05,0.5)": "invalid argument saved as #VALUE!",
    "=NOMINAL(-0.1,4)": "invalid argument saved as #VALUE!",
    "=PDURATION(0,1000,1200)": "invalid argument saved as #VALUE!",
    "=RRI(0,10000,11000)": "invalid argument saved as #VALUE!",
    "=DOLLARDE(1.02,0)": "invalid argument saved as #VALUE!",
    "=DOLLARDE(1.02,-1)": "invalid argument saved as #VALUE!",
    "=DOLLARFR(1.125,0)": "invalid argument saved as #VALUE!",
    "=XNPV(0.09,X1:X5,Y1:Y4)": "invalid argument saved as #VALUE!",
    "=XIRR(X2:X5,Y2:Y5)": "invalid argument saved as #VALUE!",
    "=MIRR(X8:X12,10%,12%)": "invalid argument saved as #VALUE!",
    "=DB(1000000,100000,6,8,7)": "invalid argument saved as #VALUE!",
    "=DB(1000000,100000,6,1,13)": "invalid argument saved as #VALUE!",
    "=DDB(2400,300,10,11)": "invalid argument saved as #VALUE!",
    "=VDB(2400,300,10,0,11)": "invalid argument saved as #VALUE!",
    "=VDB(2400,300,10,5,4)": "invalid argument saved as #VALUE!",
    "=RATE(10,0,100,100)": "no convergence saved as #N/A (Excel: #NUM!)",
    "=IRR(X15:X19)": "no convergence saved as #N/A (Excel: #NUM!)",
    "=ISPMT(0.1,1,0,8000000)": "its division by zero is #NUM!",
    "=NPV(-1,100)": "its division by zero is #NUM!",
    "=EFFECT(0,4)": "a nominal rate of 0 gives 0 (Excel: #NUM!)",
    "=FVSCHEDULE(1,Y7:Y10)": "text in the schedule is skipped (Excel: #VALUE!)",
    "=XNPV(0.09,X1:X5,Y7:Y11)": "text among the dates is skipped (Excel: #VALUE!)",
    "=XNPV(0.09,{-100,50},{40100,40000})": "a date before the first is used (Excel: #NUM!)",
    "=SYD(300000,75000,10,11)": "a period after the life gives 0 (Excel: #NUM!)",
}
