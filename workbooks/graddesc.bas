' ==== module ThisWorkbook ====
Option Explicit
' graddesc.xlsm, written by sheetgd. Each optimiser sheet's module holds its macros:
' somesteps (the Run button) and reset (the Reset button).

' ==== module basic ====
Option Explicit
' Macros of the sheet "basic" (fast.ai lesson 5, gradient descent), written by sheetgd.
' Run = somesteps (5 epochs), Reset = reset. They assign values instead of copying
' through the clipboard, and address cells by reference on this sheet, so they work in
' Excel and in LibreOffice.

Private Function Sh() As Object
    Set Sh = ThisWorkbook.Worksheets("basic")
End Function

Private Sub CopyValue(target As String, source As String)
    Sh.Range(target).Value = Sh.Range(source).Value
End Sub

Private Sub ClearHistory()
    Dim r As Long
    r = 4
    Do While Not IsEmpty(Sh.Range("P" & r).Value)
        Sh.Range("P" & r & ":U" & r).ClearContents
        r = r + 1
    Loop
End Sub

Private Sub RecordEpoch()
    Dim r As Long
    r = 4
    Do While Not IsEmpty(Sh.Range("P" & r).Value)
        r = r + 1
    Loop
    Sh.Range("P" & r).Value = r - 4
    Sh.Range("Q" & r).Value = Sh.Range("C1").Value
    Sh.Range("R" & r).Value = Sh.Range("C2").Value
    Sh.Range("S" & r).Value = Sh.Range("F33").Value
    Sh.Range("T" & r).Value = Sh.Range("F1").Value
    Sh.Range("U" & r).FormulaR1C1 = "=IF(RC[-5]=0,RC[-2],(((R1C17*(1-(R1C17^RC[-5])))*R[-1]C)+((1-R1C17)*RC[-2]))/(1-(R1C17^(RC[-5]+1))))"
End Sub

Private Sub AppendValue(column As String, firstRow As Long, source As String)
    ' paste the value of source into the first empty cell from firstRow down
    Dim r As Long
    r = firstRow
    Do While Not IsEmpty(Sh.Range(column & r).Value)
        r = r + 1
    Loop
    Sh.Range(column & r).Value = Sh.Range(source).Value
End Sub

Public Sub onestep()
    Application.Calculate   ' bring every cell up to date (LibreOffice)
    Application.Calculation = xlCalculationManual
    CopyValue "C2", "D32"   ' slope <- lastslope
    CopyValue "C1", "C32"   ' const <- lastconst
    Application.Calculation = xlCalculationAutomatic   ' recalculates
    AppendValue "C", 37, "F33"   ' paste rmse below rmsestart
End Sub

Public Sub somesteps()
    ' the Run button
    Dim i As Integer
    For i = 1 To 5
        onestep
        RecordEpoch
    Next i
End Sub

Public Sub reset()
    ' the Reset button
    Sh.Range("C2").Value = 1   ' slope <- init_a
    Sh.Range("C1").Value = 1   ' const <- init_b
    Sh.Range("C38:C106").ClearContents   ' clear rmses
    Application.Calculate
    ClearHistory
    RecordEpoch
End Sub

' ==== module momentum ====
Option Explicit
' Macros of the sheet "momentum" (fast.ai lesson 5, gradient descent), written by sheetgd.
' Run = somesteps (5 epochs), Reset = reset. They assign values instead of copying
' through the clipboard, and address cells by reference on this sheet, so they work in
' Excel and in LibreOffice.

Private Function Sh() As Object
    Set Sh = ThisWorkbook.Worksheets("momentum")
End Function

Private Sub CopyValue(target As String, source As String)
    Sh.Range(target).Value = Sh.Range(source).Value
End Sub

Private Sub ClearHistory()
    Dim r As Long
    r = 4
    Do While Not IsEmpty(Sh.Range("N" & r).Value)
        Sh.Range("N" & r & ":S" & r).ClearContents
        r = r + 1
    Loop
End Sub

Private Sub RecordEpoch()
    Dim r As Long
    r = 4
    Do While Not IsEmpty(Sh.Range("N" & r).Value)
        r = r + 1
    Loop
    Sh.Range("N" & r).Value = r - 4
    Sh.Range("O" & r).Value = Sh.Range("C1").Value
    Sh.Range("P" & r).Value = Sh.Range("C2").Value
    Sh.Range("Q" & r).Value = Sh.Range("L33").Value
    Sh.Range("R" & r).Value = Sh.Range("D2").Value
    Sh.Range("S" & r).FormulaR1C1 = "=IF(RC[-5]=0,RC[-2],(((R1C15*(1-(R1C15^RC[-5])))*R[-1]C)+((1-R1C15)*RC[-2]))/(1-(R1C15^(RC[-5]+1))))"
End Sub

Public Sub onestep()
    CopyValue "J33:K33", "J32:K32"   ' momtarget <- momlast
    CopyValue "C2", "D32"   ' slope <- lastslope
    CopyValue "C1", "C32"   ' const <- lastconst
    Application.Calculate
End Sub

Public Sub somesteps()
    ' the Run button
    Dim i As Integer
    Application.Calculate   ' bring every cell up to date (LibreOffice)
    Application.Calculation = xlCalculationManual
    For i = 1 To 5
        onestep
        RecordEpoch
    Next i
    Application.Calculation = xlCalculationAutomatic   ' recalculates
End Sub

