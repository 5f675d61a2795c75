"""Function-table rows of the securities functions (sheetgd/engine/functions/
securities.py, discounts.py, the day-count bases of daycount.py).

Expected values are the examples of each function's page in Excel's function
reference (support.microsoft.com, "<NAME> function"), rounded as the page
shows them (``ROUND(PRICE(...),8)`` is the page's 94.63436162), and the
#NUM! checks those pages list; the rows are also recomputed by LibreOffice.
"""

from __future__ import annotations

E = "error:"

_S, _M = "DATE(2011,1,25)", "DATE(2011,11,15)"  # the COUP* pages' bond

CASES = [
    # --- coupon dates and days (the pages' bond: semiannual, actual/actual) -----------
    (f"=COUPDAYBS({_S},{_M},2,1)", 71.0),
    (f"=COUPDAYS({_S},{_M},2,1)", 181.0),
    (f"=COUPDAYSNC({_S},{_M},2,1)", 110.0),
    (f"=COUPNCD({_S},{_M},2,1)", 40678.0),  # 15-May-11
    (f"=COUPPCD({_S},{_M},2,1)", 40497.0),  # 15-Nov-10
    ("=COUPNUM(DATE(2007,1,25),DATE(2008,11,15),2,1)", 4.0),
    (f"=COUPDAYBS({_S},{_M},2)", 70.0),  # 30/360: 15 Nov to 25 Jan
    (f"=COUPDAYS({_S},{_M},2,3)", 182.5),
    (f"=COUPDAYS({_S},{_M},4,2)", 90.0),
    (f"=COUPNUM({_S},{_M},1)", 1.0),
    (f"=COUPNUM({_S},{_M},4)", 4.0),
    # quarterly from 31 May: month ends stay month ends (30 Nov 2010, 28 Feb 2011)
    ("=COUPPCD(DATE(2011,1,25),DATE(2011,5,31),4)", 40512.0),
    ("=COUPNCD(DATE(2011,1,25),DATE(2011,5,31),4)", 40602.0),
    ("=COUPNCD(DATE(2011,1,25.9),DATE(2011,11,15),2.7,1.5)", 40678.0),  # truncated
    (f"=COUPDAYS({_M},{_S},2,1)", E + "#NUM!"),  # settlement after maturity
    (f"=COUPDAYS({_S},{_S},2,1)", E + "#NUM!"),
    (f"=COUPDAYS({_S},{_M},3,1)", E + "#NUM!"),  # frequency not 1, 2, 4
    (f"=COUPDAYS({_S},{_M},2,5)", E + "#NUM!"),  # basis not 0..4
    (f"=COUPDAYS({_S},{_M},2,-1)", E + "#NUM!"),
    (f"=COUPNUM(\"x\",{_M},2)", E + "#VALUE!"),
    # --- PRICE, YIELD, DURATION, MDURATION -------------------------------------------------
    ("=ROUND(PRICE(DATE(2008,2,15),DATE(2017,11,15),0.0575,0.065,100,2,0),8)", 94.63436162),
    ("=ROUND(YIELD(DATE(2008,2,15),DATE(2016,11,15),0.0575,95.04287,100,2,0),6)", 0.065),
    ("=ROUND(DURATION(DATE(2018,7,1),DATE(2048,1,1),0.08,0.09,2,1),7)", 10.9191453),
    ("=ROUND(MDURATION(DATE(2008,1,1),DATE(2016,1,1),0.08,0.09,2,1),5)", 5.73567),
    ("=PRICE(DATE(2008,2,15),DATE(2017,11,15),0.0575,-0.01,100,2,0)", E + "#NUM!"),
    ("=PRICE(DATE(2008,2,15),DATE(2017,11,15),0.0575,0.065,0,2,0)", E + "#NUM!"),
    ("=YIELD(DATE(2008,2,15),DATE(2016,11,15),0.0575,0,100,2,0)", E + "#NUM!"),
    ("=DURATION(DATE(2018,7,1),DATE(2048,1,1),-0.08,0.09,2,1)", E + "#NUM!"),
    # the yield back from the price it gives (several coupons left: PRICE solved)
    ("=ROUND(YIELD(DATE(2008,2,15),DATE(2017,11,15),0.0575,"
     "PRICE(DATE(2008,2,15),DATE(2017,11,15),0.0575,0.065,100,2,0),100,2,0),10)", 0.065),
    # --- accrued interest --------------------------------------------------------------
    ("=ROUND(ACCRINT(39508,39691,39569,0.1,1000,2,0),8)", 16.66666667),
    ("=ROUND(ACCRINT(DATE(2008,3,5),39691,39569,0.1,1000,2,0,FALSE),8)", 15.55555556),
    ("=ROUND(ACCRINT(DATE(2008,4,5),39691,39569,0.1,1000,2,0,TRUE),7)", 7.2222222),
    ("=ACCRINT(39569,39691,39508,0.1,1000,2,0)", E + "#NUM!"),  # issue after settlement
    ("=ACCRINT(39508,39691,39569,0,1000,2,0)", E + "#NUM!"),
    ("=ROUND(ACCRINTM(39539,39614,0.1,1000,3),8)", 20.54794521),
    ("=ACCRINTM(39539,39614,0.1,0,3)", E + "#NUM!"),
    # --- discounted securities, interest at maturity, Treasury bills ----------------------
    ("=ROUND(DISC(DATE(2007,1,25),DATE(2007,6,15),97.975,100,1),9)", 0.052420213),
    ("=ROUND(INTRATE(DATE(2008,2,15),DATE(2008,5,15),1000000,1014420,2),5)", 0.05768),
    ("=ROUND(RECEIVED(DATE(2008,2,15),DATE(2008,5,15),1000000,0.0575,2),2)", 1014584.65),
    ("=ROUND(PRICEDISC(DATE(2008,2,16),DATE(2008,3,1),0.0525,100,2),8)", 99.79583333),
    ("=ROUND(PRICEMAT(DATE(2008,2,15),DATE(2008,4,13),DATE(2007,11,11),0.061,0.061,0),8)",
     99.98449888),
    ("=ROUND(YIELDDISC(DATE(2008,2,16),DATE(2008,3,1),99.795,100,2),6)", 0.052823),
    ("=ROUND(YIELDMAT(DATE(2008,3,15),DATE(2008,11,3),DATE(2007,11,8),0.0625,100.0123,0),6)",
     0.060954),
    ("=ROUND(TBILLEQ(DATE(2008,3,31),DATE(2008,6,1),0.0914),6)", 0.094151),
    ("=ROUND(TBILLPRICE(DATE(2008,3,31),DATE(2008,6,1),0.09),2)", 98.45),
    ("=ROUND(TBILLYIELD(DATE(2008,3,31),DATE(2008,6,1),98.45),6)", 0.091417),
    ("=DISC(DATE(2007,6,15),DATE(2007,1,25),97.975,100,1)", E + "#NUM!"),
    ("=DISC(DATE(2007,1,25),DATE(2007,6,15),0,100,1)", E + "#NUM!"),
    ("=INTRATE(DATE(2008,2,15),DATE(2008,5,15),1000000,1014420,5)", E + "#NUM!"),
    ("=PRICEMAT(DATE(2008,2,15),DATE(2008,4,13),DATE(2007,11,11),-0.061,0.061,0)", E + "#NUM!"),
    ("=TBILLPRICE(DATE(2008,3,31),DATE(2009,6,1),0.09)", E + "#NUM!"),  # more than a year
    ("=TBILLPRICE(DATE(2008,3,31),DATE(2008,6,1),0)", E + "#NUM!"),
    ("=TBILLYIELD(DATE(2008,3,31),DATE(2008,6,1),0)", E + "#NUM!"),
]

