package io.trainfree.math;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import java.util.function.DoubleSupplier;
import org.junit.jupiter.api.Test;

class GaussianProcessTest {
    static final double TIGHT = 1e-12;
    static final GaussianProcess.Options RAW = new GaussianProcess.Options(1e-6, 5, 1e-5, 1e5, false);
    static final GaussianProcess.Options BAYES_OPT = new GaussianProcess.Options();

    /** The Matern 5/2 kernel written from the formula, independently of the class. */
    static double k(double[] a, double[] b, double l) {
        double d2 = 0;
        for (int i = 0; i < a.length; i++) {
            d2 += (a[i] - b[i]) * (a[i] - b[i]);
        }
        double r = Math.sqrt(d2) / l;
        return (1 + Math.sqrt(5) * r + 5 * r * r / 3) * Math.exp(-Math.sqrt(5) * r);
    }

    /** Counts the draws it hands out. */
    static final class Counting implements DoubleSupplier {
        final SplittableRandom random;
        int draws;

        Counting(long seed) {
            random = new SplittableRandom(seed);
        }

        @Override
        public double getAsDouble() {
            draws++;
            return random.nextDouble();
        }
    }

    @Test
    void onePointPosteriorIsTheScalarFormula() {
        double[][] x = {{0.2, -0.4}};
        double l = 0.7;
        double a = 1e-6;
        GaussianProcess gp = GaussianProcess.of(x, new double[] {3.5}, l, RAW);
        double[] q = {0.5, 0.1};
        double kq = k(q, x[0], l);
        assertEquals(kq * 3.5 / (1 + a), gp.mean(q), TIGHT);
        assertEquals(Math.sqrt(1 - kq * kq / (1 + a)), gp.std(q), TIGHT);
        // normalised: y - mean = 0 and the std 0 becomes 1, so the mean is y everywhere
        GaussianProcess normalised = GaussianProcess.of(x, new double[] {3.5}, l, BAYES_OPT);
        assertEquals(3.5, normalised.mean(q), TIGHT);
        assertEquals(Math.sqrt(1 - kq * kq / (1 + a)), normalised.std(q), TIGHT);
    }

    @Test
    void twoPointPosteriorMatchesAnExplicitInverse() {
        double[][] x = {{0.0, 0.0}, {0.5, 0.3}};
        double[] y = {1, 5}; // mean 3, population std 2, standardised (-1, 1)
        double l = 0.8;
        double a = 1e-6;
        GaussianProcess gp = GaussianProcess.of(x, y, l, BAYES_OPT);
        double p = 1 + a;
        double o = k(x[0], x[1], l);
        double det = p * p - o * o;
        double[][] inv = {{p / det, -o / det}, {-o / det, p / det}};
        double[] z = {-1, 1};
        for (double[] q : new double[][] {{0.25, 0.1}, {-0.9, 0.9}, {0.5, 0.3}}) {
            double[] kq = {k(q, x[0], l), k(q, x[1], l)};
            double mean = 0;
            double quad = 0;
            for (int i = 0; i < 2; i++) {
                for (int j = 0; j < 2; j++) {
                    mean += kq[i] * inv[i][j] * z[j];
                    quad += kq[i] * inv[i][j] * kq[j];
                }
            }
            GaussianProcess.Prediction pr = gp.predict(q);
            assertEquals(3 + 2 * mean, pr.mean(), 1e-10);
            assertEquals(2 * Math.sqrt(Math.max(1 - quad, 0)), pr.std(), 1e-7);
        }
    }

