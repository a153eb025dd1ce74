#!/usr/bin/env bash
# Makes the hostile and renamed documents of the formats test from a case's LibreOffice PDF (Debian: poppler-utils,
# qpdf). Run from this directory; the outputs are committed.
set -euo pipefail
src=../reports/word-2019-department/source.pdf
# A scanned report: page 1 rendered to a JPEG and wrapped in a PDF that has no text layer at all.
pdftoppm -r 60 -jpeg -f 1 -l 1 "$src" scan
python3 - scan-1.jpg scanned.pdf <<'PY'
import sys
jpg = open(sys.argv[1], 'rb').read()
w, h = 496, 702  # pixels at 60 dpi for A4
objs = [b'<< /Type /Catalog /Pages 2 0 R >>', b'<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
        b'<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /XObject << /Im0 4 0 R >> >> /Contents 5 0 R >>',
        b'<< /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceRGB /BitsPerComponent 8 /Filter /DCTDecode /Length %d >>\nstream\n' % (w, h, len(jpg)) + jpg + b'\nendstream',
        None]
content = b'q 595 0 0 842 0 0 cm /Im0 Do Q'
objs[4] = b'<< /Length %d >>\nstream\n' % len(content) + content + b'\nendstream'
out = bytearray(b'%PDF-1.4\n')
offsets = []
for i, o in enumerate(objs, 1):
    offsets.append(len(out)); out += b'%d 0 obj\n' % i + o + b'\nendobj\n'
xref = len(out)
out += b'xref\n0 %d\n0000000000 65535 f \n' % (len(objs) + 1) + b''.join(b'%010d 00000 n \n' % o for o in offsets)
out += b'trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n' % (len(objs) + 1, xref)
open(sys.argv[2], 'wb').write(out)
PY
rm -f scan-1.jpg
# A PDF cut off in transfer: the first 6000 bytes only.
head -c 6000 "$src" > truncated.pdf
# A password-protected PDF (user password "secret").
qpdf --encrypt secret owner 256 -- "$src" encrypted.pdf
# Renamed files: an HTML report served as .doc, and a 404 page served as .pdf.
cp ../reports/word-2019-department/source.html report-html.doc
printf '<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>404 页面不存在</title></head><body><h1>404</h1><p>您访问的页面不存在或已被删除。</p><p><a href="/">返回首页</a></p></body></html>\n' > not-found.pdf
# A .doc saved by Word (here LibreOffice) under a .wps name, as WPS Office users often publish.
cp ../reports/word-2019-department/source.doc report-doc.wps
ls -la
# The blank-cells case as .doc: its text layer loses the positions of blank cells (see README.md).
work=$(mktemp -d)
cp ../reports/blank-cells-2019/source.html "$work/"
(cd "$work" && soffice --headless --convert-to 'docx:MS Word 2007 XML' source.html >/dev/null 2>&1 && soffice --headless --convert-to 'doc:MS Word 97' source.docx >/dev/null 2>&1)
cp "$work/source.doc" blank-cells-2019.doc
rm -rf "$work"
