#!/usr/bin/env python3
"""Records the values RankMetricsReferenceTest and SplitTest replay (io.trainfree.eval.RankMetrics,
io.trainfree.predict.Split).

Run from the repository root with Debian's interpreter (python3-scipy, python3-numpy):

    /usr/bin/python3 src/test/resources/reference/record_rank_metrics.py \
        > src/test/resources/reference/rank_metrics_reference.json

The versions used are written into the JSON's "versions" entry. Everything is seeded; a rerun with the same versions
gives the same file. The tests need no Python.

What is recorded:
- kendall: scipy.stats.kendalltau(x, y).correlation (tau-b, scipy's default variant) on small literal cases and on
  larger cases drawn from numpy's legacy RandomState with integer draws only (randint), so that the Java side, whose
  NumpyRandom reproduces those draws bit for bit, rebuilds x and y from the seed instead of reading them.
- top: DELE's P@topK and the tau inside the top K, restated from the reference's test_xk (aw_nas
  examples/research/dele/utils.py) in our words, with one change: every argsort is kind="stable", so that equal
  values are ordered the same way on every run (numpy's default sort is not stable past 16 values). For each K in
  0.1, 0.5, 1, 5, 10, 50 and 100 %: k = int(n * K), the number of the predicted top-k that are in the true top-k, that
  number / k, and kendalltau of truth and score over those common architectures.
- split: np.random.RandomState(seed).permutation(15625), the shuffle DELE's split is made from (data/dele/), by its
  first and last entries and the SHA-256 of its int32 little-endian bytes.
"""
import hashlib
import json
import math
import platform
import warnings

import numpy as np
import scipy
from scipy import stats

FRACTIONS = [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1.0]


def tau(x, y):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # scipy warns on constant input before returning nan
        t = stats.kendalltau(x, y).correlation
    return None if math.isnan(t) else float(t)


def drawn(seed, n, x_levels, noise_levels, scale):
    """x = randint(x_levels, n); y = scale * x + randint(noise_levels, n): integer draws only."""
    r = np.random.RandomState(seed)
    x = r.randint(x_levels, size=n).astype(float)
    y = scale * x + r.randint(noise_levels, size=n).astype(float)
    return x, y


def top_k(score, truth):
    """test_xk of the reference, every sort stable."""
    truth = np.asarray(truth, dtype=float)
    score = np.asarray(score, dtype=float)
    by_truth = np.argsort(truth, kind="stable")[::-1]
    truth_sorted = truth[by_truth]
    score_sorted = score[by_truth]  # position p holds the architecture of true rank p
    ranks = np.argsort(score_sorted, kind="stable")[::-1]  # true positions, best predicted first
    n = len(ranks)
    rows = []
    for fraction in FRACTIONS:
        k = int(n * fraction)
        if k == 0:
            rows.append({"fraction": fraction, "k": 0, "common": 0, "precision": None, "kendall": None})
            continue
        head = ranks[:k]
        common = head[head < k]
        rows.append({"fraction": fraction, "k": k, "common": int(len(common)), "precision": len(common) / float(k),
                     "kendall": tau(truth_sorted[common], score_sorted[common]) if len(common) > 1 else None})
    return rows


def main():
    literal = [
        ("hand_no_ties", [1, 2, 3, 4, 5], [3, 1, 2, 5, 4]),
        ("hand_ties_both", [1, 1, 2, 2, 3, 3], [1, 2, 1, 3, 3, 2]),
        ("hand_ties_x_only", [0, 0, 0, 1, 1, 2], [5, 3, 4, 2, 6, 1]),
        ("hand_joint_ties", [2, 2, 2, 1, 1, 3, 3], [7, 7, 1, 4, 4, 9, 9]),
        ("reversed", [1, 2, 3, 4], [4, 3, 2, 1]),
        ("two", [1.5, 2.5], [0.25, -1.0]),
        ("constant_y", [1, 2, 3], [4, 4, 4]),
        ("decimals", [0.1, 0.7, 0.2, 0.9, 0.7, 0.3, 0.8], [93.11, 93.5, 10.0, 94.37, 10.0, 92.0, 93.5]),
    ]
    kendall = [{"name": name, "x": [float(v) for v in x], "y": [float(v) for v in y], "tau": tau(x, y)}
               for name, x, y in literal]
    recipes = [
        # seed, n, x levels, noise levels, scale: few levels mean many ties on both sides
        (1, 30, 4, 3, 1.0),
        (2, 200, 10, 20, 2.0),
        (3, 1000, 1000, 500, -1.0),
        (4, 7812, 50, 40, 1.0),
        (5, 7812, 100000, 3, 0.0),
        (6, 15625, 7, 5, 3.0),
    ]
    for seed, n, levels, noise, scale in recipes:
        x, y = drawn(seed, n, levels, noise, scale)
        kendall.append({"name": "drawn_%d" % seed, "seed": seed, "n": n, "x_levels": levels, "noise_levels": noise,
                        "scale": scale, "tau": tau(x, y)})

    top = []
    for seed, n, levels, noise, scale in [(11, 7812, 300, 200, 1.0), (12, 7812, 5000, 2, 1.0), (13, 500, 30, 30, 1.0)]:
        score, truth = drawn(seed, n, levels, noise, scale)
        top.append({"name": "drawn_%d" % seed, "seed": seed, "n": n, "x_levels": levels, "noise_levels": noise,
                    "scale": scale, "rows": top_k(score, truth)})
    hand_score = [0.9, 0.8, 0.8, 0.1, 0.5, 0.7, 0.3, 0.2, 0.6, 0.4] * 100
    hand_truth = [float(v) for v in range(1000)]
    top.append({"name": "tied_scores", "score": hand_score, "truth": hand_truth,
                "rows": top_k(hand_score, hand_truth)})

    split = []
    for seed in [0]:
        p = np.random.RandomState(seed).permutation(15625)
        split.append({"seed": seed, "first": p[:20].tolist(), "last": p[-20:].tolist(),
                      "sha256_int32le": hashlib.sha256(p.astype("<i4").tobytes()).hexdigest()})

    out = {
        "versions": {"python": platform.python_version(), "numpy": np.__version__, "scipy": scipy.__version__},
        "command": "/usr/bin/python3 src/test/resources/reference/record_rank_metrics.py"
                   " > src/test/resources/reference/rank_metrics_reference.json",
        "kendall": kendall,
        "top": top,
        "split": split,
    }
    print(json.dumps(out, indent=1))


if __name__ == "__main__":
    main()
