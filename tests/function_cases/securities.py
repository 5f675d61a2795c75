"""Function-table rows of the securities functions (sheetgd/engine/functions/
securities.py, discounts.py, the day-count bases of daycount.py).

Expected values are the examples of Microsoft's pages, each cited next to
its rows: the Excel function reference (support.microsoft.com/<lang>/excel/
functions/<name>-function; its Example table was read in the zh-TW/zh-CN
editions, whose text is short enough for the search tool's excerpt) and the
DAX function reference (learn.microsoft.com/en-us/dax/<name>-function-dax,
source MicrosoftDocs/query-docs, query-languages/dax/), whose examples are
the Excel pages' own and print 15 significant digits.  Rows round to 10
decimals (or the digits the page shows), so the last bits of a float do not
matter; the #NUM! checks are those the pages list.  The rows are also
recomputed by LibreOffice.
"""

from __future__ import annotations

E = "error:"

_S, _M = "DATE(2011,1,25)", "DATE(2011,11,15)"  # the COUP* pages' bond

CASES = [
    # --- coupon dates and days: the COUP* pages' bond (semiannual, actual/actual) ----------
    # support.microsoft.com/zh-tw/excel/functions/coupdaysnc-function (110),
    # .../zh-tw/excel/coupdays-function (181), .../zh-cn/excel/coupncd-function (2011-5-15);
    # learn.microsoft.com/en-us/dax/coupdaybs-function-dax (71), couppcd- (11/15/2010),
    # coupnum-function-dax (4, its own bond: 25-Jan-07 to 15-Nov-08)
    (f"=COUPDAYBS({_S},{_M},2,1)", 71.0),
    (f"=COUPDAYS({_S},{_M},2,1)", 181.0),
    (f"=COUPDAYSNC({_S},{_M},2,1)", 110.0),
    (f"=COUPNCD({_S},{_M},2,1)", 40678.0),  # 15-May-11
    (f"=COUPPCD({_S},{_M},2,1)", 40497.0),  # 15-Nov-10
    ("=COUPNUM(DATE(2007,1,25),DATE(2008,11,15),2,1)", 4.0),
    # other bases and frequencies of the same bond (no page: LibreOffice checks these)
    (f"=COUPDAYBS({_S},{_M},2)", 70.0),  # 30/360: 15 Nov to 25 Jan
    (f"=COUPDAYS({_S},{_M},2,3)", 182.5),
    (f"=COUPDAYS({_S},{_M},4,2)", 90.0),
    (f"=COUPNUM({_S},{_M},1)", 1.0),
    (f"=COUPNUM({_S},{_M},4)", 4.0),
    # quarterly from 31 May: month ends stay month ends (30 Nov 2010, 28 Feb 2011)
    ("=COUPPCD(DATE(2011,1,25),DATE(2011,5,31),4)", 40512.0),
    ("=COUPNCD(DATE(2011,1,25),DATE(2011,5,31),4)", 40602.0),
    ("=COUPNCD(DATE(2011,1,25.9),DATE(2011,11,15),2.7,1.5)", 40678.0),  # truncated (the pages)
    # US 30/360 from the last day of February keeps a 31st end (Excel's YEARFRAC basis 0 as
    # D. A. Wheeler measured it; the ExcelFinancialFunctions library's COUPDAYBS, checked
    # against Excel): 28 Feb 2011 to 31 Mar 2011 is 31 days, 29 Feb 2012 to 31 Mar 2012 too,
    # 28 Feb to 30 Mar 30 days (fuzz seed 11; LibreOffice checks these)
    ("=COUPDAYBS(DATE(2011,3,31),DATE(2012,2,29),4,0)", 31.0),
    ("=COUPDAYSNC(DATE(2011,3,31),DATE(2012,2,29),4,0)", 59.0),
    ("=COUPDAYBS(DATE(2012,3,31),DATE(2013,2,28),4,0)", 31.0),
    ("=COUPDAYBS(DATE(2011,3,30),DATE(2012,2,29),4,0)", 30.0),
    (f"=COUPDAYS({_M},{_S},2,1)", E + "#NUM!"),  # settlement after maturity
    (f"=COUPDAYS({_S},{_S},2,1)", E + "#NUM!"),
    (f"=COUPDAYS({_S},{_M},3,1)", E + "#NUM!"),  # frequency not 1, 2, 4
    (f"=COUPDAYS({_S},{_M},2,5)", E + "#NUM!"),  # basis not 0..4
    (f"=COUPDAYS({_S},{_M},2,-1)", E + "#NUM!"),
    (f"=COUPNUM(\"x\",{_M},2)", E + "#VALUE!"),
    # each COUP* page: settlement >= maturity, a frequency not 1, 2, 4, a basis not 0..4 are
    # #NUM!; an argument that is no date is #VALUE!
    (f"=COUPDAYBS({_M},{_S},2,1)", E + "#NUM!"),
    (f"=COUPDAYSNC({_S},{_M},3,1)", E + "#NUM!"),
    (f"=COUPNCD({_S},{_M},2,5)", E + "#NUM!"),
    (f"=COUPPCD(\"x\",{_M},2)", E + "#VALUE!"),
    # --- PRICE, YIELD, DURATION, MDURATION -------------------------------------------------
    # support.microsoft.com/en-us/excel/functions/price-function; dax/price-function-dax:
    # 94.6343616213221
    ("=ROUND(PRICE(DATE(2008,2,15),DATE(2017,11,15),0.0575,0.065,100,2,0),10)", 94.6343616213),
    # Excel's results for bases 2 and 3 (and frequency 4), recorded beside LibreOffice's in
    # PhpSpreadsheet's tests/data/Calculation/Financial/PRICE3.php: DSC is E - A for every basis
    ("=ROUND(PRICE(DATE(2008,2,15),DATE(2017,11,15),0.0575,0.065,100,2,2),9)", 94.636564030),
    ("=ROUND(PRICE(DATE(2008,2,15),DATE(2017,11,15),0.0575,0.065,100,2,3),9)", 94.635174797),
    ("=ROUND(PRICE(DATE(2012,4,1),DATE(2020,3,31),0.12,0.1,100,2,2),9)", 110.834483593),
    ("=ROUND(PRICE(DATE(2012,4,1),DATE(2020,3,31),0.12,0.1,100,4,3),9)", 110.921732963),
    # support.microsoft.com/en-us/excel/functions/yield-function; dax/yield-function-dax:
    # 0.0650000068807314
    ("=ROUND(YIELD(DATE(2008,2,15),DATE(2016,11,15),0.0575,95.04287,100,2,0),10)", 0.0650000069),
    # dax/duration-function-dax (the Excel page's bond): 10.9191452815919
    ("=ROUND(DURATION(DATE(2018,7,1),DATE(2048,1,1),0.08,0.09,2,1),10)", 10.9191452816),
    # support.microsoft.com/zh-tw/excel/functions/mduration-function (its data: 2008-1-1,
    # 2016-1-1, 8%, 9%, 2, 1); dax/mduration-function-dax: 5.73566981391884
    ("=ROUND(MDURATION(DATE(2008,1,1),DATE(2016,1,1),0.08,0.09,2,1),10)", 5.7356698139),
    ("=PRICE(DATE(2008,2,15),DATE(2017,11,15),0.0575,-0.01,100,2,0)", E + "#NUM!"),
    ("=PRICE(DATE(2008,2,15),DATE(2017,11,15),0.0575,0.065,0,2,0)", E + "#NUM!"),
    ("=YIELD(DATE(2008,2,15),DATE(2016,11,15),0.0575,0,100,2,0)", E + "#NUM!"),
    ("=DURATION(DATE(2018,7,1),DATE(2048,1,1),-0.08,0.09,2,1)", E + "#NUM!"),
    ("=MDURATION(DATE(2008,1,1),DATE(2016,1,1),0.08,-0.09,2,1)", E + "#NUM!"),  # yld < 0
    # one coupon left: the pages' simple-interest formula (PRICE's N = 1 case), and YIELD's
    # closed form undoes it
    ("=ROUND(PRICE(DATE(2008,2,15),DATE(2008,5,15),0.06,0.08,100,2,0),10)",
     round(103 / (1 + 0.04 * 90 / 180) - 3 * 90 / 180, 10)),
    ("=ROUND(YIELD(DATE(2008,2,15),DATE(2008,5,15),0.06,"
     "PRICE(DATE(2008,2,15),DATE(2008,5,15),0.06,0.08,100,2,0),100,2,0),12)", 0.08),
    # the yield back from the price it gives (several coupons left: PRICE solved)
    ("=ROUND(YIELD(DATE(2008,2,15),DATE(2017,11,15),0.0575,"
     "PRICE(DATE(2008,2,15),DATE(2017,11,15),0.0575,0.065,100,2,0),100,2,0),10)", 0.065),
    # --- accrued interest --------------------------------------------------------------
    # learn.microsoft.com/en-us/dax/accrint-function-dax (the Excel page's present example,
    # whose table the search tool did not reach): 116.944444444444 and, FALSE, 66.9444444444445
    ("=ROUND(ACCRINT(DATE(2007,3,1),DATE(2008,8,31),DATE(2008,5,1),0.1,1000,2,0),10)",
     116.9444444444),
    ("=ROUND(ACCRINT(DATE(2007,3,1),DATE(2008,8,31),DATE(2008,5,1),0.1,1000,2,0,FALSE),10)",
     66.9444444444),
    # the Excel page's earlier example (support.office.com/en-us/article/accrint-function-
    # fe45d089-6722-4fb3-9379-e1f911d8dc74, as other engines' tests cite it with these values)
    ("=ROUND(ACCRINT(39508,39691,39569,0.1,1000,2,0),8)", 16.66666667),
    ("=ROUND(ACCRINT(DATE(2008,3,5),39691,39569,0.1,1000,2,0,FALSE),8)", 15.55555556),
    ("=ROUND(ACCRINT(DATE(2008,4,5),39691,39569,0.1,1000,2,0,TRUE),7)", 7.2222222),
    ("=ACCRINT(39569,39691,39508,0.1,1000,2,0)", E + "#NUM!"),  # issue after settlement
    ("=ACCRINT(39508,39691,39569,0,1000,2,0)", E + "#NUM!"),
    # support.microsoft.com/zh-cn/excel/accrintm-function: 20.54794521
    ("=ROUND(ACCRINTM(39539,39614,0.1,1000,3),8)", 20.54794521),
    ("=ACCRINTM(39539,39614,0.1,0,3)", E + "#NUM!"),
    # --- discounted securities, interest at maturity, Treasury bills ----------------------
    # DISC: dax/disc-function-dax 0.000686384169121348 for the Excel page's data
    # (support.microsoft.com/zh-tw/excel/functions/disc-function: 07/01/2018, 01/01/2048,
    # 97.975, 100, 1).  The Excel page prints 0.001038, which is this bond maturing
    # 1 Jan 2038 (the page's text speaks of a 2038 maturity), not its table's 2048
    ("=ROUND(DISC(DATE(2018,7,1),DATE(2048,1,1),97.975,100,1),15)", 0.000686384169121),
    ("=ROUND(DISC(DATE(2018,7,1),DATE(2038,1,1),97.975,100,1),6)", 0.001038),
    # dax/intrate-function-dax: 0.05768
    ("=ROUND(INTRATE(DATE(2008,2,15),DATE(2008,5,15),1000000,1014420,2),10)", 0.05768),
    # dax/received-function-dax: 1014584.6544071
    ("=ROUND(RECEIVED(DATE(2008,2,15),DATE(2008,5,15),1000000,0.0575,2),7)", 1014584.6544071),
    # dax/pricedisc-function-dax: 99.7958333333333
    ("=ROUND(PRICEDISC(DATE(2008,2,16),DATE(2008,3,1),0.0525,100,2),10)", 99.7958333333),
    # dax/pricemat-function-dax: 99.9844988755569
    ("=ROUND(PRICEMAT(DATE(2008,2,15),DATE(2008,4,13),DATE(2007,11,11),0.061,0.061,0),10)",
     99.9844988756),
    # dax/yielddisc-function-dax: 0.0528225719868583
    ("=ROUND(YIELDDISC(DATE(2008,2,16),DATE(2008,3,1),99.795,100,2),10)", 0.052822572),
    # dax/yieldmat-function-dax: 0.0609543336915387
    ("=ROUND(YIELDMAT(DATE(2008,3,15),DATE(2008,11,3),DATE(2007,11,8),0.0625,100.0123,0),10)",
     0.0609543337),
    # support.microsoft.com/zh-cn/excel/tbilleq-function (0.094151); dax: 0.094151493565943
    ("=ROUND(TBILLEQ(DATE(2008,3,31),DATE(2008,6,1),0.0914),10)", 0.0941514936),
    # support.microsoft.com/zh-tw/excel/tbillprice-function: 98.45
    ("=ROUND(TBILLPRICE(DATE(2008,3,31),DATE(2008,6,1),0.09),10)", 98.45),
    # support.microsoft.com/zh-tw/excel/functions/tbillyield-function (0.0914);
    # dax/tbillyield-function-dax: 0.0914169629253426
    ("=ROUND(TBILLYIELD(DATE(2008,3,31),DATE(2008,6,1),98.45),10)", 0.0914169629),
    # a bill of more than 182 days (335): the half-year bond-equivalent yield, the root the
    # ExcelFinancialFunctions library computes (matched to Excel by its authors; Microsoft's
    # page gives only the short-bill formula), written out here: P = 1 - 5% x 335/360
    ("=ROUND(TBILLEQ(DATE(2008,1,1),DATE(2008,12,1),0.05),12)",
     round(2 * (((335 / 365) ** 2 - (2 * 335 / 365 - 1) * (1 - 1 / (1 - 0.05 * 335 / 360))) ** 0.5
                - 335 / 365) / (2 * 335 / 365 - 1), 12)),
    ("=TBILLPRICE(DATE(2008,1,1),DATE(2008,12,1),1.5)", E + "#NUM!"),  # a negative price
    ("=DISC(DATE(2007,6,15),DATE(2007,1,25),97.975,100,1)", E + "#NUM!"),
    ("=DISC(DATE(2007,1,25),DATE(2007,6,15),0,100,1)", E + "#NUM!"),
    ("=INTRATE(DATE(2008,2,15),DATE(2008,5,15),1000000,1014420,5)", E + "#NUM!"),
    ("=PRICEMAT(DATE(2008,2,15),DATE(2008,4,13),DATE(2007,11,11),-0.061,0.061,0)", E + "#NUM!"),
    # issue on or after settlement: #NUM! (the ExcelFinancialFunctions library's precondition,
    # matched to Excel by its authors; LibreOffice refuses YIELDMAT's and computes PRICEMAT's)
    ("=YIELDMAT(DATE(2008,3,15),DATE(2008,11,3),DATE(2008,4,8),0.0625,100.0123,0)", E + "#NUM!"),
    ("=PRICEMAT(DATE(2008,2,15),DATE(2008,4,13),DATE(2008,2,15),0.061,0.061,0)", E + "#NUM!"),
    ("=TBILLPRICE(DATE(2008,3,31),DATE(2009,6,1),0.09)", E + "#NUM!"),  # more than a year
    ("=TBILLPRICE(DATE(2008,3,31),DATE(2008,6,1),0)", E + "#NUM!"),
    ("=TBILLYIELD(DATE(2008,3,31),DATE(2008,6,1),0)", E + "#NUM!"),
    # the pages: "If discount <= 0" (TBILLEQ, PRICEDISC), "If pr <= 0" (YIELDDISC), "If
    # investment <= 0" (RECEIVED): #NUM!
    ("=TBILLEQ(DATE(2008,3,31),DATE(2008,6,1),0)", E + "#NUM!"),
    ("=PRICEDISC(DATE(2008,2,16),DATE(2008,3,1),0,100,2)", E + "#NUM!"),
    ("=YIELDDISC(DATE(2008,2,16),DATE(2008,3,1),0,100,2)", E + "#NUM!"),
    ("=RECEIVED(DATE(2008,2,15),DATE(2008,5,15),0,0.0575,2)", E + "#NUM!"),
    # --- odd first and last periods (oddcoupons.py) ----------------------------------------
    # learn.microsoft.com/en-us/dax/oddfprice-function-dax (the Excel page's example):
    # 113.597717474079; oddfyield-function-dax: 0.0772455415972989 (Excel iterates: rows
    # round to 10 decimals); oddlprice-function-dax: 99.8782860147213; oddlyield-function-dax:
    # 0.0451922356291692 (MicrosoftDocs/query-docs, query-languages/dax/)
    ("=ROUND(ODDFPRICE(DATE(2008,11,11),DATE(2021,3,1),DATE(2008,10,15),DATE(2009,3,1),0.0785,"
     "0.0625,100,2,1),10)", 113.5977174741),
    ("=ROUND(ODDFYIELD(DATE(2008,11,11),DATE(2021,3,1),DATE(2008,10,15),DATE(2009,3,1),0.0575,"
     "84.5,100,2,0),10)", 0.0772455416),
    ("=ROUND(ODDLPRICE(DATE(2008,2,7),DATE(2008,6,15),DATE(2007,10,15),0.0375,0.0405,100,2,0),"
     "10)", 99.8782860147),
    ("=ROUND(ODDLYIELD(DATE(2008,4,20),DATE(2008,6,15),DATE(2007,12,24),0.0375,99.875,100,2,0),"
     "10)", 0.0451922356),
    # the pages' checks: dates out of order, rate < 0, pr <= 0, frequency, basis
    ("=ODDFPRICE(DATE(2008,11,11),DATE(2021,3,1),DATE(2008,12,15),DATE(2009,3,1),0.0785,0.0625,"
     "100,2,1)", E + "#NUM!"),  # issue after settlement
    ("=ODDFPRICE(DATE(2008,11,11),DATE(2021,3,1),DATE(2008,10,15),DATE(2009,3,1),-0.01,0.0625,"
     "100,2,1)", E + "#NUM!"),
    ("=ODDFYIELD(DATE(2008,11,11),DATE(2021,3,1),DATE(2008,10,15),DATE(2009,3,1),0.0575,0,100,"
     "2,0)", E + "#NUM!"),
    ("=ODDLPRICE(DATE(2008,2,7),DATE(2008,6,15),DATE(2008,3,15),0.0375,0.0405,100,2,0)",
     E + "#NUM!"),  # last_interest after settlement
    ("=ODDLPRICE(DATE(2008,2,7),DATE(2008,6,15),DATE(2007,10,15),0.0375,0.0405,100,3,0)",
     E + "#NUM!"),
    ("=ODDLYIELD(DATE(2008,4,20),DATE(2008,6,15),DATE(2007,12,24),0.0375,99.875,100,2,5)",
     E + "#NUM!"),
    ("=ODDLYIELD(DATE(2008,4,20),DATE(2008,6,15),DATE(2007,12,24),0.0375,-1,100,2,0)",
     E + "#NUM!"),
]

