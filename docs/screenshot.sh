#!/usr/bin/env bash
# Renders the first screen of every sheet of the built workbooks, and the
# charts of the lesson-5 sheets (docs/render_charts.py), with
# LibreOffice headless, as docs/renders/BOOK_EXT_SHEET.png (for example
# docs/renders/graddesc_xlsm_adam.png): columns A..N and about 30 rows at
# 100% zoom, as a laptop shows them (docs/render_sheets.py).  Needs soffice,
# python3-uno and pdftoppm; run after `make build`.
set -euo pipefail
cd "$(dirname "$0")/.."
out=docs/renders
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
timeout 600 /usr/bin/python3 docs/render_sheets.py "$tmp" \
    workbooks/graddesc.xlsm workbooks/graddesc.xlsx workbooks/entropy.xlsx > "$tmp/pages"
mkdir -p "$out"
rm -f "$out"/*.png
while read -r pdf sheets; do
    pages=$(pdfinfo "$tmp/$pdf" | awk '/^Pages:/ {print $2}')
    if [ "$pages" != "$(echo $sheets | wc -w)" ]; then
        echo "screenshot.sh: $pdf has $pages pages for $(echo $sheets | wc -w) sheets" >&2
        exit 1
    fi
    page=1
    for sheet in $sheets; do
        pdftoppm -f "$page" -l "$page" -png -r 80 -singlefile "$tmp/$pdf" \
            "$out/${pdf%.pdf}_$sheet"
        page=$((page + 1))
    done
done < "$tmp/pages"
# the charts of the lesson-5 sheets that lie right of the first screen
timeout 300 /usr/bin/python3 docs/render_charts.py "$out" workbooks/graddesc.xlsx \
    wd_sgd wd_adam one_cycle lr_find > /dev/null
{
    echo "# The sheets as LibreOffice shows them"
    echo
    echo "The first screen of every sheet (columns A..N at 100% zoom), rendered by"
    echo "LibreOffice headless from the committed workbooks by \`docs/screenshot.sh\`."
    for png in "$out"/*.png; do
        name=$(basename "$png" .png)
        echo
        book=${name%%_xls*}; rest=${name#"$book"_}; ext=${rest%%_*}; sheet=${rest#"$ext"_}
        case $sheet in
            *_chart*) echo "## $book.$ext, sheet ${sheet%_chart*}: chart ${sheet##*_chart}" ;;
            *) echo "## $book.$ext, sheet $sheet" ;;
        esac
        echo
        echo "![$book.$ext, sheet $sheet]($name.png)"
    done
} > "$out/README.md"
ls "$out"
