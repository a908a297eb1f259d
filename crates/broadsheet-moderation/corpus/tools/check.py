#!/usr/bin/env python3
"""Validate corpus JSONL files and print their balance.

Usage: python3 check.py FILE.jsonl [FILE.jsonl ...]
Exits 1 on any malformed line, unknown label/category/lang, label-category
mismatch, duplicate id or duplicate text. Standard library only.
"""
import json
import re
import sys
from collections import Counter

OK = {"civil", "civil_strong_disagreement", "civil_with_mild_words"}
BAD = {"rude", "aggressive", "derogatory", "discriminatory"}
TR_LETTERS = re.compile("[çğıöşüÇĞİÖŞÜ]")


def main(paths):
    errors, ids, texts = [], set(), set()
    cats, langs, topics, ascii_tr, total = Counter(), Counter(), Counter(), 0, 0
    for path in paths:
        with open(path, encoding="utf-8") as f:
            for n, line in enumerate(f, 1):
                if not line.strip():
                    continue
                where = f"{path}:{n}"
                try:
                    row = json.loads(line)
                except json.JSONDecodeError as e:
                    errors.append(f"{where}: invalid JSON ({e})")
                    continue
                for key in ("id", "text", "label", "category", "lang"):
                    if not isinstance(row.get(key), str) or not row[key].strip():
                        errors.append(f"{where}: missing or empty {key!r}")
                label, cat = row.get("label"), row.get("category")
                if label == "ok" and cat not in OK or label == "violation" and cat not in BAD:
                    errors.append(f"{where}: label {label!r} does not fit category {cat!r}")
                if label not in ("ok", "violation"):
                    errors.append(f"{where}: unknown label {label!r}")
                if row.get("lang") not in ("en", "tr"):
                    errors.append(f"{where}: lang must be en or tr")
                if row.get("id") in ids:
                    errors.append(f"{where}: duplicate id {row.get('id')!r}")
                key = " ".join(str(row.get("text", "")).lower().split())
                if key in texts:
                    errors.append(f"{where}: duplicate text")
                ids.add(row.get("id"))
                texts.add(key)
                total += 1
                cats[cat] += 1
                langs[row.get("lang")] += 1
                topics[row.get("topic", "?")] += 1
                if row.get("lang") == "tr" and not TR_LETTERS.search(row.get("text", "")):
                    ascii_tr += 1
    print(f"lines: {total}")
    for c in sorted(BAD) + sorted(OK):
        print(f"  {c:28} {cats[c]}")
    print(f"  languages: {dict(langs)}; Turkish typed without Turkish letters: {ascii_tr}")
    print(f"  topics ({len(topics)}): {dict(topics.most_common())}")
    for e in errors[:40]:
        print("ERROR", e)
    if errors:
        print(f"{len(errors)} errors")
        sys.exit(1)


if __name__ == "__main__":
    main(sys.argv[1:])