Public Sub reset()
    ' the Reset button
    Sh.Range("J33:K33").Value = 0   ' momtarget <- 0
    Sh.Range("C2").Value = 1   ' slope <- init_a
    Sh.Range("C1").Value = 1   ' const <- init_b
    Sh.Range("D2").Value = 0.0001   ' lr <- reset_lr
    CopyValue "J33:K33", "J32:K32"   ' momtarget <- momlast
    ClearHistory
    RecordEpoch
End Sub

' ==== module rmsprop ====
Option Explicit
' Macros of the sheet "rmsprop" (fast.ai lesson 5, gradient descent), written by sheetgd.
' Run = somesteps (5 epochs), Reset = reset. They assign values instead of copying
' through the clipboard, and address cells by reference on this sheet, so they work in
' Excel and in LibreOffice.

Private Function Sh() As Object
    Set Sh = ThisWorkbook.Worksheets("rmsprop")
End Function

Private Sub CopyValue(target As String, source As String)
    Sh.Range(target).Value = Sh.Range(source).Value
End Sub

Private Sub ClearHistory()
    Dim r As Long
    r = 4
    Do While Not IsEmpty(Sh.Range("N" & r).Value)
        Sh.Range("N" & r & ":S" & r).ClearContents
        r = r + 1
    Loop
End Sub

Private Sub RecordEpoch()
    Dim r As Long
    r = 4
    Do While Not IsEmpty(Sh.Range("N" & r).Value)
        r = r + 1
    Loop
    Sh.Range("N" & r).Value = r - 4
    Sh.Range("O" & r).Value = Sh.Range("C1").Value
    Sh.Range("P" & r).Value = Sh.Range("C2").Value
    Sh.Range("Q" & r).Value = Sh.Range("L33").Value
    Sh.Range("R" & r).Value = Sh.Range("D2").Value
    Sh.Range("S" & r).FormulaR1C1 = "=IF(RC[-5]=0,RC[-2],(((R1C15*(1-(R1C15^RC[-5])))*R[-1]C)+((1-R1C15)*RC[-2]))/(1-(R1C15^(RC[-5]+1))))"
End Sub

Public Sub onestep()
    CopyValue "J33:K33", "J32:K32"   ' gradtarget <- ms_last
    CopyValue "C2", "D32"   ' slope <- lastslope
    CopyValue "C1", "C32"   ' const <- lastconst
    Application.Calculate
End Sub

Public Sub somesteps()
    ' the Run button
    Dim i As Integer
    Application.Calculate   ' bring every cell up to date (LibreOffice)
    Application.Calculation = xlCalculationManual
    For i = 1 To 5
        onestep
        RecordEpoch
    Next i
    Application.Calculation = xlCalculationAutomatic   ' recalculates
End Sub

Public Sub reset()
    ' the Reset button
    Sh.Range("J33:K33").Value = 10000   ' gradtarget <- reset_mean_square
    Sh.Range("C2").Value = 1   ' slope <- init_a
    Sh.Range("C1").Value = 1   ' const <- init_b
    CopyValue "J33:K33", "J32:K32"   ' gradtarget <- ms_last
    CopyValue "J33:K33", "J32:K32"   ' gradtarget <- ms_last
    ClearHistory
    RecordEpoch
End Sub

' ==== module adam ====
Option Explicit
' Macros of the sheet "adam" (fast.ai lesson 5, gradient descent), written by sheetgd.
' Run = somesteps (5 epochs), Reset = reset. They assign values instead of copying
' through the clipboard, and address cells by reference on this sheet, so they work in
' Excel and in LibreOffice.

Private Function Sh() As Object
    Set Sh = ThisWorkbook.Worksheets("adam")
End Function

Private Sub CopyValue(target As String, source As String)
    Sh.Range(target).Value = Sh.Range(source).Value
End Sub

Private Sub ClearHistory()
    Dim r As Long
    r = 4
    Do While Not IsEmpty(Sh.Range("P" & r).Value)
        Sh.Range("P" & r & ":U" & r).ClearContents
        r = r + 1
    Loop
End Sub

Private Sub RecordEpoch()
    Dim r As Long
    r = 4
    Do While Not IsEmpty(Sh.Range("P" & r).Value)
        r = r + 1
    Loop
    Sh.Range("P" & r).Value = r - 4
    Sh.Range("Q" & r).Value = Sh.Range("C1").Value
    Sh.Range("R" & r).Value = Sh.Range("C2").Value
    Sh.Range("S" & r).Value = Sh.Range("N33").Value
    Sh.Range("T" & r).Value = Sh.Range("D2").Value
    Sh.Range("U" & r).FormulaR1C1 = "=IF(RC[-5]=0,RC[-2],(((R1C17*(1-(R1C17^RC[-5])))*R[-1]C)+((1-R1C17)*RC[-2]))/(1-(R1C17^(RC[-5]+1))))"
End Sub

Public Sub onestep()
    CopyValue "L33:M33", "L32:M32"   ' gradtarget <- ms_last
    CopyValue "J33:K33", "J32:K32"   ' momtarget <- momlast
    CopyValue "C2", "D32"   ' slope <- lastslope
    CopyValue "C1", "C32"   ' const <- lastconst
    Application.Calculate
End Sub

Public Sub somesteps()
    ' the Run button
    Dim i As Integer
    Application.Calculate   ' bring every cell up to date (LibreOffice)
    Application.Calculation = xlCalculationManual
    For i = 1 To 5
        onestep
        RecordEpoch
    Next i
    Application.Calculation = xlCalculationAutomatic   ' recalculates
End Sub

