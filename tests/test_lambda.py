"""LAMBDA (Excel's "LAMBDA function" and its helpers' pages): lambdas in
the Name Manager, recursion, arrays, dependencies, and the form files store
them in (``_xlfn.LAMBDA(_xlpm.x,...)``).  The function table
(tests/function_cases/lambda.py) has the pages' examples in one cell each.

Expected values are the pages' examples or their documented rule worked by
hand (a factorial, a sum 1..n); none is a value sheetgd computed."""

from __future__ import annotations

import re
import sys
import zipfile

import pytest
import xlsxwriter

import sheetgd
from sheetgd import Workbook
from sheetgd.engine.lambdas import MAX_DEPTH
from sheetgd.io.xlsx_write import write_xlsx

from .conftest import is_error


def _book():
    """s!A1:C2 = 1..6, the shape of the helper pages' sample data."""
    book = Workbook()
    book.add_sheet("s")
    for k, v in enumerate((1.0, 2.0, 3.0, 4.0, 5.0, 6.0)):
        book.set(f"s!{'ABC'[k % 3]}{1 + k // 3}", v)
    return book


def test_a_lambda_defined_in_the_name_manager_is_called_by_its_name():
    book = _book()
    book.define_name("MYADD", "=LAMBDA(a,b,a+b)")
    book.define_name("ToCelsius", "=LAMBDA(temp, (5/9) * (temp-32))")  # the LAMBDA page
    book.define_name("Hypotenuse", "=LAMBDA(a, b, SQRT((a^2+b^2)))")
    book.set("s!E1", "=MYADD(1,2)")
    book.set("s!E2", "=ToCelsius(104)")
    book.set("s!E3", "=Hypotenuse(3,4)")
    book.set("s!E4", "=MYADD(1)")  # an incorrect number of arguments
    assert [book.value(f"s!E{r}") for r in (1, 2, 3)] == [3.0, 40.0, 5.0]
    assert is_error(book.value("s!E4"), "#VALUE!")
    assert book.warnings == []  # MYADD is no unknown function


def test_a_call_of_a_name_that_holds_no_lambda_or_of_nothing():
    book = _book()
    book.define_name("rate", "=0.5")
    book.set("s!E1", "=rate(1)")
    book.set("s!E2", "=NOSUCH(1)")
    assert is_error(book.value("s!E1"), "#VALUE!")
    assert is_error(book.value("s!E2"), "#NAME?")
    assert any("NOSUCH" in w for w in book.warnings) and not any("RATE" in w for w in book.warnings)


def test_a_named_lambda_may_call_itself():
    book = _book()
    book.define_name("FACT", "=LAMBDA(n,IF(n<=1,1,n*FACT(n-1)))")
    book.define_name("SUMTO", "=LAMBDA(n,IF(n<=0,0,n+SUMTO(n-1)))")
    book.set("s!E1", "=FACT(5)")
    book.set("s!E2", f"=SUMTO({MAX_DEPTH - 2})")  # within the depth: n(n+1)/2
    assert book.value("s!E1") == 120.0
    assert book.value("s!E2") == (MAX_DEPTH - 2) * (MAX_DEPTH - 1) / 2


def test_a_recursion_too_deep_is_num_not_a_python_recursion_error():
    """Excel: "#NUM! ... if there are too many recursive calls"."""
    book = _book()
    limit = sys.getrecursionlimit()
    book.define_name("LOOP", "=LAMBDA(n,LOOP(n+1))")
    book.define_name("SUMTO", "=LAMBDA(n,IF(n<=0,0,n+SUMTO(n-1)))")
    book.set("s!E1", "=LOOP(1)")
    book.set("s!E2", f"=SUMTO({MAX_DEPTH + 10})")
    book.set("s!E3", "=IFERROR(LOOP(1),-1)")
    assert is_error(book.value("s!E1"), "#NUM!") and "nested more than" in book.value("s!E1").message
    assert is_error(book.value("s!E2"), "#NUM!")
    assert book.value("s!E3") == -1.0
    assert sys.getrecursionlimit() == limit  # raised only while lambdas run


