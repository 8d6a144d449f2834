package io.trainfree.proxy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.training.GradientCollector;
import io.trainfree.math.Linalg;
import io.trainfree.model.Nb201Params;
import io.trainfree.model.Param;
import io.trainfree.model.TorchOps;
import java.util.ArrayList;
import java.util.List;

/**
 * ntk (the NTK condition number of TE-NAS, Chen et al., ICLR 2021; {@code lib/procedures/ntk.py}, docs/proxies.md
 * §6.2): one forward of the first N images of the batch in train mode (batch statistics) with the context's initial
 * weights (PyTorch's default initialisation, as TE-NAS's init flag, which it fails to recognise, leaves them); for each
 * sample i a backward of &Sigma;<sub>c</sub> f<sub>c</sub>(x<sub>i</sub>) through that one graph (kept between passes,
 * as TE-NAS's {@code retain_graph}), the gradient over every parameter whose name contains "weight" (convolutions, the
 * classifier and the affine BNs' gamma) flattened into row J<sub>i</sub>; &Theta; = J J<sup>T</sup> (float64);
 * &kappa; = &lambda;<sub>max</sub> / &lambda;<sub>min</sub>. Because a lower &kappa; is predicted better, the score is
 * &minus;&kappa;: <b>higher is better</b>, like every proxy here.
 *
 * <p>Deviations: TE-NAS computes this on its pruning supernet (C = 3, N = 1 cell per stage) with 72 images and
 * averages 3 repeats; here it is the architecture's own network, once, on N = min({@code samples}, batch) images,
 * default 16 because each sample costs a backward pass. TE-NAS turns a NaN &kappa; into 10<sup>5</sup>; here NaN stays
 * NaN (a disconnected cell has no gradient at all: &Theta; = 0, 0/0). A singular &Theta; (&lambda;<sub>min</sub> &le; 0
 * by round-off) scores &minus;&infin; (&kappa; = &infin;) where TE-NAS would divide by the round-off and could even
 * report a negative &kappa;. Cost: one forward and N backward passes of N images,
 * plus an N &times; D product (D up to about 1.5 M on the full-size network): 1.8 to 6 s per full-size CIFAR-10
 * architecture at N = 16, single-threaded on a shared, loaded machine.
 *
 * @param samples the most images used (N = min(samples, batch size)); at least 2
 */
public record Ntk(int samples) implements Proxy {
    /** The default N. */
    public static final int SAMPLES = 16;

    public Ntk {
        if (samples < 2) {
            throw new IllegalArgumentException("ntk: needs at least 2 samples for a condition number, got " + samples);
        }
    }

    /** N = 16. */
    public Ntk() {
        this(SAMPLES);
    }

    @Override
    public String name() {
        return "ntk";
    }

    @Override
    public double score(ProxyContext context) {
        return score(kernel(context));
    }

    /** &minus;&lambda;<sub>max</sub> / &lambda;<sub>min</sub> of &Theta;; NaN if &Theta; holds NaN or infinity. */
    static double score(double[][] theta) {
        for (double[] row : theta) {
            for (double v : row) {
                if (!Double.isFinite(v)) {
                    return Double.NaN;
                }
            }
        }
        double[] eig = Linalg.symmetricEigenvalues(theta);
        double max = eig[eig.length - 1];
        if (max > 0 && eig[0] <= 0) {
            return Double.NEGATIVE_INFINITY; // singular: kappa is infinite, not the negative ratio round-off gives
        }
        return -(max / eig[0]);
    }

    /** &Theta; = J J<sup>T</sup> for the context's first N images. */
    double[][] kernel(ProxyContext context) {
        NDArray images = context.batch().images();
        int n = (int) Math.min(samples, images.getShape().get(0));
        try (NDManager m = context.manager().newSubManager();
                Nb201Params params = context.initialParams().copy().requireGradients()) {
            List<String> names = new ArrayList<>();
            for (Param p : params.params()) {
                if (p.role().trainable() && p.name().contains("weight")) {
                    names.add(p.name());
                }
            }
            NDArray x = images.get(m, new NDIndex("0:{}", n));
            List<NDArray> rows = new ArrayList<>(n);
            try (GradientCollector gc = TorchOps.recordGradients()) {
                NDArray logits = context.net().forward(params, x);
                for (int i = 0; i < n; i++) {
                    NDArray out = logits.get(i).sum();
                    TorchOps.backward(out, i < n - 1);
                    rows.add(row(params, names, m));
                    for (String name : names) {
                        TorchOps.zeroGradient(params.get(name));
                    }
                }
            }
            return Tensors.gram(rows);
        }
    }

    /** The current gradients of {@code names}, flattened and concatenated into one new array in {@code m}. */
    static NDArray row(Nb201Params params, List<String> names, NDManager m) {
        NDList gradients = new NDList(names.size());
        NDList parts = new NDList(names.size());
        for (String name : names) {
            NDArray g = params.gradient(name);
            gradients.add(g);
            parts.add(g.flatten());
        }
        NDArray row = NDArrays.concat(parts);
        row.attach(m);
        parts.close(); // the handles only: the row is a copy
        gradients.close();
        return row;
    }
}
