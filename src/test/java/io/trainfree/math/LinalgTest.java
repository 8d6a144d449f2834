package io.trainfree.math;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class LinalgTest {
    @Test
    void eigenvaluesOfHandWorkedMatrices() {
        // [[2,1],[1,2]] has eigenvalues 1 and 3
        assertArrayEquals(new double[] {1, 3}, Linalg.symmetricEigenvalues(new double[][] {{2, 1}, {1, 2}}), 1e-14);
        // [[2,-1,0],[-1,2,-1],[0,-1,2]]: 2 - sqrt2, 2, 2 + sqrt2
        double r = Math.sqrt(2);
        assertArrayEquals(new double[] {2 - r, 2, 2 + r},
                Linalg.symmetricEigenvalues(new double[][] {{2, -1, 0}, {-1, 2, -1}, {0, -1, 2}}), 1e-14);
        assertArrayEquals(new double[] {-4, 0.5}, Linalg.symmetricEigenvalues(new double[][] {{0.5, 0}, {0, -4}}));
    }

    @Test
    void eigenvaluesOfARotatedDiagonalComeBack() {
        // A = Q D Q^T with Q a product of Givens rotations: the eigenvalues are D's
        var rng = new SplittableRandom(3);
        int n = 40;
        double[] d = new double[n];
        for (int i = 0; i < n; i++) {
            d[i] = i - 10 + rng.nextDouble();
        }
        double[][] a = new double[n][n];
        for (int i = 0; i < n; i++) {
            a[i][i] = d[i];
        }
        for (int k = 0; k < 300; k++) {
            int p = rng.nextInt(n);
            int q = (p + 1 + rng.nextInt(n - 1)) % n;
            double phi = rng.nextDouble() * Math.PI;
            double c = Math.cos(phi);
            double s = Math.sin(phi);
            for (int j = 0; j < n; j++) { // rows p, q
                double x = a[p][j];
                double y = a[q][j];
                a[p][j] = c * x - s * y;
                a[q][j] = s * x + c * y;
            }
            for (int j = 0; j < n; j++) { // columns p, q
                double x = a[j][p];
                double y = a[j][q];
                a[j][p] = c * x - s * y;
                a[j][q] = s * x + c * y;
            }
        }
        java.util.Arrays.sort(d);
        assertArrayEquals(d, Linalg.symmetricEigenvalues(a), 1e-11);
    }

    @Test
    void slogdetOfHandWorkedMatrices() {
        // det [[0,2],[3,4]] = -6 (needs a pivot)
        double[] sl = Linalg.slogdet(new double[][] {{0, 2}, {3, 4}});
        assertEquals(-1, sl[0]);
        assertEquals(Math.log(6), sl[1], 1e-15);
        // triangular: product of the diagonal
        sl = Linalg.slogdet(new double[][] {{2, 5, 7}, {0, 3, 1}, {0, 0, 0.5}});
        assertArrayEquals(new double[] {1, Math.log(3)}, sl, 1e-15);
        sl = Linalg.slogdet(new double[][] {{1, 2}, {2, 4}});
        assertEquals(0, sl[0]);
        assertEquals(Double.NEGATIVE_INFINITY, sl[1]);
    }

    @Test
    void slogdetAgreesWithTheEigenvaluesOfASymmetricMatrix() {
        var rng = new SplittableRandom(5);
        int n = 30;
        double[][] a = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                a[i][j] = a[j][i] = rng.nextGaussian();
            }
        }
        double sum = 0;
        int negatives = 0;
        for (double e : Linalg.symmetricEigenvalues(a)) {
            sum += Math.log(Math.abs(e));
            negatives += e < 0 ? 1 : 0;
        }
        double[] sl = Linalg.slogdet(a);
        assertEquals(negatives % 2 == 0 ? 1 : -1, sl[0]);
        assertEquals(sum, sl[1], 1e-9);
    }

    @Test
    void corrcoefIsNumpysAndConstantRowsGiveNaN() {
        double[][] c = Linalg.corrcoef(new double[][] {{1, 2, 3, 4}, {2, 4, 6, 8.5}, {4, 3, 2, 1}, {5, 5, 5, 5}});
        assertEquals(1, c[0][0], 1e-15);
        assertEquals(-1, c[0][2], 1e-15);
        // by hand: x - mean = (-1.5,-.5,.5,1.5), y - mean = (-3.125,-1.125,.875,3.375): 10.75 / sqrt(5 * 23.1875)
        assertEquals(10.75 / Math.sqrt(5 * 23.1875), c[0][1], 1e-15);
        assertTrue(Double.isNaN(c[3][0]) && Double.isNaN(c[0][3]) && Double.isNaN(c[3][3]));
    }

    @Test
    void badMatricesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> Linalg.symmetricEigenvalues(new double[][] {{1, 2}}));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> Linalg.symmetricEigenvalues(new double[][] {{1, Double.NaN}, {0, 1}})).getMessage()
                .contains("(0, 1) is NaN"));
    }
}
