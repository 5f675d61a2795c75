#!/usr/bin/env bash
# Renders workbooks/graddesc.xlsx with LibreOffice headless (to PDF, then PNG):
# the first page is the summary sheet with its chart. Needs soffice and pdftoppm.
set -euo pipefail
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
timeout 300 soffice --headless "-env:UserInstallation=file://$tmp/profile" \
    --convert-to 'pdf:calc_pdf_Export:{"SinglePageSheets":{"type":"boolean","value":"true"}}' \
    --outdir "$tmp" workbooks/graddesc.xlsx >/dev/null
pdftoppm -f 1 -l 1 -png -r 90 -singlefile "$tmp/graddesc.pdf" docs/graddesc_summary
echo "wrote docs/graddesc_summary.png"