def test_a_deep_body_called_deeply_is_num_too():
    """A body of 60 nested IFs, called 500 deep, needs more Python frames
    than the depth allows for: #NUM! all the same, and the book goes on."""
    book = _book()
    inner = "DEEP(n-1)"
    for _ in range(60):
        inner = f"IF(n>=0,{inner},0)"
    book.define_name("DEEP", f"=LAMBDA(n,IF(n<=0,0,1+{inner}))")
    book.set("s!E1", "=DEEP(500)")
    book.set("s!E2", "=DEEP(5)")
    assert is_error(book.value("s!E1"), "#NUM!")
    assert book.value("s!E2") == 5.0


def test_a_lambda_reading_cells_is_recomputed_when_they_change():
    book = _book()
    book.define_name("SCALED", "=LAMBDA(x,x*s!$A$1)")
    book.set("s!E1", "=SCALED(10)")
    assert book.value("s!E1") == 10.0
    book.set("s!A1", 3.0)
    assert book.value("s!E1") == 30.0


def test_lambdas_see_the_let_names_where_they_are_made_not_where_called():
    book = _book()
    book.set("s!E1", "=LET(n,1,f,LAMBDA(x,x+n),LET(n,100,f(1)))")
    book.set("s!E2", "=LET(f,LAMBDA(x,x*2),g,LAMBDA(y,f(y)+1),g(5))")
    assert book.value("s!E1") == 2.0 and book.value("s!E2") == 11.0


def test_let_names_and_parameters_bound_to_arrays_act_as_arrays():
    """The known gap closed: Excel gives 12 for =LET(x,{1,2,3},SUM(x*2))."""
    book = _book()
    book.set("s!E1", "=LET(x,{1,2,3},SUM(x*2))")
    book.set("s!E2", "=LAMBDA(x,SUM(x*2))({1,2,3})")
    book.set("s!E3", "=LET(x,A1:C1,SUMPRODUCT(x,x))")
    assert [book.value(f"s!E{r}") for r in (1, 2, 3)] == [12.0, 12.0, 14.0]


def test_the_helpers_give_whole_arrays():
    """MAP example 1, SCAN example 1, BYROW/BYCOL with MAX, MAKEARRAY's
    table, over the sample data 1..6 in A1:C2."""
    book = _book()
    book.set_array_formula("s!E1:G2", "=MAP(A1:C2,LAMBDA(a,IF(a>4,a*a,a)))")
    book.set_array_formula("s!E4:G5", "=SCAN(1,A1:C2,LAMBDA(a,b,a*b))")
    book.set_array_formula("s!I1:I2", "=BYROW(A1:C2,LAMBDA(array,MAX(array)))")
    book.set_array_formula("s!I4:K4", "=BYCOL(A1:C2,LAMBDA(array,MAX(array)))")
    book.set_array_formula("s!E7:G9", "=MAKEARRAY(3,3,LAMBDA(r,c,r*c))")

    def block(top_left, rows, cols):
        r0, c0 = int(top_left[1:]), ord(top_left[0])
        return [[book.value(f"s!{chr(c0 + j)}{r0 + i}") for j in range(cols)] for i in range(rows)]
    assert block("E1", 2, 3) == [[1.0, 2.0, 3.0], [4.0, 25.0, 36.0]]
    assert block("E4", 2, 3) == [[1.0, 2.0, 6.0], [24.0, 120.0, 720.0]]
    assert block("I1", 2, 1) == [[3.0], [6.0]]
    assert block("I4", 1, 3) == [[4.0, 5.0, 6.0]]
    assert block("E7", 3, 3) == [[1.0, 2.0, 3.0], [2.0, 4.0, 6.0], [3.0, 6.0, 9.0]]


def test_a_range_is_handed_to_the_lambda_as_references():
    book = _book()
    book.set("s!E1", "=SUM(MAP(A1:C2,LAMBDA(c,ROW(c)*10+COLUMN(c))))")  # 11+12+13+21+22+23
    book.set("s!E2", "=SUM(BYROW(A1:C2,LAMBDA(r,ROWS(r)*COLUMNS(r))))")
    assert book.value("s!E1") == 102.0 and book.value("s!E2") == 6.0


def test_reduce_may_accumulate_an_array():
    book = _book()
    book.set("s!E1", '=ROWS(REDUCE(0,A1:C1,LAMBDA(a,b,VSTACK(a,b))))')
    book.set("s!E2", '=SUM(REDUCE(0,A1:C1,LAMBDA(a,b,VSTACK(a,b))))')
    assert book.value("s!E1") == 4.0 and book.value("s!E2") == 6.0


