#!/usr/bin/env bash
# Retrains the shipped entity model, Models/ner-en.model, from the open data in ../shared/bench/ner.
#
# 1. Splits the data (deterministic, seed 1): every source file is cut into blocks of 20
#    consecutive sentences (blocks never cross a -DOCSTART- document); a block goes to
#      held-out  when sha1("1:<file>:<doc>:<block>") mod 100 <  10   (10 %, never trained on)
#      dev       when                               ... in 10..14      (5 %, picks the epoch)
#      train     otherwise                                             (85 %)
#    into $NER_DATA (default .build-ner/ner-data): train.conll, dev.conll, heldout.conll and
#    {train,dev,heldout}-<source>.conll per source; every source document starts with a
#    -DOCSTART- line (document-level features and the consistency pass see real documents).
# 2. Runs the exact command that produced the shipped model (printed before it runs).
#
# Usage: Scripts/train-ner.sh [--split-only] [--out MODEL]
#   --split-only   only write the split (used by Scripts/eval-ner.sh)
# Env: GLEANER_SHARED (default ../shared), NER_DATA, GLEANER_BIN (default release build).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
shared="${GLEANER_SHARED:-$root/../shared}"
data="${NER_DATA:-$root/.build-ner/ner-data}"
out="$root/Models/ner-en.model"
split_only=0
while [ $# -gt 0 ]; do
    case "$1" in
        --split-only) split_only=1 ;;
        --out) out="$2"; shift ;;
        *) echo "unknown argument $1" >&2; exit 2 ;;
    esac
    shift
done
ner="$shared/bench/ner"
if [ ! -d "$ner/train" ]; then
    echo "NER data not found at $ner (set GLEANER_SHARED); nothing to do." >&2
    exit 0
fi
mkdir -p "$data"
python3 - "$ner" "$data" <<'PY'
import hashlib, os, sys
ner, out = sys.argv[1], sys.argv[2]
SEED, BLOCK = 1, 20
sources = [os.path.join(ner, "train", f) for f in sorted(os.listdir(os.path.join(ner, "train"))) if f.endswith(".conll")]
sources.append(os.path.join(ner, "re3d", "train_named.conll"))
parts = {"train": [], "dev": [], "heldout": []}
per_source = {}
for path in sources:
    name = os.path.basename(path)[:-len(".conll")]
    if "re3d" in path: name = "re3d_named"
    sents, cur, doc = [], [], 0
    for line in open(path, encoding="utf-8"):
        line = line.rstrip("\n")
        cols = line.split()
        if not cols:
            if cur: sents.append((doc, cur)); cur = []
            continue
        if cols[0] == "-DOCSTART-":
            if cur: sents.append((doc, cur)); cur = []
            doc += 1
            continue
        cur.append(cols[0] + "\t" + cols[-1])
    if cur: sents.append((doc, cur))
    chunks = {"train": [], "dev": [], "heldout": []}
    block, last_doc, in_block = 0, None, 0
    for d, s in sents:
        if d != last_doc: last_doc, in_block = d, 0; block = 0
        if in_block == BLOCK: block += 1; in_block = 0
        in_block += 1
        h = int(hashlib.sha1(f"{SEED}:{name}:{d}:{block}".encode()).hexdigest(), 16) % 100
        part = "heldout" if h < 10 else ("dev" if h < 15 else "train")
        chunks[part].append((d, s))
    for part, ss in chunks.items():
        if ss: parts[part].append((name, ss))
    per_source[name] = chunks
def write(fn, groups):
    # One -DOCSTART- per source document (the sentences of a part that came from it), so
    # document-level features see real documents.
    with open(os.path.join(out, fn), "w", encoding="utf-8") as f:
        for name, ss in groups:
            last = None
            for d, s in ss:
                if d != last: f.write("-DOCSTART-\tO\n\n"); last = d
                f.write("\n".join(s) + "\n\n")
for part, groups in parts.items():
    write(part + ".conll", groups)
    print(f"{part}: {sum(len(ss) for _, ss in groups)} sentences, {sum(len(s) for _, ss in groups for _, s in ss)} tokens", file=sys.stderr)
for name, chunks in per_source.items():
    write(f"heldout-{name}.conll", [(name, chunks["heldout"])])
    write(f"dev-{name}.conll", [(name, chunks["dev"])])
    write(f"train-{name}.conll", [(name, chunks["train"])])
PY
[ "$split_only" -eq 1 ] && exit 0
cd "$root"
. Scripts/lib.sh
bin="$(gleaner_binary)" || exit 1
# The exact command behind the shipped model:
cmd=("$bin" train-ner --train "$data/train.conll" --dev "$data/dev.conll"
     --gazetteer Models/gazetteer.tsv Models/gazetteer-wiki.tsv Models/cues.tsv
     --clusters Models/clusters.tsv
     --seed 1 --runs 10 --epochs 24 --bits 19 --out "$out")
echo "${cmd[*]}" >&2
"${cmd[@]}"
ls -l "$out" >&2