_INVALID = "invalid argument saved as #VALUE!"

#: Rows where LibreOffice answers otherwise (sheetgd follows Excel).
KNOWN_LIBREOFFICE_DIFFERENCES = {
    **{row[0]: "LibreOffice 7.4 cannot compute ODDFPRICE/ODDFYIELD (its add-in answers an error "
       "for every call)" for row in CASES if row[0].startswith(("=ROUND(ODDF", "=ODDF"))},
    **{row[0]: _INVALID for row in CASES if row[1] == E + "#NUM!"
       and row[0] != "=TBILLPRICE(DATE(2008,3,31),DATE(2009,6,1),0.09)"},
    "=PRICEMAT(DATE(2008,2,15),DATE(2008,4,13),DATE(2008,2,15),0.061,0.061,0)":
        "issue on settlement: LibreOffice computes (its PRICEMAT checks no issue date)",
    "=TBILLPRICE(DATE(2008,3,31),DATE(2009,6,1),0.09)":
        "maturity more than a year after settlement: LibreOffice computes (89.45; Excel's page: #NUM!)",
    "=ROUND(TBILLEQ(DATE(2008,1,1),DATE(2008,12,1),0.05),12)":
        "LibreOffice applies the short-bill formula to every bill (with its 30/360 days)",
    "=TBILLPRICE(DATE(2008,1,1),DATE(2008,12,1),1.5)":
        "LibreOffice returns the negative price (its 30/360 days: -39.58)",
    "=ROUND(ACCRINT(DATE(2007,3,1),DATE(2008,8,31),DATE(2008,5,1),0.1,1000,2,0),10)":
        "LibreOffice accrues 30/360 days from issue to settlement (116.67: 420 days); Excel sums "
        "the coupon periods, the whole 31 Aug-29 Feb one as 1 (Microsoft's page: 116.944444444444)",
    "=ROUND(PRICE(DATE(2008,2,15),DATE(2008,5,15),0.06,0.08,100,2,0),10)":
        "one coupon left: LibreOffice discounts at compound interest; Excel's page gives the "
        "simple-interest formula for N = 1",
    "=ROUND(ACCRINT(DATE(2007,3,1),DATE(2008,8,31),DATE(2008,5,1),0.1,1000,2,0,FALSE),10)":
        "LibreOffice's ACCRINT takes no calc_method argument (#VALUE!)",
    "=ROUND(ACCRINT(DATE(2008,3,5),39691,39569,0.1,1000,2,0,FALSE),8)":
        "LibreOffice's ACCRINT takes no calc_method argument (#VALUE!)",
    "=ROUND(ACCRINT(DATE(2008,4,5),39691,39569,0.1,1000,2,0,TRUE),7)":
        "LibreOffice's ACCRINT takes no calc_method argument (#VALUE!)",
    "=ROUND(DURATION(DATE(2018,7,1),DATE(2048,1,1),0.08,0.09,2,1),10)":
        "LibreOffice times the coupons by YEARFRAC (10.9215740; Microsoft's page: 10.9191452816)",
    "=ROUND(MDURATION(DATE(2008,1,1),DATE(2016,1,1),0.08,0.09,2,1),10)":
        "as DURATION's (Microsoft's page: 5.73566981391884)",
    **{f"=ROUND(PRICE({args}),9)": "DSC: LibreOffice counts calendar days to the next coupon for "
       "bases 2 and 3, Excel E - A (Excel's results recorded in PhpSpreadsheet's PRICE3.php)"
       for args in ["DATE(2008,2,15),DATE(2017,11,15),0.0575,0.065,100,2,2",
                    "DATE(2008,2,15),DATE(2017,11,15),0.0575,0.065,100,2,3",
                    "DATE(2012,4,1),DATE(2020,3,31),0.12,0.1,100,2,2",
                    "DATE(2012,4,1),DATE(2020,3,31),0.12,0.1,100,4,3"]},
}
