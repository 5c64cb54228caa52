#!/usr/bin/env python3
"""Paired comparison of two TREC runs on the same judged queries (Python stdlib only).

Usage: Scripts/compare-runs.py BASELINE.trec CANDIDATE.trec QRELS [--samples N] [--seed S]

For nDCG@10, Recall@100 and MRR@10 it prints both means, the difference, per-query
wins/losses/ties of the candidate, a two-sided paired randomisation test (each query's pair of
scores swapped at random, N samples; Smucker, Allan & Carterette 2007) and a 95 % bootstrap
interval of the mean difference. Metrics follow trec_eval (ties by docid, descending); a query
missing from a run scores 0. Use it to tell a real ranking gain from noise: a change worth
keeping should win more queries than it loses and have p < 0.05, or at least not lose.
"""
import math
import random
import sys
from collections import defaultdict


def read_qrels(path):
    qrels = defaultdict(dict)
    for n, line in enumerate(open(path, encoding="utf-8")):
        p = line.split()
        if len(p) == 3:
            q, d, r = p
        elif len(p) >= 4:
            q, d, r = p[0], p[2], p[3]
        else:
            continue
        try:
            g = int(float(r))
        except ValueError:
            if n == 0:
                continue
            raise SystemExit(f"{path}:{n + 1}: bad relevance value {r!r}")
        qrels[q][d] = g
    return {q: j for q, j in qrels.items() if any(g > 0 for g in j.values())}


def read_run(path):
    run = defaultdict(dict)
    for n, line in enumerate(open(path, encoding="utf-8")):
        p = line.split()
        if not p:
            continue
        if len(p) < 5:
            raise SystemExit(f"{path}:{n + 1}: expected `qid Q0 docid rank score tag`")
        run[p[0]].setdefault(p[2], float(p[4]))
    return {q: [d for d, _ in sorted(docs.items(), key=lambda kv: (kv[1], kv[0]), reverse=True)]
            for q, docs in run.items()}


def metrics(ranking, judged):
    dcg = sum(judged.get(d, 0) / math.log2(i + 2) for i, d in enumerate(ranking[:10]) if judged.get(d, 0) > 0)
    ideal = sorted((g for g in judged.values() if g > 0), reverse=True)[:10]
    idcg = sum(g / math.log2(i + 2) for i, g in enumerate(ideal))
    relevant = {d for d, g in judged.items() if g > 0}
    recall = len(relevant.intersection(ranking[:100])) / len(relevant)
    mrr = next((1 / (i + 1) for i, d in enumerate(ranking[:10]) if d in relevant), 0.0)
    return {"nDCG@10": dcg / idcg if idcg else 0.0, "R@100": recall, "MRR@10": mrr}


def main(argv):
    samples, seed, args = 10000, 1, []
    i = 0
    while i < len(argv):
        if argv[i] == "--samples":
            samples = int(argv[i + 1]); i += 2
        elif argv[i] == "--seed":
            seed = int(argv[i + 1]); i += 2
        else:
            args.append(argv[i]); i += 1
    if len(args) != 3:
        raise SystemExit(__doc__.strip().splitlines()[2])
    base, cand, qrels = read_run(args[0]), read_run(args[1]), read_qrels(args[2])
    queries = sorted(qrels)
    rng = random.Random(seed)
    print(f"{len(queries)} queries; {samples} randomisation / bootstrap samples")
    print(f"{'metric':8} {'base':>7} {'cand':>7} {'diff':>8}  {'win':>4} {'loss':>4} {'tie':>4}  {'p':>6}  95% CI")
    for m in ("nDCG@10", "R@100", "MRR@10"):
        a = [metrics(base.get(q, []), qrels[q])[m] for q in queries]
        b = [metrics(cand.get(q, []), qrels[q])[m] for q in queries]
        diffs = [y - x for x, y in zip(a, b)]
        n = len(diffs)
        observed = abs(sum(diffs))
        extreme = 0
        for _ in range(samples):
            s = sum(d if rng.random() < 0.5 else -d for d in diffs)
            if abs(s) >= observed - 1e-12:
                extreme += 1
        boot = sorted(sum(diffs[rng.randrange(n)] for _ in range(n)) / n for _ in range(samples))
        lo, hi = boot[int(0.025 * samples)], boot[int(0.975 * samples) - 1]
        wins = sum(d > 1e-9 for d in diffs)
        losses = sum(d < -1e-9 for d in diffs)
        print(f"{m:8} {sum(a) / n:7.4f} {sum(b) / n:7.4f} {sum(diffs) / n:+8.4f}  {wins:4} {losses:4} {n - wins - losses:4}"
              f"  {(extreme + 1) / (samples + 1):6.4f}  [{lo:+.4f}, {hi:+.4f}]")


if __name__ == "__main__":
    main(sys.argv[1:])
