#!/bin/sh
# Regenerates the PDF fonts in this folder from DejaVu Sans 2.37 (npm package dejavu-fonts-ttf):
# Latin (Basic, Latin-1, Extended-A and the Romanian/Turkish letters of Extended-B), Greek,
# Cyrillic, typographic punctuation („“ ‚‘ – — … •), €, superscripts, fractions, arrows, the
# common math signs (− ≈ ≠ ≤ ≥ ∞ √), a few shapes (■ □ ● ○ ▲) and the marks the reports draw
# (☐ ☑ ⚠ ✓). No hinting and no layout tables: the PDFs position glyphs by their advance widths
# (src/client/reports/ttf.ts). About 47 KB each, 30 KB gzip (the full fonts: 740 KB, 370 KB gzip).
# A character outside these ranges is drawn as the font's empty box (.notdef).
# Needs fontTools (pyftsubset). The license of DejaVu allows modified copies under this name.
set -e
here=$(dirname "$0")
src=${1:-$here/../../../../node_modules/dejavu-fonts-ttf/ttf}
U="U+0020-007E,U+00A0-017F,U+0192,U+0218-021B,U+02C6-02C7,U+02D8-02DD,U+0300-0308,U+030A-030C"
U="$U,U+0327-0328,U+0370-03FF,U+0400-045F,U+0490-0491,U+1E9E,U+2010-2027,U+2030-203A,U+2044"
U="$U,U+20AC,U+2070-209F,U+2103,U+2113,U+2116,U+2122,U+2150-215E,U+2190-2199,U+21D2,U+21D4,U+2206,U+2211-2212,U+2217-221E,U+2248,U+2260-2265,U+25A0-25A1,U+25AA-25AB,U+25B2-25BC,U+25C6,U+25CB,U+25CF,U+2610-2612,U+26A0,U+2713,U+2717,U+FFFD"
for f in DejaVuSans DejaVuSans-Bold; do
  pyftsubset "$src/$f.ttf" --unicodes="$U" --no-hinting --layout-features='' \
    --drop-tables+=GSUB,GPOS,GDEF,kern,FFTM,MATH --name-IDs='0,1,2,3,4,5,6' \
    --output-file="$here/$f-subset.ttf"
done
