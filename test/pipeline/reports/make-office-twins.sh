#!/usr/bin/env bash
# Makes the DOCX, DOC and PDF twins of an HTML case with LibreOffice (Debian: libreoffice-writer-nogui,
# fonts-noto-cjk): HTML → DOCX ("MS Word 2007 XML"), DOCX → DOC ("MS Word 97"), DOCX → PDF. The twins are
# committed; this script is how they were made. Usage: make-office-twins.sh CASE_DIR...
set -euo pipefail
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for dir in "$@"; do
  cp "$dir/source.html" "$work/source.html"
  (cd "$work" && soffice --headless --convert-to 'docx:MS Word 2007 XML' source.html >/dev/null 2>&1)
  (cd "$work" && soffice --headless --convert-to 'doc:MS Word 97' source.docx >/dev/null 2>&1)
  (cd "$work" && soffice --headless --convert-to pdf source.docx >/dev/null 2>&1)
  cp "$work/source.docx" "$work/source.doc" "$work/source.pdf" "$dir/"
  rm -f "$work"/source.*
  echo "$dir: $(stat -c %s "$dir/source.docx") B docx, $(stat -c %s "$dir/source.doc") B doc, $(stat -c %s "$dir/source.pdf") B pdf"
done
