package io.trainfree.model;

import io.trainfree.space.Nb201Arch;
import io.trainfree.space.Nb201Op;
import java.util.HashMap;
import java.util.Map;

/**
 * A slow, plain-Java (double) NB201 network written from docs/proxies.md §1.2-§1.4 alone, with its own loops and its
 * own tensor names, to check {@link Nb201Net}'s forward pass. Batch norms run in train mode (batch statistics) unless
 * {@code eval}; tracked ones record their updated running statistics in {@link #running}.
 */
final class ReferenceNb201 {
    /** A dense [n, c, h, w] tensor. */
    record T(double[] v, int n, int c, int h, int w) {
        T(int n, int c, int h, int w) {
            this(new double[n * c * h * w], n, c, h, w);
        }

        int at(int in, int ic, int i, int j) {
            return ((in * c + ic) * h + i) * w + j;
        }
    }

    private final Nb201Arch arch;
    private final int channels;
    private final int cells;
    private final boolean batchNorm;
    private final boolean cellBias;
    private final boolean cellAffine;
    private final Map<String, double[]> p;
    private final boolean eval;
    /** Running statistics after the pass, by tensor name. */
    final Map<String, double[]> running = new HashMap<>();

    ReferenceNb201(Nb201Net net, Map<String, double[]> params, boolean eval) {
        this.arch = net.arch();
        this.channels = net.channels();
        this.cells = net.cellsPerStage();
        this.batchNorm = net.batchNorm();
        this.cellBias = net.variant() == Variant.ZERO_COST;
        this.cellAffine = net.variant() == Variant.OFFICIAL;
        this.p = params;
        this.eval = eval;
    }

    double[][] logits(T x) {
        T y = conv(x, "stem.net.0", 3, 1, 1, false);
        if (batchNorm) {
            y = bn(y, "stem.net.1", true);
        }
        for (int s = 0; s < 3; s++) {
            for (int i = 0; i < cells; i++) {
                y = cell(y, "stack_cell" + (s + 1) + "." + i);
            }
            if (s < 2) {
                y = reduction(y, "reduction" + (s + 1));
            }
        }
        if (batchNorm) {
            y = bn(y, "top.lastact.0", true);
        }
        y = relu(y);
        int k = p.get("classifier.bias").length;
        double[][] out = new double[y.n][k];
        double[] wt = p.get("classifier.weight");
        double[] b = p.get("classifier.bias");
        for (int n = 0; n < y.n; n++) {
            double[] pooled = new double[y.c];
            for (int c = 0; c < y.c; c++) {
                double s = 0;
                for (int i = 0; i < y.h; i++) {
                    for (int j = 0; j < y.w; j++) {
                        s += y.v[y.at(n, c, i, j)];
                    }
                }
                pooled[c] = s / (y.h * y.w);
            }
            for (int o = 0; o < k; o++) {
                double s = b[o];
                for (int c = 0; c < y.c; c++) {
                    s += wt[o * y.c + c] * pooled[c];
                }
                out[n][o] = s;
            }
        }
        return out;
    }

    private T cell(T x, String name) {
        T[] node = new T[4];
        node[0] = x;
        int[][] edges = {{0, 1}, {0, 2}, {1, 2}, {0, 3}, {1, 3}, {2, 3}};
        for (int j = 1; j <= 3; j++) {
            T sum = new T(x.n, x.c, x.h, x.w);
            for (int e = 0; e < 6; e++) {
                if (edges[e][1] == j) {
                    add(sum, op(node[edges[e][0]], arch.op(e), name + ".options." + e * 5));
                }
            }
            node[j] = sum;
        }
        return node[3];
    }

    private T op(T x, Nb201Op op, String base) {
        return switch (op) {
            case NONE -> new T(x.n, x.c, x.h, x.w);
            case SKIP_CONNECT -> x;
            case AVG_POOL_3X3 -> avgPool3(x);
            case NOR_CONV_3X3 -> convOp(x, base, 2, 3, 1);
            case NOR_CONV_1X1 -> convOp(x, base, 3, 1, 0);
        };
    }

    /** options index = edge * 5 + position in the reference's op dict (conv3x3 at 2, conv1x1 at 3). */
    private T convOp(T x, String base, int opIndex, int k, int pad) {
        String prefix = base.substring(0, base.lastIndexOf('.') + 1);
        int index = Integer.parseInt(base.substring(base.lastIndexOf('.') + 1)) + opIndex;
        String module = prefix + index + ".op";
        T y = conv(relu(x), module + ".1", k, 1, pad, cellBias);
        return batchNorm ? bn(y, module + ".2", cellAffine) : y;
    }

    private T reduction(T x, String name) {
        T a = bn(conv(relu(x), name + ".conv_a.op.1", 3, 2, 1, false), name + ".conv_a.op.2", true);
        T b = bn(conv(relu(a), name + ".conv_b.op.1", 3, 1, 1, false), name + ".conv_b.op.2", true);
        T r = conv(avgPool2(x), name + ".residual.1", 1, 1, 0, false);
        add(r, b);
        return r;
    }

