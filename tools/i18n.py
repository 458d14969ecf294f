#!/usr/bin/env python3
"""Merge translations: tools/i18n.py FILE.tsv adds or replaces rows
`English<TAB>Русский<TAB>Қазақша<TAB>Oʻzbekcha` in
assets/translations/{en,ru,kk,uz}.json.
A row of texts that depend on a count (used with TN) gives each language's
plural forms separated by `|`, after the marker `plural`:
`plural<TAB>key<TAB>en one|other<TAB>ru one|few|many|other<TAB>kk one|other<TAB>uz one|other`.
With --prune, keys the ui package no longer uses are dropped."""
import json, re, sys, glob, os

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
tdir = os.path.join(root, "assets", "translations")

def load(code):
    with open(os.path.join(tdir, code + ".json"), encoding="utf-8") as f:
        return json.load(f)

def save(code, m):
    with open(os.path.join(tdir, code + ".json"), "w", encoding="utf-8") as f:
        json.dump(dict(sorted(m.items())), f, ensure_ascii=False, indent=1)
        f.write("\n")

def used():
    keys = set()
    pat = re.compile(r'(?:\bTN|\bT|\bmsg|\btr|lang\.L|lang\.X)\(\s*("(?:[^"\\]|\\.)*")')
    files = []
    for d in ("ui", "reports", os.path.join("internal", "vocab")):
        files += glob.glob(os.path.join(root, d, "*.go"))
    for fn in files:
        if fn.endswith("_test.go"):
            continue
        for m in pat.finditer(open(fn, encoding="utf-8").read()):
            keys.add(json.loads(m.group(1)))
    return keys

tr = {c: load(c) for c in ("en", "ru", "kk", "uz")}
for arg in sys.argv[1:]:
    if arg == "--prune":
        keep = used()
        for c in tr:
            tr[c] = {k: v for k, v in tr[c].items() if k in keep}
        continue
    for line in open(arg, encoding="utf-8"):
        line = line.rstrip("\n")
        if not line or line.startswith("#"):
            continue
        if line.startswith("plural\t"):
            _, key, en, ru, kk, uz = line.split("\t")
            for code, forms, names in (("en", en, ("one", "other")), ("ru", ru, ("one", "few", "many", "other")), ("kk", kk, ("one", "other")), ("uz", uz, ("one", "other"))):
                parts = forms.split("|")
                assert len(parts) == len(names), (key, code, parts)
                tr[code][key] = dict(zip(names, parts))
            continue
        en, ru, kk, uz = line.split("\t")
        tr["en"][en] = en
        tr["ru"][en] = ru
        tr["kk"][en] = kk
        tr["uz"][en] = uz
for c in tr:
    save(c, tr[c])
missing = sorted(used() - set(tr["en"]))
if missing:
    print("missing:", *missing, sep="\n  ")
