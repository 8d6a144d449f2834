#!/usr/bin/env python3
"""Records the outside reference values that GaussianProcessReferenceTest, BoundedLbfgsReferenceTest,
UcbMaximizerReferenceTest and BayesianOptimizerReferenceTest replay (io.trainfree.math).

Run from the repository root with Debian's interpreter (python3-sklearn, python3-scipy, python3-numpy):

    /usr/bin/python3 src/test/resources/reference/record_bo.py > src/test/resources/reference/bo_reference.json

The versions used are written into the JSON's "versions" entry. Everything is seeded; a rerun with the same
versions gives the same file. The tests need no Python.

What is recorded:
- gp_fixed: scikit-learn's GaussianProcessRegressor with the kernel bayes_opt 1.2.0 configures (Matern nu=2.5, one
  isotropic length scale, no amplitude or white-noise kernel, alpha=1e-6, normalize_y=True), but with the length
  scale held fixed (optimizer=None): posterior mean and std at test points, log marginal likelihood and its
  gradient with respect to ln(l) at a few length scales.
- gp_fit: the same regressor as bayes_opt builds it (n_restarts_optimizer=5, length-scale bounds [1e-5, 1e5], the
  regressor's random_state a numpy RandomState(seed)): fitted length scale, log marginal likelihood, and each of
  the six L-BFGS-B runs (start, end, value), logged by an optimizer callable that does what sklearn's default
  "fmin_l_bfgs_b" does (scipy.optimize.minimize(method="L-BFGS-B", jac=True, bounds=...)).
- lbfgsb: scipy.optimize.minimize(method="L-BFGS-B") with the analytic gradient on bounded Rosenbrock problems
  (solution, value, iterations, evaluations, and the iterate path from the callback).
- ucb: bayes_opt 1.2.0's acq_max for 'ucb' on a GP with a fixed length scale, restated below.
- bo: bayes_opt 1.2.0's maximize(init_points=0, n_iter=T-1, acq='ucb') loop, restated below, on three small problems
  (a smooth one, a linear one whose maximiser is a corner, so that a probe is answered from the cache, and RoBoT's
  objective in small: the accuracy of the top-scoring row of a fixed score table).

bayes_opt 1.2.0 cannot be installed here (no PyPI), so its loop is written out again from its source (tag v1.2.0 of
bayesian-optimization/BayesianOptimization), in our words; the functions followed are named where they are
restated. The only intended difference: 1.2.0 reads "-res.fun[0]", which scipy >= 1.9 no longer allows (res.fun
is a float there); the objective here returns a float and the value is read as "-res.fun".
"""
import json
import platform
import sys

import numpy as np
import scipy
import sklearn
from scipy.optimize import minimize
from sklearn.gaussian_process import GaussianProcessRegressor
from sklearn.gaussian_process.kernels import Matern

ALPHA = 1e-6
KAPPA = 2.576
N_WARMUP = 10000
N_ITER = 10
GP_RESTARTS = 5


def floats(a):
    """A JSON-ready copy: nested lists of Python floats (repr round-trips exactly)."""
    return np.asarray(a, dtype=float).tolist()


# ---------------------------------------------------------------- GP

def fixed_gp(length_scale):
    return GaussianProcessRegressor(kernel=Matern(length_scale=length_scale, nu=2.5), alpha=ALPHA,
                                    normalize_y=True, optimizer=None)


class LoggingLbfgs:
    """sklearn's _constrained_optimization for optimizer="fmin_l_bfgs_b", with each run written down."""

    def __init__(self):
        self.runs = []

    def __call__(self, obj_func, initial_theta, bounds):
        res = minimize(obj_func, initial_theta, method="L-BFGS-B", jac=True, bounds=bounds)
        self.runs.append({"start": float(initial_theta[0]), "theta": float(res.x[0]), "value": float(res.fun),
                          "success": bool(res.success), "nit": int(res.nit), "nfev": int(res.nfev)})
        return res.x, res.fun


