package io.trainfree.math;

import java.util.Arrays;

/**
 * The little dense linear algebra the proxies need on small (batch x batch) matrices, in double precision on the
 * host: symmetric eigenvalues, sign and log of a determinant, a correlation matrix. Written out rather than taken from
 * Smile, whose matrix class needs a native BLAS that trainfree does not ship.
 */
public final class Linalg {
    private Linalg() {
    }

    /**
     * Eigenvalues of a symmetric matrix, ascending, by cyclic Jacobi rotations (accurate to a few ulps of the largest
     * eigenvalue; fine for a batch, n up to a few hundred). Only the upper triangle is read.
     *
     * @throws IllegalArgumentException if the matrix is not square or holds NaN/infinity
     */
    public static double[] symmetricEigenvalues(double[][] matrix) {
        int n = matrix.length;
        double[][] a = squareCopy(matrix);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                if (!Double.isFinite(a[i][j])) {
                    throw new IllegalArgumentException("matrix entry (" + i + ", " + j + ") is " + a[i][j]);
                }
                if (j < i) {
                    a[i][j] = matrix[j][i];
                }
            }
        }
        for (int sweep = 0; sweep < 100; sweep++) {
            double off = 0;
            double scale = 0;
            for (int i = 0; i < n; i++) {
                scale += a[i][i] * a[i][i];
                for (int j = i + 1; j < n; j++) {
                    off += a[i][j] * a[i][j];
                }
            }
            if (off <= 1e-30 * Math.max(scale, Double.MIN_NORMAL)) {
                break;
            }
            for (int p = 0; p < n; p++) {
                for (int q = p + 1; q < n; q++) {
                    if (a[p][q] != 0) {
                        rotate(a, p, q);
                    }
                }
            }
        }
        double[] eig = new double[n];
        for (int i = 0; i < n; i++) {
            eig[i] = a[i][i];
        }
        Arrays.sort(eig);
        return eig;
    }

    /** A copy of a square matrix; a ragged or non-square one is refused naming the row. */
    private static double[][] squareCopy(double[][] matrix) {
        int n = matrix.length;
        double[][] a = new double[n][];
        for (int i = 0; i < n; i++) {
            if (matrix[i].length != n) {
                throw new IllegalArgumentException("matrix is not square: row " + i + " has " + matrix[i].length
                        + " entries, expected " + n);
            }
            a[i] = matrix[i].clone();
        }
        return a;
    }

    /** One Jacobi rotation zeroing a[p][q] (symmetric storage kept in full). */
    private static void rotate(double[][] a, int p, int q) {
        double apq = a[p][q];
        double theta = (a[q][q] - a[p][p]) / (2 * apq);
        double t = Math.signum(theta) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        if (theta == 0) {
            t = 1;
        }
        double c = 1 / Math.sqrt(t * t + 1);
        double s = t * c;
        int n = a.length;
        for (int k = 0; k < n; k++) {
            double akp = a[k][p];
            double akq = a[k][q];
            a[k][p] = c * akp - s * akq;
            a[k][q] = s * akp + c * akq;
        }
        for (int k = 0; k < n; k++) {
            double apk = a[p][k];
            double aqk = a[q][k];
            a[p][k] = c * apk - s * aqk;
            a[q][k] = s * apk + c * aqk;
        }
    }

    /**
     * Sign and natural log of |det| (as numpy's slogdet), by LU decomposition with partial pivoting. A singular
     * matrix gives sign 0 and log -infinity.
     *
     * @return {sign, log|det|}
     */
    public static double[] slogdet(double[][] matrix) {
        int n = matrix.length;
        double[][] a = squareCopy(matrix);
        double sign = 1;
        double logdet = 0;
        for (int col = 0; col < n; col++) {
            int pivot = col;
            for (int r = col + 1; r < n; r++) {
                if (Math.abs(a[r][col]) > Math.abs(a[pivot][col])) {
                    pivot = r;
                }
            }
            if (a[pivot][col] == 0) {
                return new double[] {0, Double.NEGATIVE_INFINITY};
            }
            if (pivot != col) {
                double[] tmp = a[pivot];
                a[pivot] = a[col];
                a[col] = tmp;
                sign = -sign;
            }
            double d = a[col][col];
            sign *= Math.signum(d);
            logdet += Math.log(Math.abs(d));
            for (int r = col + 1; r < n; r++) {
                double f = a[r][col] / d;
                if (f != 0) {
                    for (int c = col + 1; c < n; c++) {
                        a[r][c] -= f * a[col][c];
                    }
                }
            }
        }
        return new double[] {sign, logdet};
    }

    /**
     * Pearson correlation matrix of the rows (each row one variable, as numpy's corrcoef). A constant row gives NaN in
     * its row and column, as numpy does.
     */
    public static double[][] corrcoef(double[][] rows) {
        int n = rows.length;
        double[][] centred = new double[n][];
        double[] norm = new double[n];
        for (int i = 0; i < n; i++) {
            double[] r = rows[i];
            double mean = 0;
            for (double v : r) {
                mean += v;
            }
            mean /= r.length;
            double[] c = new double[r.length];
            double ss = 0;
            for (int k = 0; k < r.length; k++) {
                c[k] = r[k] - mean;
                ss += c[k] * c[k];
            }
            centred[i] = c;
            norm[i] = Math.sqrt(ss);
        }
        double[][] corr = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = i; j < n; j++) {
                double dot = 0;
                double[] a = centred[i];
                double[] b = centred[j];
                for (int k = 0; k < a.length; k++) {
                    dot += a[k] * b[k];
                }
                double v = dot / (norm[i] * norm[j]); // 0/0 = NaN for a constant row, as numpy
                // numpy clips to [-1, 1] against round-off
                v = Double.isNaN(v) ? v : Math.max(-1, Math.min(1, v));
                corr[i][j] = v;
                corr[j][i] = v;
            }
        }
        return corr;
    }
}