Public Sub reset()
    ' the Reset button
    Dim i As Integer
    Sh.Range("L33:M33").Value = 10000   ' gradtarget <- reset_mean_square
    Sh.Range("J33:K33").Value = 0   ' momtarget <- 0
    Sh.Range("C2").Value = 1   ' slope <- init_a
    Sh.Range("C1").Value = 1   ' const <- init_b
    Sh.Range("D2").Value = 1   ' lr <- reset_lr
    For i = 1 To 2
        CopyValue "L33:M33", "L32:M32"   ' gradtarget <- ms_last
        CopyValue "J33:K33", "J32:K32"   ' momtarget <- momlast
    Next i
    ClearHistory
    RecordEpoch
End Sub

' ==== module adam_ann ====
Option Explicit
' Macros of the sheet "adam_ann" (fast.ai lesson 5, gradient descent), written by sheetgd.
' Run = somesteps (5 epochs), Reset = reset. They assign values instead of copying
' through the clipboard, and address cells by reference on this sheet, so they work in
' Excel and in LibreOffice.

Private Function Sh() As Object
    Set Sh = ThisWorkbook.Worksheets("adam_ann")
End Function

Private Sub CopyValue(target As String, source As String)
    Sh.Range(target).Value = Sh.Range(source).Value
End Sub

Private Sub ClearHistory()
    Dim r As Long
    r = 4
    Do While Not IsEmpty(Sh.Range("Q" & r).Value)
        Sh.Range("Q" & r & ":V" & r).ClearContents
        r = r + 1
    Loop
End Sub

Private Sub RecordEpoch()
    Dim r As Long
    r = 4
    Do While Not IsEmpty(Sh.Range("Q" & r).Value)
        r = r + 1
    Loop
    Sh.Range("Q" & r).Value = r - 4
    Sh.Range("R" & r).Value = Sh.Range("C1").Value
    Sh.Range("S" & r).Value = Sh.Range("C2").Value
    Sh.Range("T" & r).Value = Sh.Range("O33").Value
    Sh.Range("U" & r).Value = Sh.Range("D2").Value
    Sh.Range("V" & r).FormulaR1C1 = "=IF(RC[-5]=0,RC[-2],(((R1C18*(1-(R1C18^RC[-5])))*R[-1]C)+((1-R1C18)*RC[-2]))/(1-(R1C18^(RC[-5]+1))))"
End Sub

Public Sub onestep()
    CopyValue "L33:M33", "L32:M32"   ' gradtarget <- ms_last
    CopyValue "J33:K33", "J32:K32"   ' momtarget <- momlast
    CopyValue "C2", "D32"   ' slope <- lastslope
    CopyValue "C1", "C32"   ' const <- lastconst
    Application.Calculate
End Sub

Public Sub somesteps()
    ' the Run button
    Dim i As Integer
    Application.Calculate   ' bring every cell up to date (LibreOffice)
    Application.Calculation = xlCalculationManual
    For i = 1 To 5
        onestep
        If Sh.Range("N34").Value > 2 Then Sh.Range("D2").Value = Sh.Range("D2").Value / 4   ' lr <- lr / 4
        If Sh.Range("N33").Value < Sh.Range("N3").Value Then CopyValue "N3", "N33"   ' prev_grad2 <- avg_grad2
        Application.Calculate
        RecordEpoch
    Next i
    Application.Calculation = xlCalculationAutomatic   ' recalculates
End Sub

Public Sub reset()
    ' the Reset button
    Application.Calculate   ' bring every cell up to date (LibreOffice)
    Application.Calculation = xlCalculationManual
    Sh.Range("L33:M33").Value = 10000   ' gradtarget <- reset_mean_square
    Sh.Range("J33:K33").Value = 0   ' momtarget <- 0
    Sh.Range("C2").Value = 1   ' slope <- init_a
    Sh.Range("C1").Value = 1   ' const <- init_b
    Sh.Range("D2").Value = 1   ' lr <- reset_lr
    CopyValue "N3", "N33"   ' prev_grad2 <- avg_grad2
    Application.Calculate
    CopyValue "L33:M33", "L32:M32"   ' gradtarget <- ms_last
    CopyValue "J33:K33", "J32:K32"   ' momtarget <- momlast
    Application.Calculate
    CopyValue "L33:M33", "L32:M32"   ' gradtarget <- ms_last
    CopyValue "J33:K33", "J32:K32"   ' momtarget <- momlast
    CopyValue "N3", "N33"   ' prev_grad2 <- avg_grad2
    Application.Calculation = xlCalculationAutomatic   ' recalculates
    ClearHistory
    RecordEpoch
End Sub

' ==== module wd_sgd ====
Option Explicit
' Macros of the sheet "wd_sgd" (fast.ai lesson 5, gradient descent), written by sheetgd.
' Run = somesteps (5 epochs), Reset = reset. They assign values instead of copying
' through the clipboard, and address cells by reference on this sheet, so they work in
' Excel and in LibreOffice.

Private Function Sh() As Object
    Set Sh = ThisWorkbook.Worksheets("wd_sgd")
End Function

Private Sub CopyValue(target As String, source As String)
    Sh.Range(target).Value = Sh.Range(source).Value
End Sub

Private Sub ClearHistory()
    Dim r As Long
    r = 4
    Do While Not IsEmpty(Sh.Range("R" & r).Value)
        Sh.Range("R" & r & ":Z" & r).ClearContents
        r = r + 1
    Loop
End Sub