def bayes_opt_gp(random_state, optimizer="fmin_l_bfgs_b"):
    """The regressor of BayesianOptimization.__init__ in bayes_opt 1.2.0 (bayesian_optimization.py)."""
    return GaussianProcessRegressor(kernel=Matern(nu=2.5), alpha=ALPHA, normalize_y=True,
                                    n_restarts_optimizer=GP_RESTARTS, random_state=random_state,
                                    optimizer=optimizer)


def record_gp_fixed(name, x, y, length_scale, test_x, lml_scales):
    gp = fixed_gp(length_scale).fit(x, y)
    mean, std = gp.predict(test_x, return_std=True)
    lml = []
    for l in lml_scales:
        value, grad = gp.log_marginal_likelihood(np.log([l]), eval_gradient=True)
        lml.append({"length_scale": l, "value": float(value), "gradient": float(grad[0])})
    return {"name": name, "x": floats(x), "y": floats(y), "length_scale": length_scale, "test_x": floats(test_x),
            "mean": floats(mean), "std": floats(std), "lml": lml}


def record_gp_fit(name, x, y, seed):
    log = LoggingLbfgs()
    gp = bayes_opt_gp(np.random.RandomState(seed), optimizer=log).fit(x, y)
    # the logging optimizer must not change anything: the default one gives the same fit
    plain = bayes_opt_gp(np.random.RandomState(seed)).fit(x, y)
    assert plain.kernel_.length_scale == gp.kernel_.length_scale, (name, plain.kernel_, gp.kernel_)
    theta = np.log([gp.kernel_.length_scale])
    value, grad = gp.log_marginal_likelihood(theta, eval_gradient=True)
    return {"name": name, "x": floats(x), "y": floats(y), "seed": seed,
            "length_scale": float(gp.kernel_.length_scale),
            "lml": float(gp.log_marginal_likelihood_value_), "lml_gradient": float(grad[0]), "runs": log.runs}


# ---------------------------------------------------------------- L-BFGS-B

def rosenbrock(x):
    """Chained Rosenbrock and its gradient."""
    x = np.asarray(x, dtype=float)
    f = float(np.sum(100.0 * (x[1:] - x[:-1] ** 2) ** 2 + (1 - x[:-1]) ** 2))
    g = np.zeros_like(x)
    g[:-1] += -400.0 * x[:-1] * (x[1:] - x[:-1] ** 2) - 2 * (1 - x[:-1])
    g[1:] += 200.0 * (x[1:] - x[:-1] ** 2)
    return f, g


def record_lbfgsb(name, x0, lo, hi):
    path = [floats(x0)]
    res = minimize(rosenbrock, np.array(x0, dtype=float), jac=True, method="L-BFGS-B",
                   bounds=list(zip(lo, hi)), callback=lambda xk: path.append(floats(xk)))
    return {"name": name, "x0": floats(x0), "lo": floats(lo), "hi": floats(hi), "x": floats(res.x),
            "value": float(res.fun), "gradient": floats(res.jac), "success": bool(res.success),
            "message": str(res.message), "nit": int(res.nit), "nfev": int(res.nfev), "path": path}


# ---------------------------------------------------------------- bayes_opt 1.2.0, restated

def ucb(gp, points, kappa):
    """UtilityFunction._ucb (util.py): posterior mean plus kappa posterior std, in y's units."""
    mean, std = gp.predict(points, return_std=True)
    return mean + kappa * std


def acq_max(gp, bounds, random_state, trace=None):
    """util.acq_max for kind='ucb': random warm-up, then L-BFGS-B from random seeds, then a clip to the box."""
    lo, hi = bounds[:, 0], bounds[:, 1]
    tries = random_state.uniform(lo, hi, size=(N_WARMUP, bounds.shape[0]))
    values = ucb(gp, tries, KAPPA)
    best = int(values.argmax())
    x_max, max_acq = tries[best], values.max()
    if trace is not None:
        trace.update({"warmup_index": best, "warmup_x": floats(x_max), "warmup_ucb": float(max_acq), "runs": []})
    seeds = random_state.uniform(lo, hi, size=(N_ITER, bounds.shape[0]))
    for seed in seeds:
        # 1.2.0 passes seed.reshape(1, -1); scipy flattens it, and 1.10 warns, so the flat seed is passed here
        res = minimize(lambda z: -float(ucb(gp, z.reshape(1, -1), KAPPA)[0]), seed, bounds=bounds,
                       method="L-BFGS-B")
        if trace is not None:
            trace["runs"].append({"seed": floats(seed), "x": floats(res.x), "ucb": float(-res.fun),
                                  "success": bool(res.success), "nit": int(res.nit)})
        if not res.success:
            continue
        if max_acq is None or -res.fun >= max_acq:
            x_max, max_acq = res.x, -res.fun
    if trace is not None:
        trace["ucb"] = float(max_acq)
    return np.clip(x_max, lo, hi)


