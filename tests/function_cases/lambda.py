"""LAMBDA and the functions that take one (tests/test_lambda.py has named
lambdas, recursion, scopes and files): Microsoft's documented examples.

The pages show their sample data as pictures, so the examples' data is
written here as array constants of the shape the pages describe (A1:C2:
two rows of three numbers), and each expected value is the documented
rule worked by hand: REDUCE's "sum the squared values" of 1..6 is
1+4+9+16+25+36 = 91, SCAN's running product of 1..6 ends in 720, MAP
squares what is above 4, MAKEARRAY's r*c table has 6 at row 2 column 3.
LibreOffice 7.4 has none of these functions (#NAME?), nor GROUPBY and
PIVOTBY, which take a LAMBDA or a function's name.
"""

E = "error:"

CASES = [
    # LAMBDA ("LAMBDA function": examples and errors)
    ("=LAMBDA(number,number+1)(1)", 2.0),  # called where it is made
    ("=LAMBDA(temp,(5/9)*(temp-32))(104)", 40.0),  # the page's ToCelsius(104)
    ("=LAMBDA(a,b,SQRT((a^2+b^2)))(3,4)", 5.0),  # the page's Hypotenuse(3,4)
    ("=LAMBDA(x,y,x+y)(1)", E + "#VALUE!"),  # an incorrect number of arguments
    ("=LAMBDA(x,y,x+y)(1,2,3)", E + "#VALUE!"),
    ("=LAMBDA(x,x+1)", E + "#CALC!"),  # made in a cell and not called
    ("=LET(f,LAMBDA(x,x*2),f(5))", 10.0),  # a LAMBDA bound by LET, called by its name
    ("=LET(n,10,LAMBDA(x,x+n)(1))", 11.0),  # the LET names where it is made
    ("=LAMBDA(x,LAMBDA(y,x*y))(3)(4)", 12.0),  # a LAMBDA returned, then called
    ("=LAMBDA(r,SUM(r*2))(A1:A3)", 12.0),  # a parameter bound to a range acts as the range
    # ISOMITTED ("ISOMITTED function", example 1)
    ('=LAMBDA(x,y,IF(ISOMITTED(y),"Missing second argument",x+y))(1,)', "Missing second argument"),
    ('=LAMBDA(x,y,IF(ISOMITTED(y),"Missing second argument",x+y))(1,2)', 3.0),
    ("=LAMBDA(x,y,x+y)(1,)", 1.0),  # an omitted argument reads as empty: 0
    # an error given is no omitted argument: FALSE, the page's "FALSE otherwise"
    ("=LAMBDA(x,ISOMITTED(x))(1/0)", False),
    # REDUCE ("REDUCE function", examples 1-3)
    ("=REDUCE(,{1,2,3;4,5,6},LAMBDA(a,b,a+b^2))", 91.0),
    ("=REDUCE(1,{10,60,70},LAMBDA(a,b,IF(b>50,a*b,a)))", 4200.0),  # a "PRODUCTIF"
    ("=REDUCE(0,{1,2,3,4,5},LAMBDA(a,n,IF(ISEVEN(n),1+a,a)))", 2.0),  # count the even values
    ("=REDUCE(0,{1,2},LAMBDA(a,a))", E + "#VALUE!"),  # a LAMBDA of the wrong parameters
    ("=REDUCE(0,{1,2},5)", E + "#VALUE!"),  # no LAMBDA
    # SCAN ("SCAN function", examples 1-2)
    ("=INDEX(SCAN(1,{1,2,3;4,5,6},LAMBDA(a,b,a*b)),2,3)", 720.0),  # factorials
    ("=INDEX(SCAN(1,{1,2,3;4,5,6},LAMBDA(a,b,a*b)),1,3)", 6.0),
    ('=INDEX(SCAN("",{"a","b","c";"d","e","f"},LAMBDA(a,b,a&b)),2,2)', "abcde"),  # concatenation
    ("=SCAN(0,{1,2},LAMBDA(a,a))", E + "#VALUE!"),  # "an incorrect number of parameters"
    # MAP ("MAP function", examples 1-2)
    ("=INDEX(MAP({1,2,3;4,5,6},LAMBDA(a,IF(a>4,a*a,a))),2,3)", 36.0),
    ("=INDEX(MAP({1,2,3;4,5,6},LAMBDA(a,IF(a>4,a*a,a))),2,1)", 4.0),
    ("=INDEX(MAP({TRUE;FALSE},{TRUE;TRUE},LAMBDA(a,b,AND(a,b))),2)", False),  # two arrays
    ("=MAP({1,2},LAMBDA(a,b,a))", E + "#VALUE!"),  # one array, two parameters
    # BYROW and BYCOL ("BYROW function", "BYCOL function": MAX and SUMSQ of each)
    ("=INDEX(BYROW({1,2,3;4,5,6},LAMBDA(array,MAX(array))),2)", 6.0),
    ("=INDEX(BYROW({1,2,3;4,5,6},LAMBDA(array,SUMSQ(array))),1)", 14.0),
    ("=INDEX(BYCOL({1,2,3;4,5,6},LAMBDA(array,MAX(array))),1,3)", 6.0),
    ("=INDEX(BYCOL({1,2,3;4,5,6},LAMBDA(array,SUMSQ(array))),1,2)", 29.0),
    ("=BYROW({1,2;3,4},LAMBDA(r,r*2))", E + "#CALC!"),  # several values for one row
    ("=BYCOL({1,2;3,4},LAMBDA(c,c*2))", E + "#CALC!"),  # several values for one column
    ("=BYCOL({1,2;3,4},LAMBDA(a,b,a))", E + "#VALUE!"),  # "an incorrect number of parameters"
    # MAKEARRAY ("MAKEARRAY function": the r*c table; a size below 1 is #VALUE!)
    ("=INDEX(MAKEARRAY(3,3,LAMBDA(r,c,r*c)),2,3)", 6.0),
    ("=SUM(MAKEARRAY(3,3,LAMBDA(r,c,r*c)))", 36.0),
    ("=MAKEARRAY(0,2,LAMBDA(r,c,r))", E + "#VALUE!"),
    ('=MAKEARRAY("x",2,LAMBDA(r,c,r))', E + "#VALUE!"),
    # a function's name in place of a LAMBDA ("GROUPBY function": "an explicit or
    # eta reduced lambda"): BYROW's MAX of each row, as with LAMBDA(array,MAX(array))
    ("=INDEX(BYROW({1,2,3;4,5,6},MAX),2)", 6.0),
    ("=INDEX(BYCOL({1,2,3;4,5,6},_xleta.SUM),1,3)", 9.0),  # as a file stores it
    # GROUPBY and PIVOTBY ("GROUPBY function", "PIVOTBY function"; tests/test_groupby.py
    # has the rest): groups ascending, then a Total line (a: 2, b: 1+4, all 7)
    ('=INDEX(GROUPBY({"b";"a";"b"},{1;2;4},SUM),1,2)', 2.0),
    ('=INDEX(GROUPBY({"b";"a";"b"},{1;2;4},SUM),3,1)', "Total"),
    ('=INDEX(GROUPBY({"b";"a";"b"},{1;2;4},SUM),3,2)', 7.0),
    ('=INDEX(PIVOTBY({"a";"a";"b"},{"Q1";"Q2";"Q1"},{1;2;4},SUM),2,4)', 3.0),  # a's total
    ('=INDEX(PIVOTBY({"a";"a";"b"},{"Q1";"Q2";"Q1"},{1;2;4},SUM),4,2)', 5.0),  # Q1's total
    ('=GROUPBY({"a";"b"},{1;2;3},SUM)', E + "#VALUE!"),  # values of another length
    ('=PIVOTBY({"a";"b"},{"Q1";"Q2"},{1;2;3},SUM)', E + "#VALUE!"),
]

#: LibreOffice reads an immediately invoked LAMBDA of the wrong number of
#: arguments as an error too (#VALUE!, as Excel): those rows agree.
_AGREE = {"=LAMBDA(x,y,x+y)(1)", "=LAMBDA(x,y,x+y)(1,2,3)"}

KNOWN_LIBREOFFICE_DIFFERENCES = {formula: "LibreOffice 7.4 has no LAMBDA or its helper functions (#NAME?)"
                                 for formula, _ in CASES if formula not in _AGREE}