Private Sub RecordEpoch()
    Dim r As Long
    r = 4
    Do While Not IsEmpty(Sh.Range("R" & r).Value)
        r = r + 1
    Loop
    Sh.Range("R" & r).Value = r - 4
    Sh.Range("S" & r).Value = Sh.Range("C1").Value
    Sh.Range("T" & r).Value = Sh.Range("C2").Value
    Sh.Range("U" & r).Value = Sh.Range("J33").Value
    Sh.Range("V" & r).Value = Sh.Range("D2").Value
    Sh.Range("W" & r).Value = Sh.Range("K33").Value
    Sh.Range("X" & r).Value = Sh.Range("L33").Value
    Sh.Range("Y" & r).Value = Sh.Range("P33").Value
    Sh.Range("Z" & r).FormulaR1C1 = "=IF(RC[-8]=0,RC[-5],(((R1C19*(1-(R1C19^RC[-8])))*R[-1]C)+((1-R1C19)*RC[-5]))/(1-(R1C19^(RC[-8]+1))))"
End Sub

Public Sub onestep()
    CopyValue "L33", "L32"   ' dec_slope <- dec_newslope
    CopyValue "K33", "K32"   ' dec_const <- dec_newconst
    CopyValue "C2", "I32"   ' slope <- newslope
    CopyValue "C1", "H32"   ' const <- newconst
    Application.Calculate
End Sub

Public Sub somesteps()
    ' the Run button
    Dim i As Integer
    Application.Calculate   ' bring every cell up to date (LibreOffice)
    Application.Calculation = xlCalculationManual
    For i = 1 To 5
        onestep
        RecordEpoch
    Next i
    Application.Calculation = xlCalculationAutomatic   ' recalculates
End Sub

Public Sub reset()
    ' the Reset button
    Sh.Range("C2").Value = 1   ' slope <- init_a
    Sh.Range("C1").Value = 1   ' const <- init_b
    Sh.Range("L33").Value = 1   ' dec_slope <- init_a
    Sh.Range("K33").Value = 1   ' dec_const <- init_b
    Sh.Range("D2").Value = 0.0001   ' lr <- reset_lr
    ClearHistory
    RecordEpoch
End Sub

' ==== module wd_adam ====
Option Explicit
' Macros of the sheet "wd_adam" (fast.ai lesson 5, gradient descent), written by sheetgd.
' Run = somesteps (5 epochs), Reset = reset. They assign values instead of copying
' through the clipboard, and address cells by reference on this sheet, so they work in
' Excel and in LibreOffice.

Private Function Sh() As Object
    Set Sh = ThisWorkbook.Worksheets("wd_adam")
End Function

Private Sub CopyValue(target As String, source As String)
    Sh.Range(target).Value = Sh.Range(source).Value
End Sub

Private Sub ClearHistory()
    Dim r As Long
    r = 4
    Do While Not IsEmpty(Sh.Range("Z" & r).Value)
        Sh.Range("Z" & r & ":AH" & r).ClearContents
        r = r + 1
    Loop
End Sub

Private Sub RecordEpoch()
    Dim r As Long
    r = 4
    Do While Not IsEmpty(Sh.Range("Z" & r).Value)
        r = r + 1
    Loop
    Sh.Range("Z" & r).Value = r - 4
    Sh.Range("AA" & r).Value = Sh.Range("C1").Value
    Sh.Range("AB" & r).Value = Sh.Range("C2").Value
    Sh.Range("AC" & r).Value = Sh.Range("N33").Value
    Sh.Range("AD" & r).Value = Sh.Range("D2").Value
    Sh.Range("AE" & r).Value = Sh.Range("O33").Value
    Sh.Range("AF" & r).Value = Sh.Range("P33").Value
    Sh.Range("AG" & r).Value = Sh.Range("X33").Value
    Sh.Range("AH" & r).FormulaR1C1 = "=IF(RC[-8]=0,RC[-5],(((R1C27*(1-(R1C27^RC[-8])))*R[-1]C)+((1-R1C27)*RC[-5]))/(1-(R1C27^(RC[-8]+1))))"
End Sub

Public Sub onestep()
    CopyValue "L33:M33", "L32:M32"   ' gradtarget <- ms_last
    CopyValue "J33:K33", "J32:K32"   ' momtarget <- momlast
    CopyValue "V33:W33", "V32:W32"   ' dec_gradtarget <- dec_ms_last
    CopyValue "T33:U33", "T32:U32"   ' dec_momtarget <- dec_momlast
    CopyValue "P33", "P32"   ' dec_slope <- dec_newslope
    CopyValue "O33", "O32"   ' dec_const <- dec_newconst
    CopyValue "C2", "I32"   ' slope <- newslope
    CopyValue "C1", "H32"   ' const <- newconst
    Application.Calculate
End Sub

Public Sub somesteps()
    ' the Run button
    Dim i As Integer
    Application.Calculate   ' bring every cell up to date (LibreOffice)
    Application.Calculation = xlCalculationManual
    For i = 1 To 5
        onestep
        RecordEpoch
    Next i
    Application.Calculation = xlCalculationAutomatic   ' recalculates
End Sub

Public Sub reset()
    ' the Reset button
    Sh.Range("L33:M33").Value = 10000   ' gradtarget <- reset_mean_square
    Sh.Range("J33:K33").Value = 0   ' momtarget <- 0
    Sh.Range("V33:W33").Value = 10000   ' dec_gradtarget <- reset_mean_square
    Sh.Range("T33:U33").Value = 0   ' dec_momtarget <- 0
    Sh.Range("C2").Value = 1   ' slope <- init_a
    Sh.Range("C1").Value = 1   ' const <- init_b
    Sh.Range("P33").Value = 1   ' dec_slope <- init_a
    Sh.Range("O33").Value = 1   ' dec_const <- init_b
    Sh.Range("D2").Value = 0.1   ' lr <- reset_lr
    ClearHistory
    RecordEpoch