def test_formulas_keep_the_text_they_were_typed_in():
    book = _book()
    book.set("s!E1", "=LAMBDA(x,x+1)(2)")
    book.set("s!E2", "=LET(f,LAMBDA(x,x*2),f(5))")
    assert book.formula("s!E1") == "=LAMBDA(x,x+1)(2)"
    assert book.formula("s!E2").upper() == "=LET(F,LAMBDA(X,X*2),F(5))"


def _xml(path, member):
    return zipfile.ZipFile(path).read(member).decode()


def test_files_store_lambda_as_excel_does(tmp_path):
    book = _book()
    book.define_name("MYADD", "=LAMBDA(a,b,a+b)")
    book.set("s!E1", "=MYADD(A1,3)")
    book.set("s!E2", "=LAMBDA(x,x+1)(A1)")
    book.set("s!E3", "=LET(f,LAMBDA(x,x*2),f(5))")
    book.set("s!E4", "=REDUCE(,A1:C2,LAMBDA(a,b,a+b^2))")
    book.set("s!E5", '=LAMBDA(x,y,IF(ISOMITTED(y),"none",x+y))(1,)')
    path = write_xlsx(book, tmp_path / "lambda.xlsx")
    workbook_xml, sheet_xml = _xml(path, "xl/workbook.xml"), _xml(path, "xl/worksheets/sheet1.xml")
    assert '<definedName name="MYADD">_xlfn.LAMBDA(_xlpm.a,_xlpm.b,_xlpm.a+_xlpm.b)</definedName>' \
        in workbook_xml
    formulas = re.findall(r"<f[^>]*>(.*?)</f>", sheet_xml)
    assert formulas == [
        "MYADD(A1,3)",
        "_xlfn.LAMBDA(_xlpm.x,_xlpm.x+1)(A1)",
        "_xlfn.LET(_xlpm.f,_xlfn.LAMBDA(_xlpm.x,_xlpm.x*2),_xlpm.F(5))",
        "_xlfn.REDUCE(,A1:C2,_xlfn.LAMBDA(_xlpm.a,_xlpm.b,_xlpm.a+_xlpm.b^2))",
        '_xlfn.LAMBDA(_xlpm.x,_xlpm.y,IF(_xlfn.ISOMITTED(_xlpm.y),"none",_xlpm.x+_xlpm.y))(1,)',
    ]
    back = sheetgd.load(path)
    assert [back.value(f"s!E{r}") for r in range(1, 6)] == [4.0, 2.0, 10.0, 91.0, "none"]
    assert back.warnings == []


def test_a_file_written_as_excel_writes_lambdas_reads(tmp_path):
    path = tmp_path / "excel.xlsx"
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("s")
    sheet.write("A1", 4)
    book.define_name("MYADD", "=_xlfn.LAMBDA(_xlpm.a,_xlpm.b,_xlpm.a+_xlpm.b)")
    sheet.write_formula("B1", "=MYADD(A1,2)", None, 6)
    sheet.write_formula("B2", "=_xlfn.LET(_xlpm.f,_xlfn.LAMBDA(_xlpm.x,_xlpm.x*2),_xlpm.f(A1))",
                        None, 8)
    sheet.write_formula("B3", "=_xlfn.MAKEARRAY(2,2,_xlfn.LAMBDA(_xlpm.r,_xlpm.c,_xlpm.r+_xlpm.c))",
                        None, 2)
    book.close()
    back = sheetgd.load(path)
    assert [back.value(f"s!B{r}") for r in (1, 2, 3)] == [6.0, 8.0, 2.0]
    assert back.warnings == []
    again = write_xlsx(back, tmp_path / "again.xlsx")  # the call keeps its _xlpm. prefix
    assert "_xlpm.f(a1)" in _xml(again, "xl/worksheets/sheet1.xml").lower()


@pytest.mark.parametrize("formula", ["=LAMBDA(A1,1)(2)", "=LAMBDA(x,x,1)(2,3)", "=LAMBDA()"])
def test_a_lambda_whose_parameters_are_no_names_is_value_error(formula):
    book = _book()
    book.set("s!E1", formula)
    assert is_error(book.value("s!E1"), "#VALUE!")


