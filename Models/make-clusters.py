#!/usr/bin/env python3
"""Builds Models/clusters.tsv (word<TAB>bit-path<TAB>capitalisation bucket) from unlabelled
English Wikipedia text (../shared/bench/corpus-src/wikipedia-en.jsonl.gz, CC BY-SA 3.0).

- Word clusters (Brown-style bit paths, computed differently): every word seen >= 5 times
  (lower-cased; the 40,000 most frequent) gets a vector of its left and right neighbours among
  the 1,500 most frequent words (Hellinger-scaled counts), reduced to 64 dimensions by a
  randomized SVD; a seeded 3-level k-means (16 x 16 x 64) gives each word a 14-bit path
  (4 + 4 + 6 bits) whose prefixes work like Brown-cluster prefixes.
- Capitalisation bucket: how often the word is capitalised when it is not sentence-initial
  (1: <5 %, 2: <30 %, 3: <70 %, 4: <95 %, 5: >= 95 %; words seen < 5 times mid-sentence: 0).
Deterministic (seed 1). Needs numpy. Takes a few minutes on 2 cores.

Usage: python3 Models/make-clusters.py WIKIPEDIA_JSONL_GZ > Models/clusters.tsv
"""
import gzip, json, re, sys
from collections import Counter
import numpy as np

TOKEN = re.compile(r"[^\W_]+(?:[-'’.][^\W_]+)*|[^\w\s]", re.UNICODE)
V, C, DIM, SEED = 40000, 1500, 64, 1

def main():
    rng = np.random.default_rng(SEED)
    docs = []
    counts = Counter()
    cap, mid = Counter(), Counter()
    for line in gzip.open(sys.argv[1], "rt", encoding="utf-8"):
        art = json.loads(line)
        for para in art["paragraphs"]:
            toks = TOKEN.findall(para)
            low = [t.lower() for t in toks]
            counts.update(low)
            prev = "."
            for t, l in zip(toks, low):
                if prev not in (".", "!", "?", '"', "“", ":", "(") and t[0].isalpha():
                    mid[l] += 1
                    if t[0].isupper():
                        cap[l] += 1
                prev = t
            docs.append(low)
    vocab = [w for w, c in counts.most_common(V) if c >= 5]
    index = {w: i for i, w in enumerate(vocab)}
    ctx = {w: i for i, w in enumerate(vocab[:C])}
    M = np.zeros((len(vocab), 2 * C), dtype=np.float32)
    rows, cols = [], []
    for low in docs:
        ids = [index.get(w, -1) for w in low]
        cids = [ctx.get(w, -1) for w in low]
        for k in range(len(ids)):
            i = ids[k]
            if i < 0: continue
            if k > 0 and cids[k - 1] >= 0: rows.append(i); cols.append(cids[k - 1])
            if k + 1 < len(ids) and cids[k + 1] >= 0: rows.append(i); cols.append(C + cids[k + 1])
    np.add.at(M, (np.array(rows), np.array(cols)), 1.0)
    M = np.sqrt(M / np.maximum(M.sum(axis=1, keepdims=True), 1.0))
    # Randomized SVD.
    Q, _ = np.linalg.qr(M @ rng.standard_normal((2 * C, DIM + 16)).astype(np.float32))
    _, _, vt = np.linalg.svd(Q.T @ M, full_matrices=False)
    X = M @ vt[:DIM].T
    X /= np.maximum(np.linalg.norm(X, axis=1, keepdims=True), 1e-6)

    def kmeans(idx, k):
        if len(idx) <= k: return np.arange(len(idx))
        P = X[idx]
        cent = P[rng.choice(len(idx), k, replace=False)]
        for _ in range(20):
            lab = np.argmax(P @ cent.T, axis=1)
            for j in range(k):
                m = lab == j
                if m.any():
                    c = P[m].mean(axis=0)
                    cent[j] = c / max(np.linalg.norm(c), 1e-6)
        return lab
    paths = [""] * len(vocab)
    def split(idx, level):
        bits, k = [(4, 16), (4, 16), (6, 64)][level]
        lab = kmeans(idx, k)
        for j in range(k):
            sub = idx[lab == j]
            for i in sub: paths[i] += format(j, f"0{bits}b")
            if level < 2 and len(sub) > 0: split(sub, level + 1)
    split(np.arange(len(vocab)), 0)

    def bucket(w):
        n = mid[w]
        if n < 5: return 0
        r = cap[w] / n
        return 1 if r < .05 else 2 if r < .3 else 3 if r < .7 else 4 if r < .95 else 5
    print("# word<TAB>14-bit cluster path<TAB>capitalisation bucket; from English Wikipedia (CC BY-SA 3.0) via ../shared/bench/corpus-src; built by Models/make-clusters.py (seed 1)")
    seen = set(vocab)
    for i, w in enumerate(vocab):
        print(f"{w}\t{paths[i]}\t{bucket(w)}")
    # Words outside the cluster vocabulary still carry their capitalisation bucket.
    for w, n in mid.items():
        if w not in seen and n >= 5 and "\t" not in w:
            print(f"{w}\t-\t{bucket(w)}")

main()