End Sub

' ==== module one_cycle ====
Option Explicit
' Macros of the sheet "one_cycle" (fast.ai lesson 5, gradient descent), written by sheetgd.
' Run = somesteps (5 epochs), Reset = reset. They assign values instead of copying
' through the clipboard, and address cells by reference on this sheet, so they work in
' Excel and in LibreOffice.

Private Function Sh() As Object
    Set Sh = ThisWorkbook.Worksheets("one_cycle")
End Function

Private Sub CopyValue(target As String, source As String)
    Sh.Range(target).Value = Sh.Range(source).Value
End Sub

Private Sub ClearHistory()
    Dim r As Long
    r = 4
    Do While Not IsEmpty(Sh.Range("AB" & r).Value)
        Sh.Range("AB" & r & ":AG" & r).ClearContents
        r = r + 1
    Loop
End Sub

Private Sub RecordEpoch()
    Dim r As Long
    r = 4
    Do While Not IsEmpty(Sh.Range("AB" & r).Value)
        r = r + 1
    Loop
    Sh.Range("AB" & r).Value = r - 4
    Sh.Range("AC" & r).Value = Sh.Range("C1").Value
    Sh.Range("AD" & r).Value = Sh.Range("C2").Value
    Sh.Range("AE" & r).Value = Sh.Range("N33").Value
    Sh.Range("AF" & r).Value = Sh.Range("D2").Value
    Sh.Range("AG" & r).FormulaR1C1 = "=IF(RC[-5]=0,RC[-2],(((R1C29*(1-(R1C29^RC[-5])))*R[-1]C)+((1-R1C29)*RC[-2]))/(1-(R1C29^(RC[-5]+1))))"
End Sub

Public Sub onestep()
    CopyValue "L33:M33", "L32:M32"   ' gradtarget <- ms_last
    CopyValue "J33:K33", "J32:K32"   ' momtarget <- momlast
    CopyValue "C2", "I32"   ' slope <- newslope
    CopyValue "C1", "H32"   ' const <- newconst
    CopyValue "T33:U33", "T32:U32"   ' loss_avg_in <- loss_avg_last
    Sh.Range("Z1").Value = Sh.Range("Z1").Value + 1   ' cycle_epoch <- cycle_epoch + 1
    Application.Calculate
End Sub

Public Sub somesteps()
    ' the Run button
    Dim i As Integer
    Application.Calculate   ' bring every cell up to date (LibreOffice)
    Application.Calculation = xlCalculationManual
    For i = 1 To 5
        onestep
        RecordEpoch
    Next i
    Application.Calculation = xlCalculationAutomatic   ' recalculates
End Sub

Public Sub reset()
    ' the Reset button
    Sh.Range("L33:M33").Value = 10000   ' gradtarget <- reset_mean_square
    Sh.Range("J33:K33").Value = 0   ' momtarget <- 0
    Sh.Range("C2").Value = 1   ' slope <- init_a
    Sh.Range("C1").Value = 1   ' const <- init_b
    Sh.Range("D2").Value = 1   ' lr <- reset_lr
    Sh.Range("T33:U33").Value = 0   ' loss_avg_in <- 0
    Sh.Range("Z1").Value = 1   ' cycle_epoch <- 1
    ClearHistory
    RecordEpoch
End Sub

' ==== module sgd_torch ====
Option Explicit
' Macros of the sheet "sgd_torch" (fast.ai lesson 5, gradient descent), written by sheetgd.
' Run = somesteps (5 epochs), Reset = reset. They assign values instead of copying
' through the clipboard, and address cells by reference on this sheet, so they work in
' Excel and in LibreOffice.

Private Function Sh() As Object
    Set Sh = ThisWorkbook.Worksheets("sgd_torch")
End Function

Private Sub CopyValue(target As String, source As String)
    Sh.Range(target).Value = Sh.Range(source).Value
End Sub

Private Sub ClearHistory()
    Dim r As Long
    r = 4
    Do While Not IsEmpty(Sh.Range("L" & r).Value)
        Sh.Range("L" & r & ":P" & r).ClearContents
        r = r + 1
    Loop
End Sub

Private Sub RecordEpoch()
    Dim r As Long
    r = 4
    Do While Not IsEmpty(Sh.Range("L" & r).Value)
        r = r + 1
    Loop
    Sh.Range("L" & r).Value = r - 4
    Sh.Range("M" & r).Value = Sh.Range("C1").Value
    Sh.Range("N" & r).Value = Sh.Range("C2").Value
    Sh.Range("O" & r).Value = Sh.Range("J33").Value
    Sh.Range("P" & r).Value = Sh.Range("D2").Value
End Sub

Public Sub onestep()
    CopyValue "C2", "I32"   ' slope <- newslope
    CopyValue "C1", "H32"   ' const <- newconst
    Application.Calculate
End Sub

Public Sub somesteps()
    ' the Run button
    Dim i As Integer
    Application.Calculate   ' bring every cell up to date (LibreOffice)
    Application.Calculation = xlCalculationManual
    For i = 1 To 5
        onestep
        RecordEpoch
    Next i
    Application.Calculation = xlCalculationAutomatic   ' recalculates
End Sub

Public Sub reset()
    ' the Reset button
    Sh.Range("C2").Value = 1   ' slope <- init_a
    Sh.Range("C1").Value = 1   ' const <- init_b
    Sh.Range("D2").Value = 0.0001   ' lr <- reset_lr
    ClearHistory
    RecordEpoch
End Sub