def test_reduce_without_an_initial_value_starts_from_the_first_value():
    """Microsoft's REDUCE page: "If no value is supplied for the
    initial_value, the first value in the array will be used as the
    starting value", the LAMBDA then taking the values after it.  The
    page's sum of squares of 1..6 is 91 either way (1 = 1^2); a product
    tells them apart: 2*3*4 = 24 (an empty start would give 0).  A user's
    record of Excel (Stack Overflow question 76678903, "How does Reduce
    formula start calculation without a given initial value"): over four
    values, LAMBDA(a,v,VSTACK(E3:G5,a)) stacked the 3-row block three
    times on top of the first value, 100: 3*3+1 = 10 rows, 100 last."""
    book = _book()
    book.set("s!E1", "=REDUCE(,A1:C2,LAMBDA(a,b,a+b^2))")
    book.set("s!E2", "=REDUCE(,{2,3,4},LAMBDA(a,b,a*b))")
    book.set("s!E3", "=ROWS(REDUCE(,{100,101,102,103},LAMBDA(a,v,VSTACK({1;2;3},a))))")
    book.set("s!E4", "=INDEX(REDUCE(,{100,101,102,103},LAMBDA(a,v,VSTACK({1;2;3},a))),10,1)")
    book.set("s!E5", "=REDUCE(,{7},LAMBDA(a,b,a*b))")  # one value: the LAMBDA is never called
    book.set("s!E6", "=REDUCE(H9,{2,3,4},LAMBDA(a,b,a*b))")  # an empty cell given: 0*2*3*4
    assert [book.value(f"s!E{r}") for r in range(1, 7)] == [91.0, 24.0, 10.0, 100.0, 7.0, 0.0]


def test_scan_without_an_initial_value_starts_from_the_first_value():
    """SCAN's page says nothing of it; REDUCE's rule (above), which an
    answer to the same Stack Overflow question states for SCAN too: the
    first value is the first accumulator, kept as the result's first
    element (not checked against Excel itself)."""
    book = _book()
    book.set("s!E1", "=SCAN(,{2,3,4},LAMBDA(a,b,a*b))")
    assert [book.value(a) for a in ("s!E1", "s!F1", "s!G1")] == [2.0, 6.0, 24.0]
    book.set("s!E3", "=SCAN(,A1:C2,LAMBDA(a,b,a*b))")  # factorials without the page's 1
    assert book.value("s!E3:G4") == [[1.0, 2.0, 6.0], [24.0, 120.0, 720.0]]


# -- a function's name in place of a LAMBDA (Excel 365's "eta-reduced" LAMBDA) --
# support.microsoft.com, "GROUPBY function": the function argument is "an explicit
# or eta reduced lambda (SUM, PERCENTOF, AVERAGE, COUNT, etc.)"; a file stores the
# name as _xleta.SUM.  Expected values: the rows and columns of 1..6, worked by hand.

def test_a_function_name_is_a_lambda_for_the_helpers():
    book = _book()
    book.set_array_formula("s!E1:E2", "=BYROW(A1:C2,MAX)")
    book.set_array_formula("s!F1:H1", "=BYCOL(A1:C2,_xleta.SUM)")
    book.set("s!E4", "=SUM(MAP(A1:C2,SQRT)^2)")  # SQRT of each, squared back: 21
    book.set("s!E5", "=REDUCE(0,A1:C2,MAX)")  # MAX(accumulator, value) in turn
    assert [book.value("s!E1"), book.value("s!E2")] == [3.0, 6.0]
    assert [book.value(f"s!{c}1") for c in "FGH"] == [5.0, 7.0, 9.0]
    assert book.value("s!E4") == pytest.approx(21.0, rel=1e-15)  # two roundings of SQRT
    assert book.value("s!E5") == 6.0


def test_a_function_taking_other_arguments_than_the_helper_gives_is_value_error():
    book = _book()
    book.set("s!E1", "=BYROW(A1:C2,PERCENTOF)")  # PERCENTOF takes two, BYROW gives one
    book.set("s!E2", "=_xleta.NOSUCHFUNCTION")
    book.set("s!E3", "=_xleta.MAX")  # a function value left uncalled, as a LAMBDA is
    # a plain name outside the helpers is a defined name, as it is in a file
    # (Excel writes a function passed by name as _xleta.MAX): none here
    book.set("s!E4", "=MAX")
    book.set("s!E5", "=MAX+1")
    assert is_error(book.value("s!E1"), "#VALUE!")
    assert is_error(book.value("s!E2"), "#NAME?")
    assert is_error(book.value("s!E3"), "#CALC!")
    assert is_error(book.value("s!E4"), "#NAME?") and is_error(book.value("s!E5"), "#NAME?")