    T conv(T x, String name, int k, int stride, int pad, boolean bias) {
        double[] wt = p.get(name + ".weight");
        int cout = wt.length / (x.c * k * k);
        double[] b = bias ? p.get(name + ".bias") : null;
        int ho = (x.h + 2 * pad - k) / stride + 1;
        int wo = (x.w + 2 * pad - k) / stride + 1;
        T y = new T(x.n, cout, ho, wo);
        for (int n = 0; n < x.n; n++) {
            for (int co = 0; co < cout; co++) {
                for (int i = 0; i < ho; i++) {
                    for (int j = 0; j < wo; j++) {
                        double s = b == null ? 0 : b[co];
                        for (int ci = 0; ci < x.c; ci++) {
                            for (int di = 0; di < k; di++) {
                                int ii = i * stride - pad + di;
                                if (ii < 0 || ii >= x.h) {
                                    continue;
                                }
                                for (int dj = 0; dj < k; dj++) {
                                    int jj = j * stride - pad + dj;
                                    if (jj >= 0 && jj < x.w) {
                                        s += wt[((co * x.c + ci) * k + di) * k + dj] * x.v[x.at(n, ci, ii, jj)];
                                    }
                                }
                            }
                        }
                        y.v[y.at(n, co, i, j)] = s;
                    }
                }
            }
        }
        return y;
    }

    /** Batch norm with eps 1e-5; tracked (running statistics) iff affine in this network. */
    T bn(T x, String name, boolean affine) {
        double[] gamma = affine ? p.get(name + ".weight") : null;
        double[] beta = affine ? p.get(name + ".bias") : null;
        boolean tracked = affine;
        double[] rm = tracked ? p.get(name + ".running_mean").clone() : null;
        double[] rv = tracked ? p.get(name + ".running_var").clone() : null;
        T y = new T(x.n, x.c, x.h, x.w);
        int m = x.n * x.h * x.w;
        for (int c = 0; c < x.c; c++) {
            double mean = 0;
            for (int n = 0; n < x.n; n++) {
                for (int i = 0; i < x.h * x.w; i++) {
                    mean += x.v[x.at(n, c, 0, 0) + i];
                }
            }
            mean /= m;
            double var = 0;
            for (int n = 0; n < x.n; n++) {
                for (int i = 0; i < x.h * x.w; i++) {
                    double d = x.v[x.at(n, c, 0, 0) + i] - mean;
                    var += d * d;
                }
            }
            var /= m;
            double useMean = mean;
            double useVar = var;
            if (tracked && eval) {
                useMean = rm[c];
                useVar = rv[c];
            } else if (tracked) {
                rm[c] = 0.9 * rm[c] + 0.1 * mean;
                rv[c] = 0.9 * rv[c] + 0.1 * var * m / (m - 1);
            }
            double inv = 1 / Math.sqrt(useVar + 1e-5);
            for (int n = 0; n < x.n; n++) {
                for (int i = 0; i < x.h * x.w; i++) {
                    int at = x.at(n, c, 0, 0) + i;
                    double v = (x.v[at] - useMean) * inv;
                    y.v[at] = affine ? v * gamma[c] + beta[c] : v;
                }
            }
        }
        if (tracked) {
            running.put(name + ".running_mean", rm);
            running.put(name + ".running_var", rv);
        }
        return y;
    }

    static T relu(T x) {
        T y = new T(x.n, x.c, x.h, x.w);
        for (int i = 0; i < x.v.length; i++) {
            y.v[i] = Math.max(x.v[i], 0);
        }
        return y;
    }

    /** 3x3, stride 1, padding 1, dividing by the number of in-bounds cells. */
    static T avgPool3(T x) {
        T y = new T(x.n, x.c, x.h, x.w);
        for (int n = 0; n < x.n; n++) {
            for (int c = 0; c < x.c; c++) {
                for (int i = 0; i < x.h; i++) {
                    for (int j = 0; j < x.w; j++) {
                        double s = 0;
                        int count = 0;
                        for (int ii = i - 1; ii <= i + 1; ii++) {
                            for (int jj = j - 1; jj <= j + 1; jj++) {
                                if (ii >= 0 && ii < x.h && jj >= 0 && jj < x.w) {
                                    s += x.v[x.at(n, c, ii, jj)];
                                    count++;
                                }
                            }
                        }
                        y.v[y.at(n, c, i, j)] = s / count;
                    }
                }
            }
        }
        return y;
    }

    private static T avgPool2(T x) {
        T y = new T(x.n, x.c, x.h / 2, x.w / 2);
        for (int n = 0; n < x.n; n++) {
            for (int c = 0; c < x.c; c++) {
                for (int i = 0; i < y.h; i++) {
                    for (int j = 0; j < y.w; j++) {
                        y.v[y.at(n, c, i, j)] = (x.v[x.at(n, c, 2 * i, 2 * j)] + x.v[x.at(n, c, 2 * i, 2 * j + 1)]
                                + x.v[x.at(n, c, 2 * i + 1, 2 * j)] + x.v[x.at(n, c, 2 * i + 1, 2 * j + 1)]) / 4;
                    }
                }
            }
        }
        return y;
    }

    private static void add(T into, T x) {
        for (int i = 0; i < into.v.length; i++) {
            into.v[i] += x.v[i];
        }
    }
}