' ==== module momentum_torch ====
Option Explicit
' Macros of the sheet "momentum_torch" (fast.ai lesson 5, gradient descent), written by sheetgd.
' Run = somesteps (5 epochs), Reset = reset. They assign values instead of copying
' through the clipboard, and address cells by reference on this sheet, so they work in
' Excel and in LibreOffice.

Private Function Sh() As Object
    Set Sh = ThisWorkbook.Worksheets("momentum_torch")
End Function

Private Sub CopyValue(target As String, source As String)
    Sh.Range(target).Value = Sh.Range(source).Value
End Sub

Private Sub ClearHistory()
    Dim r As Long
    r = 4
    Do While Not IsEmpty(Sh.Range("N" & r).Value)
        Sh.Range("N" & r & ":R" & r).ClearContents
        r = r + 1
    Loop
End Sub

Private Sub RecordEpoch()
    Dim r As Long
    r = 4
    Do While Not IsEmpty(Sh.Range("N" & r).Value)
        r = r + 1
    Loop
    Sh.Range("N" & r).Value = r - 4
    Sh.Range("O" & r).Value = Sh.Range("C1").Value
    Sh.Range("P" & r).Value = Sh.Range("C2").Value
    Sh.Range("Q" & r).Value = Sh.Range("L33").Value
    Sh.Range("R" & r).Value = Sh.Range("D2").Value
End Sub

Public Sub onestep()
    CopyValue "J33:K33", "J32:K32"   ' state_in <- state_last
    CopyValue "C2", "I32"   ' slope <- newslope
    CopyValue "C1", "H32"   ' const <- newconst
    Sh.Range("M1").Value = 0   ' fresh <- 0
    Application.Calculate
End Sub

Public Sub somesteps()
    ' the Run button
    Dim i As Integer
    Application.Calculate   ' bring every cell up to date (LibreOffice)
    Application.Calculation = xlCalculationManual
    For i = 1 To 5
        onestep
        RecordEpoch
    Next i
    Application.Calculation = xlCalculationAutomatic   ' recalculates
End Sub

Public Sub reset()
    ' the Reset button
    Sh.Range("J33:K33").Value = 0   ' state_in <- 0
    Sh.Range("M1").Value = 1   ' fresh <- 1
    Sh.Range("C2").Value = 1   ' slope <- init_a
    Sh.Range("C1").Value = 1   ' const <- init_b
    Sh.Range("D2").Value = 0.0001   ' lr <- reset_lr
    ClearHistory
    RecordEpoch
End Sub

' ==== module rmsprop_torch ====
Option Explicit
' Macros of the sheet "rmsprop_torch" (fast.ai lesson 5, gradient descent), written by sheetgd.
' Run = somesteps (5 epochs), Reset = reset. They assign values instead of copying
' through the clipboard, and address cells by reference on this sheet, so they work in
' Excel and in LibreOffice.

Private Function Sh() As Object
    Set Sh = ThisWorkbook.Worksheets("rmsprop_torch")
End Function

Private Sub CopyValue(target As String, source As String)
    Sh.Range(target).Value = Sh.Range(source).Value
End Sub

Private Sub ClearHistory()
    Dim r As Long
    r = 4
    Do While Not IsEmpty(Sh.Range("N" & r).Value)
        Sh.Range("N" & r & ":R" & r).ClearContents
        r = r + 1
    Loop
End Sub

Private Sub RecordEpoch()
    Dim r As Long
    r = 4
    Do While Not IsEmpty(Sh.Range("N" & r).Value)
        r = r + 1
    Loop
    Sh.Range("N" & r).Value = r - 4
    Sh.Range("O" & r).Value = Sh.Range("C1").Value
    Sh.Range("P" & r).Value = Sh.Range("C2").Value
    Sh.Range("Q" & r).Value = Sh.Range("L33").Value
    Sh.Range("R" & r).Value = Sh.Range("D2").Value
End Sub

Public Sub onestep()
    CopyValue "J33:K33", "J32:K32"   ' state_in <- state_last
    CopyValue "C2", "I32"   ' slope <- newslope
    CopyValue "C1", "H32"   ' const <- newconst
    Application.Calculate
End Sub

Public Sub somesteps()
    ' the Run button
    Dim i As Integer
    Application.Calculate   ' bring every cell up to date (LibreOffice)
    Application.Calculation = xlCalculationManual
    For i = 1 To 5
        onestep
        RecordEpoch
    Next i
    Application.Calculation = xlCalculationAutomatic   ' recalculates
End Sub

Public Sub reset()
    ' the Reset button
    Sh.Range("J33:K33").Value = 0   ' state_in <- 0
    Sh.Range("C2").Value = 1   ' slope <- init_a
    Sh.Range("C1").Value = 1   ' const <- init_b
    Sh.Range("D2").Value = 0.02   ' lr <- reset_lr
    ClearHistory
    RecordEpoch
End Sub

' ==== module adam_torch ====
Option Explicit
' Macros of the sheet "adam_torch" (fast.ai lesson 5, gradient descent), written by sheetgd.
' Run = somesteps (5 epochs), Reset = reset. They assign values instead of copying
' through the clipboard, and address cells by reference on this sheet, so they work in
' Excel and in LibreOffice.

Private Function Sh() As Object
    Set Sh = ThisWorkbook.Worksheets("adam_torch")
End Function

Private Sub CopyValue(target As String, source As String)
    Sh.Range(target).Value = Sh.Range(source).Value
End Sub

Private Sub ClearHistory()
    Dim r As Long
    r = 4
    Do While Not IsEmpty(Sh.Range("Q" & r).Value)
        Sh.Range("Q" & r & ":U" & r).ClearContents
        r = r + 1
    Loop