def test_a_defined_name_spelled_as_a_function_is_the_name():
    """A defined name MAX hides the function MAX where it is written plainly
    (``_xleta.MAX`` still means the function); so a file keeps it plain."""
    book = _book()
    book.define_name("MAX", "=LAMBDA(r,MIN(r))")
    book.set("s!E1", "=INDEX(BYROW(A1:C2,MAX),1)")
    book.set("s!E2", "=INDEX(BYROW(A1:C2,_xleta.MAX),1)")
    assert book.value("s!E1") == 1.0 and book.value("s!E2") == 3.0


def test_files_store_a_function_passed_by_name_as_excel_does(tmp_path):
    book = _book()
    book.define_name("rate", "=s!$A$1")  # RATE is a function too: the name stays plain
    book.set("s!E1", "=SUM(BYROW(A1:C2,max))")
    book.set("s!E2", "=LET(sum,2,sum+rate)")  # LET's name SUM is no function here
    book.set("s!E3", "=SUM(BYROW(A1:C2,_xleta.MIN))")
    path = write_xlsx(book, tmp_path / "eta.xlsx")
    formulas = re.findall(r"<f[^>]*>(.*?)</f>", _xml(path, "xl/worksheets/sheet1.xml"))
    assert formulas == ["SUM(_xlfn.BYROW(A1:C2,_xleta.MAX))",
                        "_xlfn.LET(_xlpm.sum,2,_xlpm.sum+rate)",
                        "SUM(_xlfn.BYROW(A1:C2,_xleta.MIN))"]
    back = sheetgd.load(path)
    assert [back.value(f"s!E{r}") for r in (1, 2, 3)] == [9.0, 3.0, 5.0]


def test_a_random_function_passed_by_name_makes_the_cell_random():
    """RANDBETWEEN called by MAKEARRAY (RANDBETWEEN(1,1), (1,2), (1,3): a sum
    of 3 to 6) draws again on each recalculation, as RANDBETWEEN written out
    does; twenty recalculations all alike would have odds of 6**-19."""
    book = _book()
    book.set("s!E1", "=SUM(MAKEARRAY(1,3,RANDBETWEEN))")
    draws = {book.value("s!E1")}
    for _ in range(19):
        book.calculate()
        draws.add(book.value("s!E1"))
    assert draws <= {3.0, 4.0, 5.0, 6.0} and len(draws) > 1


@pytest.mark.parametrize("formula", ["=LAMBDA(0)", "=LAMBDA(x,x+1)", "=_xleta.MAX"])
def test_an_uncalled_lambda_in_an_array_formula_is_calc_in_every_cell(formula):
    """Microsoft's LAMBDA page: a LAMBDA made in a cell without being called
    returns #CALC!; so in each cell of a legacy array formula too (a
    hypothesis draw found the function itself shown there)."""
    book = Workbook()
    book.add_sheet("s")
    book.set_array_formula("s!E1:F2", formula)
    for row in book.value("s!E1:F2"):
        assert all(is_error(v, "#CALC!") for v in row), row


@pytest.mark.parametrize("formula", ["=LAMBDA(0)<0", "=LAMBDA(0)=LAMBDA(1)", '=LAMBDA(0)&"a"',
                                     "=1>=LAMBDA(x,x)", "=LAMBDA(0)+1"])
def test_a_lambda_as_an_operand_is_value_error(formula):
    """A LAMBDA not called is no number, text or logical value: an operator
    given one is #VALUE!, as for any operand of the wrong kind (Excel's
    "How to correct a #VALUE! error").  The comparisons stopped with a
    TypeError and & joined the text "LAMBDA()" (found by
    test_numbers.py's random calls: =LAMBDA(0)<0)."""
    book = _book()
    book.set("s!E1", formula)
    assert is_error(book.value("s!E1"), "#VALUE!")
