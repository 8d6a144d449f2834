package io.trainfree.math;

/**
 * A small projected L-BFGS for box constraints, standing in for scipy's L-BFGS-B (the optimiser behind both of
 * bayes_opt's inner problems).
 *
 * <p>Why not Smile: {@code smile.math.BFGS.minimize(f, m, x, l, u, gtol, maxIter)} (the bounded variant) calls
 * {@code Matrix.tv}/{@code lu}, which need the native OpenBLAS that this build leaves out; only the unbounded variant
 * is pure Java. The problems here are tiny (1 to about 10 variables), so a plain-array implementation is enough.
 *
 * <p>The method follows L-BFGS-B's outline with scipy's defaults (memory 10, {@code ftol} = 1e7 machine epsilon,
 * {@code pgtol} = 1e-5, 15,000 iterations and evaluations, 20 line-search trials): the quasi-Newton step (steepest
 * descent on the first iteration, so the first trial point is {@code P(x - g)} as L-BFGS-B's Cauchy point with
 * {@code theta = 1}) is projected onto the box, and a backtracking Armijo search runs along the segment from x to
 * that projected point. Variables held at a bound by the gradient stay fixed. It stops, as L-BFGS-B does, when the
 * projected gradient's max-norm is at most {@code pgtol} or the relative reduction of f is at most {@code ftol}
 * (success), or when the line search fails twice in a row or a limit is hit (failure). Numerical paths differ from
 * the Fortran code (no generalised Cauchy point with the compact matrix, no More-Thuente search).
 */
final class BoundedLbfgs {
    /** scipy's L-BFGS-B defaults, as {@code scipy.optimize.minimize(method="L-BFGS-B")} passes them. */
    static final int MEMORY = 10;
    static final double FTOL = 1e7 * Math.ulp(1.0);
    static final double PGTOL = 1e-5;
    static final int MAX_ITER = 15_000;
    static final int MAX_FUN = 15_000;
    static final int MAX_LINE_SEARCH = 20;
    private static final double ARMIJO = 1e-3; // L-BFGS-B's dcsrch ftol

    /** A function that writes its gradient into {@code gradient} and returns its value. */
    @FunctionalInterface
    interface Objective {
        double valueAndGradient(double[] x, double[] gradient);
    }

    /** The outcome: the final point (inside the box), its value, whether the run converged, and its counts. */
    record Result(double[] x, double value, boolean success, int iterations, int evaluations, String message) {
    }

    private BoundedLbfgs() {
    }

    static Result minimize(Objective f, double[] x0, double[] lo, double[] hi) {
        return minimize(f, x0, lo, hi, MAX_FUN);
    }