def bayes_opt_maximize(objective, bounds, seed, probes):
    """BayesianOptimization(f, pbounds, random_state=seed).maximize(init_points=0, n_iter=probes-1, acq='ucb').

    Follows bayesian_optimization.py (maximize, _prime_queue, suggest, probe) and target_space.py (random_sample,
    probe, register, the _cache keyed by the tuple of coordinates): the space and the optimiser each seed their own
    RandomState with the same seed; an empty space raises init_points to 1, so probe 1 is random_sample (one
    uniform draw per coordinate from the space's stream); every later probe fits the GP to all registered points
    and takes acq_max; a probe equal to a registered point is answered from the cache and registers nothing.
    """
    space_rng = np.random.RandomState(seed)
    opt_rng = np.random.RandomState(seed)
    xs, ys, cache, out = [], [], {}, []
    for t in range(probes):
        step = {}
        if t == 0:
            x = np.empty(bounds.shape[0])
            for col, (lo, hi) in enumerate(bounds):
                x[col] = space_rng.uniform(lo, hi, size=1)[0]
        else:
            gp = bayes_opt_gp(opt_rng).fit(np.array(xs), np.array(ys))
            step["length_scale"] = float(gp.kernel_.length_scale)
            trace = {}
            x = acq_max(gp, bounds, opt_rng, trace)
            step["ucb"] = trace["ucb"]
            step["warmup_x"] = trace["warmup_x"]
        key = tuple(map(float, x))
        if key in cache:
            target, cached = cache[key], True
        else:
            target, cached = float(objective(x)), False
            cache[key] = target
            xs.append(x.copy())
            ys.append(target)
        step.update({"x": floats(x), "target": target, "cached": cached})
        out.append(step)
    return out


# ---------------------------------------------------------------- problems

def smooth_2d(x):
    return float(np.sin(3 * x[0]) + np.cos(2 * x[1]) - 0.5 * (x[0] - 0.2) ** 2)


def top1_objective(scores, accuracies):
    """RoBoT's objective in small: the accuracy of the row whose weighted score is highest (the first on ties);
    the score is summed left to right so that Java can repeat it exactly."""
    def f(w):
        best, best_score = 0, None
        for i, row in enumerate(scores):
            s = 0.0
            for c in range(len(w)):
                s += float(row[c]) * float(w[c])
            if best_score is None or s > best_score:
                best, best_score = i, s
        return float(accuracies[best])
    return f


