"""Score `clio-prep check` against sample folders that carry a truth.json (developer tool).

    python tools/score_samples.py SAMPLES_DIR [SAMPLES_DIR ...]

For every folder: data type and mapping agreement per file, recall and precision of the planted
defects (same file, row and code). Not a test: the sample data is not part of this repository.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

EXTRA: list[str] = []


def score(folder: Path) -> dict:
    truth = json.loads((folder / "truth.json").read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "out.json"
        cmd = [sys.executable, "-m", "app", "check", str(folder), "--json", str(out), "--quiet", *EXTRA]
        if (folder / "users.csv").exists():
            cmd += ["--users", str(folder / "users.csv")]
        subprocess.run(cmd, check=False, capture_output=True)
        got = json.loads(out.read_text(encoding="utf-8"))
    files = {f["path"]: f for f in got["files"]}
    type_ok = map_ok = map_total = 0
    wrong: list[str] = []
    for tf in truth["files"]:
        g = files.get(tf["path"])
        if g is None:
            wrong.append(f"missing file {tf['path']}")
            continue
        if g["data_type"] == tf["data_type"]:
            type_ok += 1
        else:
            wrong.append(f"type {tf['path']}: {g['data_type']} != {tf['data_type']}")
        for k in ("encoding", "delimiter", "header_row", "rows"):
            if g.get(k) != tf.get(k):
                wrong.append(f"{k} {tf['path']}: {g.get(k)!r} != {tf.get(k)!r}")
        for col, fld in tf["mapping"].items():
            map_total += 1
            if g["mapping"].get(col) == fld:
                map_ok += 1
            else:
                wrong.append(f"map {tf['path']}: {col!r} -> {g['mapping'].get(col)!r}, truth {fld!r}")
        for col, fld in g["mapping"].items():
            if col not in tf["mapping"]:
                wrong.append(f"extra map {tf['path']}: {col!r} -> {fld!r}")
    planted = {(d["file"], d["row"], d["code"]) for d in truth["defects"]}
    codes = {d["code"] for d in truth["defects"]}
    found = {(f["file"], f["row"], f["code"]) for f in got["findings"] if f["code"] in codes}
    hit = planted & found
    missed = sorted(planted - found, key=str)
    false = sorted(found - planted, key=str)
    return {
        "folder": folder.name,
        "types": f"{type_ok}/{len(truth['files'])}",
        "mapping": f"{map_ok}/{map_total}",
        "recall": len(hit) / max(len(planted), 1),
        "precision": len(hit) / max(len(found), 1),
        "missed": missed,
        "false": false,
        "wrong": wrong,
    }


if __name__ == "__main__":
    args = sys.argv[1:]
    if "--" in args:
        EXTRA.extend(args[args.index("--") + 1 :])
        args = args[: args.index("--")]
    for arg in args:
        r = score(Path(arg))
        print(f"{r['folder']}: types {r['types']}, mapping {r['mapping']}, recall {r['recall']:.1%}, precision {r['precision']:.1%}")
        for w in r["wrong"]:
            print("   ", w)
        for m in r["missed"]:
            print("    MISSED", m)
        for f in r["false"][:30]:
            print("    FALSE", f)
