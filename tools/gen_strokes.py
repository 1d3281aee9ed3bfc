#!/usr/bin/env python3
"""Generate src/content/strokes.bin, a compact stroke-count table used to sort
Chinese names by surname stroke count (姓氏笔画).

Input: the Unihan database field `kTotalStrokes`. By default it is read from
Debian's `unicode-data` package (/usr/share/unicode/Unihan_IRGSources.txt.bz2;
older Unihan versions kept the field in Unihan_DictionaryLikeData.txt). Any
Unihan file may be given as the first argument: plain text, .bz2, .gz, or the
official Unihan.zip (all .txt members are scanned).

kTotalStrokes may hold two values, "zh-Hans zh-Hant" (e.g. 范 = "8 9"); the
FIRST one (simplified Chinese / PRC convention) is used.

Output format: raw bytes, one per code point U+3400..=U+9FFF (CJK Extension A,
the gap, and the Unified Ideographs block; 27648 bytes). Byte i is the stroke
count of U+3400+i, capped at 255, or 0 when Unihan gives no value.
Lookup: table[ord(ch) - 0x3400] when 0x3400 <= ord(ch) <= 0x9FFF.

Usage: python3 tools/gen_strokes.py [UNIHAN_PATH]
"""
import bz2
import gzip
import io
import os
import sys
import zipfile

DEFAULT_PATH = "/usr/share/unicode/Unihan_IRGSources.txt.bz2"
FIRST, LAST = 0x3400, 0x9FFF
OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)),
                   "..", "src", "content", "strokes.bin")


def read_lines(path):
    """Yield text lines from a plain, .bz2, .gz or .zip Unihan file."""
    if zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as zf:
            for name in zf.namelist():
                if name.endswith(".txt"):
                    with zf.open(name) as raw:
                        yield from io.TextIOWrapper(raw, encoding="utf-8")
        return
    opener = {".bz2": bz2.open, ".gz": gzip.open}.get(
        os.path.splitext(path)[1], open)
    with opener(path, "rt", encoding="utf-8") as f:
        yield from f


def main():
    path = sys.argv[1] if len(sys.argv) > 1 else DEFAULT_PATH
    table = bytearray(LAST - FIRST + 1)  # zero = no value
    found = 0
    for line in read_lines(path):
        # Data lines look like: "U+4E00<TAB>kTotalStrokes<TAB>1" (or "8 9").
        if line.startswith("#"):
            continue
        parts = line.rstrip("\n").split("\t")
        if len(parts) < 3 or parts[1] != "kTotalStrokes":
            continue
        cp = int(parts[0][2:], 16)
        if FIRST <= cp <= LAST:
            table[cp - FIRST] = min(int(parts[2].split()[0]), 255)
            found += 1
    if not found:
        sys.exit(f"no kTotalStrokes values in range found in {path}")
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "wb") as f:
        f.write(table)
    print(f"wrote {os.path.normpath(OUT)}: {len(table)} bytes, "
          f"{found} code points with a stroke count")


if __name__ == "__main__":
    main()