End Sub

Private Sub RecordEpoch()
    Dim r As Long
    r = 4
    Do While Not IsEmpty(Sh.Range("Q" & r).Value)
        r = r + 1
    Loop
    Sh.Range("Q" & r).Value = r - 4
    Sh.Range("R" & r).Value = Sh.Range("C1").Value
    Sh.Range("S" & r).Value = Sh.Range("C2").Value
    Sh.Range("T" & r).Value = Sh.Range("O33").Value
    Sh.Range("U" & r).Value = Sh.Range("D2").Value
End Sub

Public Sub onestep()
    CopyValue "J33:N33", "J32:N32"   ' state_in <- state_last
    CopyValue "C2", "I32"   ' slope <- newslope
    CopyValue "C1", "H32"   ' const <- newconst
    Application.Calculate
End Sub

Public Sub somesteps()
    ' the Run button
    Dim i As Integer
    Application.Calculate   ' bring every cell up to date (LibreOffice)
    Application.Calculation = xlCalculationManual
    For i = 1 To 5
        onestep
        RecordEpoch
    Next i
    Application.Calculation = xlCalculationAutomatic   ' recalculates
End Sub

Public Sub reset()
    ' the Reset button
    Sh.Range("J33:N33").Value = 0   ' state_in <- 0
    Sh.Range("C2").Value = 1   ' slope <- init_a
    Sh.Range("C1").Value = 1   ' const <- init_b
    Sh.Range("D2").Value = 0.1   ' lr <- reset_lr
    ClearHistory
    RecordEpoch
End Sub

' ==== module sgd_wd_torch ====
Option Explicit
' Macros of the sheet "sgd_wd_torch" (fast.ai lesson 5, gradient descent), written by sheetgd.
' Run = somesteps (5 epochs), Reset = reset. They assign values instead of copying
' through the clipboard, and address cells by reference on this sheet, so they work in
' Excel and in LibreOffice.

Private Function Sh() As Object
    Set Sh = ThisWorkbook.Worksheets("sgd_wd_torch")
End Function

Private Sub CopyValue(target As String, source As String)
    Sh.Range(target).Value = Sh.Range(source).Value
End Sub

Private Sub ClearHistory()
    Dim r As Long
    r = 4
    Do While Not IsEmpty(Sh.Range("L" & r).Value)
        Sh.Range("L" & r & ":P" & r).ClearContents
        r = r + 1
    Loop
End Sub

Private Sub RecordEpoch()
    Dim r As Long
    r = 4
    Do While Not IsEmpty(Sh.Range("L" & r).Value)
        r = r + 1
    Loop
    Sh.Range("L" & r).Value = r - 4
    Sh.Range("M" & r).Value = Sh.Range("C1").Value
    Sh.Range("N" & r).Value = Sh.Range("C2").Value
    Sh.Range("O" & r).Value = Sh.Range("J33").Value
    Sh.Range("P" & r).Value = Sh.Range("D2").Value
End Sub

Public Sub onestep()
    CopyValue "C2", "I32"   ' slope <- newslope
    CopyValue "C1", "H32"   ' const <- newconst
    Application.Calculate
End Sub

Public Sub somesteps()
    ' the Run button
    Dim i As Integer
    Application.Calculate   ' bring every cell up to date (LibreOffice)
    Application.Calculation = xlCalculationManual
    For i = 1 To 5
        onestep
        RecordEpoch
    Next i
    Application.Calculation = xlCalculationAutomatic   ' recalculates
End Sub

Public Sub reset()
    ' the Reset button
    Sh.Range("C2").Value = 1   ' slope <- init_a
    Sh.Range("C1").Value = 1   ' const <- init_b
    Sh.Range("D2").Value = 0.0001   ' lr <- reset_lr
    ClearHistory
    RecordEpoch
End Sub

' ==== module adam_l2_torch ====
Option Explicit
' Macros of the sheet "adam_l2_torch" (fast.ai lesson 5, gradient descent), written by sheetgd.
' Run = somesteps (5 epochs), Reset = reset. They assign values instead of copying
' through the clipboard, and address cells by reference on this sheet, so they work in
' Excel and in LibreOffice.

Private Function Sh() As Object
    Set Sh = ThisWorkbook.Worksheets("adam_l2_torch")
End Function

Private Sub CopyValue(target As String, source As String)
    Sh.Range(target).Value = Sh.Range(source).Value
End Sub

Private Sub ClearHistory()
    Dim r As Long
    r = 4
    Do While Not IsEmpty(Sh.Range("S" & r).Value)
        Sh.Range("S" & r & ":W" & r).ClearContents
        r = r + 1
    Loop
End Sub

Private Sub RecordEpoch()
    Dim r As Long
    r = 4
    Do While Not IsEmpty(Sh.Range("S" & r).Value)
        r = r + 1
    Loop
    Sh.Range("S" & r).Value = r - 4
    Sh.Range("T" & r).Value = Sh.Range("C1").Value
    Sh.Range("U" & r).Value = Sh.Range("C2").Value
    Sh.Range("V" & r).Value = Sh.Range("O33").Value
    Sh.Range("W" & r).Value = Sh.Range("D2").Value
End Sub

Public Sub onestep()
    CopyValue "J33:N33", "J32:N32"   ' state_in <- state_last
    CopyValue "C2", "I32"   ' slope <- newslope
    CopyValue "C1", "H32"   ' const <- newconst
    Application.Calculate
End Sub