    /** A 3x3 inverse by cofactors. */
    static double[][] inverse3(double[][] m) {
        double[][] c = new double[3][3];
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                int r0 = (i + 1) % 3;
                int r1 = (i + 2) % 3;
                int c0 = (j + 1) % 3;
                int c1 = (j + 2) % 3;
                c[j][i] = m[r0][c0] * m[r1][c1] - m[r0][c1] * m[r1][c0]; // adjugate = transposed cofactors
            }
        }
        double det = m[0][0] * c[0][0] + m[0][1] * c[1][0] + m[0][2] * c[2][0];
        for (double[] row : c) {
            for (int j = 0; j < 3; j++) {
                row[j] /= det;
            }
        }
        return c;
    }

    static double det3(double[][] m) {
        return m[0][0] * (m[1][1] * m[2][2] - m[1][2] * m[2][1]) - m[0][1] * (m[1][0] * m[2][2] - m[1][2] * m[2][0])
                + m[0][2] * (m[1][0] * m[2][1] - m[1][1] * m[2][0]);
    }

    static final double[][] X3 = {{0.1, 0.2, -0.3}, {-0.5, 0.4, 0.0}, {0.6, -0.7, 0.8}};
    static final double[] Y3 = {2.0, -1.0, 4.0};

    static double[][] kernel3(double l, double a) {
        double[][] m = new double[3][3];
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                m[i][j] = k(X3[i], X3[j], l) + (i == j ? a : 0);
            }
        }
        return m;
    }

    static double[] standardised3() {
        double mean = (Y3[0] + Y3[1] + Y3[2]) / 3;
        double var = 0;
        for (double v : Y3) {
            var += (v - mean) * (v - mean) / 3;
        }
        double sd = Math.sqrt(var);
        return new double[] {(Y3[0] - mean) / sd, (Y3[1] - mean) / sd, (Y3[2] - mean) / sd, mean, sd};
    }

    /** log N(z; 0, K) written out with the cofactor inverse and determinant. */
    static double lml3(double l) {
        double[][] kk = kernel3(l, 1e-6);
        double[][] inv = inverse3(kk);
        double[] s = standardised3();
        double quad = 0;
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                quad += s[i] * inv[i][j] * s[j];
            }
        }
        return -0.5 * quad - 0.5 * Math.log(det3(kk)) - 1.5 * Math.log(2 * Math.PI);
    }

    @Test
    void threePointPosteriorMatchesCofactorInverse() {
        double l = 1.3;
        GaussianProcess gp = GaussianProcess.of(X3, Y3, l, BAYES_OPT);
        double[][] inv = inverse3(kernel3(l, 1e-6));
        double[] s = standardised3();
        for (double[] q : new double[][] {{0, 0, 0}, {1, 1, -1}, {0.1, 0.2, -0.25}}) {
            double mean = 0;
            double quad = 0;
            for (int i = 0; i < 3; i++) {
                for (int j = 0; j < 3; j++) {
                    mean += k(q, X3[i], l) * inv[i][j] * s[j];
                    quad += k(q, X3[i], l) * inv[i][j] * k(q, X3[j], l);
                }
            }
            assertEquals(s[3] + s[4] * mean, gp.mean(q), 1e-9);
            assertEquals(s[4] * Math.sqrt(Math.max(1 - quad, 0)), gp.std(q), 1e-6);
        }
    }

    @Test
    void logMarginalLikelihoodAndItsGradient() {
        for (double l : new double[] {0.05, 0.4, 1.0, 3.0, 50.0}) {
            GaussianProcess.LogLikelihood lml = GaussianProcess.logMarginalLikelihood(X3, Y3, l, BAYES_OPT);
            assertEquals(lml3(l), lml.value(), 1e-9 * Math.max(1, Math.abs(lml.value())), "l = " + l);
            double h = 1e-5;
            double central = (lml3(l * Math.exp(h)) - lml3(l * Math.exp(-h))) / (2 * h);
            assertEquals(central, lml.gradient(), 1e-5 * Math.max(1, Math.abs(central)), "l = " + l);
        }
    }

    @Test
    void fittedLengthScaleIsAnOptimum() {
        SplittableRandom r = new SplittableRandom(3);
        double[][] x = new double[12][3];
        double[] y = new double[12];
        for (int i = 0; i < x.length; i++) {
            for (int c = 0; c < 3; c++) {
                x[i][c] = -1 + 2 * r.nextDouble();
            }
            y[i] = Math.sin(2 * x[i][0]) + x[i][1] * x[i][2] + 0.3 * x[i][2];
        }
        Counting uniform = new Counting(5);
        GaussianProcess gp = GaussianProcess.fit(x, y, BAYES_OPT, uniform);
        assertEquals(5, uniform.draws, "one draw per restart");
        double l = gp.lengthScale();
        assertTrue(l > 1e-5 && l < 1e5, "interior optimum expected, got " + l);
        double at = GaussianProcess.logMarginalLikelihood(x, y, l, BAYES_OPT).value();
        assertEquals(at, gp.logMarginalLikelihood(), TIGHT);
        for (double f : new double[] {1 - 1e-3, 1 + 1e-3}) {
            double near = GaussianProcess.logMarginalLikelihood(x, y, l * f, BAYES_OPT).value();
            assertTrue(near <= at + 1e-9, "lml(" + l * f + ") = " + near + " > lml(" + l + ") = " + at);
        }
        assertEquals(0, gp.logMarginalLikelihoodGradient(), 1e-4);
        // and no better value on a coarse grid over the whole range
        for (double t = Math.log(1e-5); t <= Math.log(1e5); t += 0.05) {
            double v = GaussianProcess.logMarginalLikelihood(x, y, Math.exp(t), BAYES_OPT).value();
            assertTrue(v <= at + 1e-6, "lml at l = " + Math.exp(t) + " is " + v + " > " + at);
        }
    }

    @Test
    void onePointFitKeepsUnitLengthScale() {
        Counting uniform = new Counting(11);
        GaussianProcess gp = GaussianProcess.fit(new double[][] {{0.3, -0.2, 0.9}}, new double[] {42}, BAYES_OPT,
                uniform);
        assertEquals(1.0, gp.lengthScale(), 0);
        assertEquals(5, uniform.draws);
        assertEquals(-0.5 * Math.log(1 + 1e-6) - 0.5 * Math.log(2 * Math.PI), gp.logMarginalLikelihood(), TIGHT);
    }

    @Test
    void interpolatesTrainingPoints() {
        SplittableRandom r = new SplittableRandom(9);
        double[][] x = new double[20][6];
        double[] y = new double[20];
        for (int i = 0; i < x.length; i++) {
            for (int c = 0; c < 6; c++) {
                x[i][c] = -1 + 2 * r.nextDouble();
            }
            y[i] = 60 + 10 * x[i][0] - 5 * x[i][3] * x[i][3] + 3 * x[i][5];
        }
        GaussianProcess gp = GaussianProcess.fit(x, y, BAYES_OPT, r::nextDouble);
        double mean = 0;
        for (double v : y) {
            mean += v / y.length;
        }
        double sd = 0;
        for (double v : y) {
            sd += (v - mean) * (v - mean) / y.length;
        }
        sd = Math.sqrt(sd);
        for (int i = 0; i < x.length; i++) {
            GaussianProcess.Prediction p = gp.predict(x[i]);
            assertEquals(y[i], p.mean(), 1e-4 * sd, "mean at training point " + i);
            assertTrue(p.std() <= 1.01 * Math.sqrt(1e-6) * sd, "std at training point " + i + ": " + p.std());
        }
    }

    @Test
    void errorsNameTheValues() {
        IllegalStateException singular = assertThrows(IllegalStateException.class, () -> GaussianProcess.of(
                new double[][] {{0.5}, {0.5}}, new double[] {1, 2}, 0.25,
                new GaussianProcess.Options(0, 5, 1e-5, 1e5, true)));
        assertTrue(singular.getMessage().contains("length scale 0.25"), singular.getMessage());
        IllegalArgumentException sizes = assertThrows(IllegalArgumentException.class,
                () -> GaussianProcess.of(new double[][] {{0}, {1}}, new double[] {1}, 1, BAYES_OPT));
        assertTrue(sizes.getMessage().contains("2 != 1"), sizes.getMessage());
        IllegalArgumentException nan = assertThrows(IllegalArgumentException.class,
                () -> GaussianProcess.of(new double[][] {{0}}, new double[] {Double.NaN}, 1, BAYES_OPT));
        assertTrue(nan.getMessage().contains("y[0] is NaN"), nan.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new GaussianProcess.Options(-1, 5, 1e-5, 1e5, true));
        assertEquals(Double.NEGATIVE_INFINITY, GaussianProcess.logMarginalLikelihood(new double[][] {{0.5}, {0.5}},
                new double[] {1, 2}, 1, new GaussianProcess.Options(0, 5, 1e-5, 1e5, true)).value());
    }
}
