package io.trainfree.math;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class BoundedLbfgsTest {
    @Test
    void interiorMinimumOfAQuadratic() {
        BoundedLbfgs.Objective f = (x, g) -> {
            g[0] = 2 * (x[0] - 0.3);
            g[1] = 8 * (x[1] + 0.2);
            return (x[0] - 0.3) * (x[0] - 0.3) + 4 * (x[1] + 0.2) * (x[1] + 0.2);
        };
        BoundedLbfgs.Result r = BoundedLbfgs.minimize(f, new double[] {0.9, 0.9}, new double[] {-1, -1},
                new double[] {1, 1});
        assertTrue(r.success(), r.message());
        assertArrayEquals(new double[] {0.3, -0.2}, r.x(), 1e-5);
    }

    @Test
    void activeBoundsHoldTheMinimiserOnTheFace() {
        // unconstrained minimum (2, -3) lies outside [-1, 1]^2: the answer is the corner (1, -1)
        BoundedLbfgs.Objective f = (x, g) -> {
            g[0] = 2 * (x[0] - 2);
            g[1] = 2 * (x[1] + 3);
            return (x[0] - 2) * (x[0] - 2) + (x[1] + 3) * (x[1] + 3);
        };
        BoundedLbfgs.Result r = BoundedLbfgs.minimize(f, new double[] {0, 0}, new double[] {-1, -1},
                new double[] {1, 1});
        assertTrue(r.success(), r.message());
        assertArrayEquals(new double[] {1, -1}, r.x(), 0);
    }

    @Test
    void rosenbrockInABox() {
        BoundedLbfgs.Objective f = (x, g) -> {
            double a = 1 - x[0];
            double b = x[1] - x[0] * x[0];
            g[0] = -2 * a - 400 * x[0] * b;
            g[1] = 200 * b;
            return a * a + 100 * b * b;
        };
        BoundedLbfgs.Result r = BoundedLbfgs.minimize(f, new double[] {-1.2, 1}, new double[] {-2, -2},
                new double[] {2, 2});
        assertTrue(r.success(), r.message());
        assertArrayEquals(new double[] {1, 1}, r.x(), 1e-3);
        // with the box [-2, 0.5] x [-2, 2] the minimiser is on x = 0.5: (0.5, 0.25)
        BoundedLbfgs.Result boxed = BoundedLbfgs.minimize(f, new double[] {-1.2, 1}, new double[] {-2, -2},
                new double[] {0.5, 2});
        assertTrue(boxed.success(), boxed.message());
        assertArrayEquals(new double[] {0.5, 0.25}, boxed.x(), 1e-4);
    }

    @Test
    void nonFiniteStartReportsFailure() {
        BoundedLbfgs.Result r = BoundedLbfgs.minimize((x, g) -> Double.POSITIVE_INFINITY, new double[] {0},
                new double[] {-1}, new double[] {1});
        assertFalse(r.success());
        assertEquals(1, r.evaluations());
    }
}
