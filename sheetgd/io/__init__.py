"""Files: reading workbooks with openpyxl (:mod:`.xlsx_read`) and driving
LibreOffice headless (:mod:`.libreoffice`).  The engine never imports these."""