def main():
    data = np.random.RandomState(2024)
    out = {"versions": {"python": platform.python_version(), "numpy": np.__version__, "scipy": scipy.__version__,
                        "sklearn": sklearn.__version__},
           "command": "/usr/bin/python3 src/test/resources/reference/record_bo.py"
                      " > src/test/resources/reference/bo_reference.json"}

    x1 = np.array([[-0.9], [-0.5], [-0.1], [0.2], [0.55], [0.8]])
    y1 = np.sin(3 * x1[:, 0]) + 0.3 * x1[:, 0]
    x3 = data.uniform(-1, 1, size=(10, 3))
    y3 = np.sin(2 * x3[:, 0]) * np.cos(x3[:, 1]) + x3[:, 2] ** 2
    x6 = data.uniform(-1, 1, size=(12, 6))
    y6 = 80 + 5 * np.tanh(x6 @ np.array([0.8, -0.4, 0.3, 0.1, -0.6, 0.2]))
    test3 = data.uniform(-1, 1, size=(6, 3))
    test6 = data.uniform(-1, 1, size=(6, 6))
    test1 = np.array([[-1.0], [-0.7], [0.0], [0.3], [1.0]])

    out["gp_fixed"] = [
        record_gp_fixed("1d", x1, y1, 0.4, test1, [1e-3, 0.1, 0.4, 1.0, 10.0]),
        record_gp_fixed("3d", x3, y3, 0.8, test3, [0.05, 0.3, 0.8, 3.0]),
        record_gp_fixed("6d", x6, y6, 1.7, test6, [0.5, 1.7, 5.0]),
    ]

    scores = data.uniform(0, 1, size=(40, 6))
    accuracies = np.round(data.uniform(60, 90, size=40), 2)
    top1 = top1_objective(scores, accuracies)
    w6 = data.uniform(-1, 1, size=(9, 6))
    y_top1 = np.array([top1(w) for w in w6])
    out["gp_fit"] = [
        record_gp_fit("1d", x1, y1, 7),
        record_gp_fit("3d", x3, y3, 11),
        record_gp_fit("6d", x6, y6, 13),
        record_gp_fit("6d_top1", w6, y_top1, 10),
        record_gp_fit("one_point", x3[:1], y3[:1], 5),
    ]

    out["lbfgsb"] = [
        record_lbfgsb("rosenbrock_interior", [-1.2, 1.0], [-2.0, -2.0], [2.0, 2.0]),
        record_lbfgsb("rosenbrock_active_x0", [-1.2, 1.0], [-2.0, -2.0], [0.5, 2.0]),
        record_lbfgsb("rosenbrock4_active", [-1.0, 1.5, 0.5, -0.5], [-2.0, -2.0, 0.45, -2.0], [0.8, 2.0, 2.0, 0.1]),
    ]

    ucb_cases = []
    for name, x, y, l, seed in [("3d", x3, y3, 0.8, 21), ("6d", x6, y6, 1.7, 22), ("1d", x1, y1, 0.4, 23)]:
        gp = fixed_gp(l).fit(x, y)
        bounds = np.array([[-1.0, 1.0]] * x.shape[1])
        trace = {}
        x_max = acq_max(gp, bounds, np.random.RandomState(seed), trace)
        trace.update({"name": name, "x": floats(x), "y": floats(y), "length_scale": l, "seed": seed,
                      "lo": floats(bounds[:, 0]), "hi": floats(bounds[:, 1]), "x_max": floats(x_max)})
        ucb_cases.append(trace)
    out["ucb"] = ucb_cases

    bounds2 = np.array([[-1.0, 1.0], [-1.0, 0.5]])
    bounds2b = np.array([[-1.0, 1.0]] * 2)
    bounds6 = np.array([[-1.0, 1.0]] * 6)
    out["bo"] = [
        {"name": "smooth_2d", "objective": "sin(3 x0) + cos(2 x1) - 0.5 (x0 - 0.2)^2", "seed": 3,
         "lo": floats(bounds2[:, 0]), "hi": floats(bounds2[:, 1]),
         "probes": bayes_opt_maximize(smooth_2d, bounds2, 3, 8)},
        {"name": "linear_2d", "objective": "x0 + 0.5 x1 (probe 7 repeats the corner of probe 2: a cache hit)",
         "seed": 2, "lo": floats(bounds2b[:, 0]), "hi": floats(bounds2b[:, 1]),
         "probes": bayes_opt_maximize(lambda x: float(x[0] + 0.5 * x[1]), bounds2b, 2, 8)},
        {"name": "top1_6d", "objective": "accuracies[first argmax_i sum_c scores[i][c] w[c]]", "seed": 10,
         "scores": floats(scores), "accuracies": floats(accuracies),
         "lo": floats(bounds6[:, 0]), "hi": floats(bounds6[:, 1]),
         "probes": bayes_opt_maximize(top1, bounds6, 10, 8)},
    ]
    json.dump(out, sys.stdout, indent=1)
    sys.stdout.write("\n")
    print("versions: " + json.dumps(out["versions"]), file=sys.stderr)


if __name__ == "__main__":
    main()
