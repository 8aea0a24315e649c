#!/usr/bin/env python3
"""Random JSON documents for parser tests, and a checker of our re-serialisation.

    stac_json_corpus.py make OUT.jsonl [--count N] [--seed S]
    stac_json_corpus.py check IN.jsonl OURS.jsonl

`make` writes one document per line, printed by Python's json module with random escaping
(ensure_ascii on or off) so that \\u escapes, surrogate pairs, control characters, big and
small numbers all occur. `check` prints "ok" when every line of OURS parses (Python json) to
a value equal to the same line of IN, else the first differing line number.
"""
import json
import random
import sys


def rand_string(r):
    pool = ["a", "Z", " ", "\"", "\\", "/", "\n", "\t", "\x01", "\x1f", "é", "ß", "中", "😀", "\u2028", "\ud7ff", "\ue000"]
    return "".join(r.choice(pool) for _ in range(r.randint(0, 12)))


def rand_number(r):
    kind = r.randint(0, 5)
    if kind == 0:
        return r.randint(-10, 10)
    if kind == 1:
        return r.randint(-(2 ** 63), 2 ** 63 - 1)
    if kind == 2:
        return r.uniform(-1e6, 1e6)
    if kind == 3:
        return r.choice([0.1, 1e-300, 5e-324, 1.7976931348623157e308, -0.5, 1e21, 123456789.125])
    if kind == 4:
        return r.randint(2 ** 64, 2 ** 70)  # beyond Int64: read as a double
    return float(r.randint(-1000, 1000))


def rand_value(r, depth=0):
    kind = r.randint(0, 6 if depth < 5 else 3)
    if kind == 0:
        return None
    if kind == 1:
        return r.choice([True, False])
    if kind == 2:
        return rand_number(r)
    if kind == 3:
        return rand_string(r)
    if kind in (4, 5):
        return {rand_string(r): rand_value(r, depth + 1) for _ in range(r.randint(0, 5))}
    return [rand_value(r, depth + 1) for _ in range(r.randint(0, 5))]


def close(a, b):
    if isinstance(a, bool) or isinstance(b, bool):
        return a is b
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        if isinstance(a, int) and abs(a) >= 2 ** 63:
            return float(a) == b  # our reader keeps such integers as doubles
        return a == b
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(close(x, y) for x, y in zip(a, b))
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(close(a[k], b[k]) for k in a)
    return a == b


def main():
    if sys.argv[1] == "make":
        count = int(sys.argv[sys.argv.index("--count") + 1]) if "--count" in sys.argv else 300
        seed = int(sys.argv[sys.argv.index("--seed") + 1]) if "--seed" in sys.argv else 7
        r = random.Random(seed)
        with open(sys.argv[2], "w", encoding="utf-8") as f:
            for _ in range(count):
                v = rand_value(r)
                f.write(json.dumps(v, ensure_ascii=r.random() < 0.5) + "\n")
        return
    with open(sys.argv[2], encoding="utf-8") as a, open(sys.argv[3], encoding="utf-8") as b:
        for n, (x, y) in enumerate(zip(a, b), 1):
            if not close(json.loads(x), json.loads(y)):
                print(f"line {n}: {x.strip()[:200]} != {y.strip()[:200]}")
                return
    print("ok")


if __name__ == "__main__":
    main()