_INVALID = "invalid argument saved as #VALUE!"

#: Rows where LibreOffice answers otherwise (sheetgd follows Excel).
KNOWN_LIBREOFFICE_DIFFERENCES = {
    **{row[0]: _INVALID for row in CASES if row[1] == E + "#NUM!"
       and row[0] != "=TBILLPRICE(DATE(2008,3,31),DATE(2009,6,1),0.09)"},
    "=TBILLPRICE(DATE(2008,3,31),DATE(2009,6,1),0.09)":
        "maturity more than a year after settlement: LibreOffice computes (89.45; Excel's page: #NUM!)",
    "=ROUND(ACCRINT(DATE(2008,3,5),39691,39569,0.1,1000,2,0,FALSE),8)":
        "LibreOffice's ACCRINT takes no calc_method argument (#VALUE!)",
    "=ROUND(ACCRINT(DATE(2008,4,5),39691,39569,0.1,1000,2,0,TRUE),7)":
        "LibreOffice's ACCRINT takes no calc_method argument (#VALUE!)",
    "=ROUND(DURATION(DATE(2018,7,1),DATE(2048,1,1),0.08,0.09,2,1),7)":
        "LibreOffice times the coupons by YEARFRAC (10.9215740; Excel's page: 10.9191453)",
    "=ROUND(MDURATION(DATE(2008,1,1),DATE(2016,1,1),0.08,0.09,2,1),5)":
        "as DURATION's (Excel's page: 5.73567)",
}