Public Sub somesteps()
    ' the Run button
    Dim i As Integer
    Application.Calculate   ' bring every cell up to date (LibreOffice)
    Application.Calculation = xlCalculationManual
    For i = 1 To 5
        onestep
        RecordEpoch
    Next i
    Application.Calculation = xlCalculationAutomatic   ' recalculates
End Sub

Public Sub reset()
    ' the Reset button
    Sh.Range("J33:N33").Value = 0   ' state_in <- 0
    Sh.Range("C2").Value = 1   ' slope <- init_a
    Sh.Range("C1").Value = 1   ' const <- init_b
    Sh.Range("D2").Value = 0.1   ' lr <- reset_lr
    ClearHistory
    RecordEpoch
End Sub

' ==== module adamw_torch ====
Option Explicit
' Macros of the sheet "adamw_torch" (fast.ai lesson 5, gradient descent), written by sheetgd.
' Run = somesteps (5 epochs), Reset = reset. They assign values instead of copying
' through the clipboard, and address cells by reference on this sheet, so they work in
' Excel and in LibreOffice.

Private Function Sh() As Object
    Set Sh = ThisWorkbook.Worksheets("adamw_torch")
End Function

Private Sub CopyValue(target As String, source As String)
    Sh.Range(target).Value = Sh.Range(source).Value
End Sub

Private Sub ClearHistory()
    Dim r As Long
    r = 4
    Do While Not IsEmpty(Sh.Range("S" & r).Value)
        Sh.Range("S" & r & ":W" & r).ClearContents
        r = r + 1
    Loop
End Sub

Private Sub RecordEpoch()
    Dim r As Long
    r = 4
    Do While Not IsEmpty(Sh.Range("S" & r).Value)
        r = r + 1
    Loop
    Sh.Range("S" & r).Value = r - 4
    Sh.Range("T" & r).Value = Sh.Range("C1").Value
    Sh.Range("U" & r).Value = Sh.Range("C2").Value
    Sh.Range("V" & r).Value = Sh.Range("O33").Value
    Sh.Range("W" & r).Value = Sh.Range("D2").Value
End Sub

Public Sub onestep()
    CopyValue "J33:N33", "J32:N32"   ' state_in <- state_last
    CopyValue "C2", "I32"   ' slope <- newslope
    CopyValue "C1", "H32"   ' const <- newconst
    Application.Calculate
End Sub

Public Sub somesteps()
    ' the Run button
    Dim i As Integer
    Application.Calculate   ' bring every cell up to date (LibreOffice)
    Application.Calculation = xlCalculationManual
    For i = 1 To 5
        onestep
        RecordEpoch
    Next i
    Application.Calculation = xlCalculationAutomatic   ' recalculates
End Sub

Public Sub reset()
    ' the Reset button
    Sh.Range("J33:N33").Value = 0   ' state_in <- 0
    Sh.Range("C2").Value = 1   ' slope <- init_a
    Sh.Range("C1").Value = 1   ' const <- init_b
    Sh.Range("D2").Value = 0.1   ' lr <- reset_lr
    ClearHistory
    RecordEpoch
End Sub

' ==== module one_cycle_torch ====
Option Explicit
' Macros of the sheet "one_cycle_torch" (fast.ai lesson 5, gradient descent), written by sheetgd.
' Run = somesteps (5 epochs), Reset = reset. They assign values instead of copying
' through the clipboard, and address cells by reference on this sheet, so they work in
' Excel and in LibreOffice.

Private Function Sh() As Object
    Set Sh = ThisWorkbook.Worksheets("one_cycle_torch")
End Function

Private Sub CopyValue(target As String, source As String)
    Sh.Range(target).Value = Sh.Range(source).Value
End Sub

Private Sub ClearHistory()
    Dim r As Long
    r = 4
    Do While Not IsEmpty(Sh.Range("AC" & r).Value)
        Sh.Range("AC" & r & ":AG" & r).ClearContents
        r = r + 1
    Loop
End Sub

Private Sub RecordEpoch()
    Dim r As Long
    r = 4
    Do While Not IsEmpty(Sh.Range("AC" & r).Value)
        r = r + 1
    Loop
    Sh.Range("AC" & r).Value = r - 4
    Sh.Range("AD" & r).Value = Sh.Range("C1").Value
    Sh.Range("AE" & r).Value = Sh.Range("C2").Value
    Sh.Range("AF" & r).Value = Sh.Range("O33").Value
    Sh.Range("AG" & r).Value = Sh.Range("D2").Value
End Sub

Public Sub onestep()
    CopyValue "J33:N33", "J32:N32"   ' state_in <- state_last
    CopyValue "C2", "I32"   ' slope <- newslope
    CopyValue "C1", "H32"   ' const <- newconst
    Sh.Range("AA1").Value = Sh.Range("AA1").Value + 1   ' cycle_epoch <- cycle_epoch + 1
    Application.Calculate
End Sub

Public Sub somesteps()
    ' the Run button
    Dim i As Integer
    Application.Calculate   ' bring every cell up to date (LibreOffice)
    Application.Calculation = xlCalculationManual
    For i = 1 To 5
        onestep
        RecordEpoch
    Next i
    Application.Calculation = xlCalculationAutomatic   ' recalculates
End Sub

Public Sub reset()
    ' the Reset button
    Sh.Range("J33:N33").Value = 0   ' state_in <- 0
    Sh.Range("C2").Value = 1   ' slope <- init_a
    Sh.Range("C1").Value = 1   ' const <- init_b
    Sh.Range("D2").Value = 0.1   ' lr <- reset_lr
    Sh.Range("AA1").Value = 1   ' cycle_epoch <- 1
    ClearHistory
    RecordEpoch
End Sub
