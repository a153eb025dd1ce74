#!/usr/bin/env bash
# Makes XLSX and XLS twins of an HTML case with LibreOffice Calc (Debian: libreoffice-calc-nogui), which imports the
# page's tables into one sheet (widening columns with merged cells) and its paragraphs into column A.
# Usage: make-spreadsheet-twins.sh CASE_DIR...
set -euo pipefail
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for dir in "$@"; do
  cp "$dir/source.html" "$work/source.html"
  (cd "$work" && soffice --headless --infilter="HTML (StarCalc)" --convert-to xlsx source.html >/dev/null 2>&1)
  (cd "$work" && soffice --headless --infilter="HTML (StarCalc)" --convert-to xls source.html >/dev/null 2>&1)
  cp "$work/source.xlsx" "$work/source.xls" "$dir/"
  rm -f "$work"/source.*
  echo "$dir: $(stat -c %s "$dir/source.xlsx") B xlsx, $(stat -c %s "$dir/source.xls") B xls"
done