    /** As above with another limit on evaluations (iterations stay limited by it too). */
    static Result minimize(Objective f, double[] x0, double[] lo, double[] hi, int maxFun) {
        int n = x0.length;
        if (lo.length != n || hi.length != n) {
            throw new IllegalArgumentException("bounds have " + lo.length + " and " + hi.length + " entries for "
                    + n + " variables");
        }
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = Math.min(Math.max(x0[i], lo[i]), hi[i]);
        }
        double[] g = new double[n];
        double fx = f.valueAndGradient(x, g);
        int evaluations = 1;
        if (!Double.isFinite(fx) || !allFinite(g)) {
            return new Result(x, fx, false, 0, evaluations, "ABNORMAL: non-finite value or gradient at the start");
        }
        double[][] s = new double[MEMORY][n];
        double[][] y = new double[MEMORY][n];
        double[] rho = new double[MEMORY];
        int stored = 0;
        int newest = -1;
        double[] d = new double[n];
        double[] xNew = new double[n];
        double[] gNew = new double[n];
        boolean[] fixed = new boolean[n];
        for (int iter = 0; iter < MAX_ITER; iter++) {
            if (projectedGradientNorm(x, g, lo, hi) <= PGTOL) {
                return new Result(x, fx, true, iter, evaluations, "CONVERGENCE: NORM_OF_PROJECTED_GRADIENT_<=_PGTOL");
            }
            for (int i = 0; i < n; i++) {
                fixed[i] = (x[i] <= lo[i] && g[i] > 0) || (x[i] >= hi[i] && g[i] < 0);
            }
            boolean retried = false;
            while (true) {
                direction(g, fixed, s, y, rho, stored, newest, d);
                // project the full step onto the box; the search runs along the segment to the projected point
                double slope = 0;
                for (int i = 0; i < n; i++) {
                    d[i] = Math.min(Math.max(x[i] + d[i], lo[i]), hi[i]) - x[i];
                    slope += g[i] * d[i];
                }
                double fNew = Double.NaN;
                boolean accepted = false;
                if (slope < 0) {
                    double step = 1;
                    for (int trial = 0; trial < MAX_LINE_SEARCH && evaluations < maxFun; trial++) {
                        for (int i = 0; i < n; i++) {
                            xNew[i] = trial == 0 ? x[i] + d[i] : x[i] + step * d[i];
                            xNew[i] = Math.min(Math.max(xNew[i], lo[i]), hi[i]);
                        }
                        fNew = f.valueAndGradient(xNew, gNew);
                        evaluations++;
                        if (Double.isFinite(fNew) && allFinite(gNew) && fNew <= fx + ARMIJO * step * slope) {
                            accepted = true;
                            break;
                        }
                        // safeguarded quadratic interpolation of f along the segment
                        double next = Double.isFinite(fNew)
                                ? -slope * step * step / (2 * (fNew - fx - step * slope)) : 0.1 * step;
                        step = Math.min(Math.max(next, 0.1 * step), 0.5 * step);
                    }
                }
                if (accepted) {
                    double yy = 0;
                    double sy = 0;
                    int slot = (newest + 1) % MEMORY;
                    for (int i = 0; i < n; i++) {
                        s[slot][i] = xNew[i] - x[i];
                        y[slot][i] = gNew[i] - g[i];
                        sy += s[slot][i] * y[slot][i];
                        yy += y[slot][i] * y[slot][i];
                    }
                    if (sy > Math.ulp(1.0) * yy) { // L-BFGS-B skips pairs without enough curvature
                        rho[slot] = 1 / sy;
                        newest = slot;
                        stored = Math.min(stored + 1, MEMORY);
                    }
                    double fOld = fx;
                    fx = fNew;
                    System.arraycopy(xNew, 0, x, 0, n);
                    System.arraycopy(gNew, 0, g, 0, n);
                    if ((fOld - fx) / Math.max(Math.max(Math.abs(fOld), Math.abs(fx)), 1) <= FTOL) {
                        return new Result(x, fx, true, iter + 1, evaluations,
                                "CONVERGENCE: REL_REDUCTION_OF_F_<=_FACTR*EPSMCH");
                    }
                    break;
                }
                if (evaluations >= maxFun) {
                    return new Result(x, fx, false, iter, evaluations, "STOP: TOTAL NO. of f AND g EVALUATIONS"
                            + " EXCEEDS LIMIT");
                }
                if (retried || stored == 0) {
                    return new Result(x, fx, false, iter, evaluations, "ABNORMAL_TERMINATION_IN_LNSRCH");
                }
                // as L-BFGS-B does: forget the curvature pairs and try steepest descent once
                stored = 0;
                newest = -1;
                retried = true;
            }
        }
        return new Result(x, fx, false, MAX_ITER, evaluations, "STOP: TOTAL NO. of ITERATIONS REACHED LIMIT");
    }

    /** The L-BFGS two-loop recursion on the free variables: {@code d = -H g}, zero where fixed. */
    private static void direction(double[] g, boolean[] fixed, double[][] s, double[][] y, double[] rho, int stored,
                                  int newest, double[] d) {
        int n = g.length;
        for (int i = 0; i < n; i++) {
            d[i] = fixed[i] ? 0 : -g[i];
        }
        if (stored == 0) {
            return;
        }
        double[] a = new double[stored];
        for (int k = 0; k < stored; k++) {
            int j = Math.floorMod(newest - k, MEMORY);
            a[k] = rho[j] * dotFree(s[j], d, fixed);
            for (int i = 0; i < n; i++) {
                if (!fixed[i]) {
                    d[i] -= a[k] * y[j][i];
                }
            }
        }
        double sy = 1 / rho[newest];
        double yy = dotFree(y[newest], y[newest], fixed);
        double gamma = yy > 0 ? sy / yy : 1;
        for (int i = 0; i < n; i++) {
            d[i] *= gamma;
        }
        for (int k = stored - 1; k >= 0; k--) {
            int j = Math.floorMod(newest - k, MEMORY);
            double b = rho[j] * dotFree(y[j], d, fixed);
            for (int i = 0; i < n; i++) {
                if (!fixed[i]) {
                    d[i] += (a[k] - b) * s[j][i];
                }
            }
        }
    }

    private static double dotFree(double[] u, double[] v, boolean[] fixed) {
        double sum = 0;
        for (int i = 0; i < u.length; i++) {
            if (!fixed[i]) {
                sum += u[i] * v[i];
            }
        }
        return sum;
    }

    /** L-BFGS-B's {@code projgr}: the max-norm of the gradient projected onto the box. */
    static double projectedGradientNorm(double[] x, double[] g, double[] lo, double[] hi) {
        double norm = 0;
        for (int i = 0; i < x.length; i++) {
            double gi = g[i];
            gi = gi < 0 ? Math.max(x[i] - hi[i], gi) : Math.min(x[i] - lo[i], gi);
            norm = Math.max(norm, Math.abs(gi));
        }
        return norm;
    }

    private static boolean allFinite(double[] v) {
        for (double e : v) {
            if (!Double.isFinite(e)) {
                return false;
            }
        }
        return true;
    }
}
