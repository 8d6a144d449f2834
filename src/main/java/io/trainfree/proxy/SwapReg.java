package io.trainfree.proxy;

import io.trainfree.model.Nb201Net;
import io.trainfree.model.Variant;
import java.util.Objects;

/**
 * swap_reg (regularised SWAP-Score, Peng et al., ICLR 2024, docs/swap.md §2): &Psi;&prime; = &Psi; &middot;
 * exp(&minus;(&Theta; &minus; &mu;)<sup>2</sup> / &sigma;), with &Psi; the {@link Swap} score (the same shared
 * counts when both are scored with one setting), &Theta; the architecture's parameter count in thousands and
 * &sigma; used as is (not squared, no factor 2). Higher is better; maximal at &Theta; = &mu;.
 *
 * <p>&Theta; counts the parameters of the architecture's own ops in the official NB201 convention (cell convolutions
 * without bias, cell BN with gamma and beta, dead ops included: {@code net.withVariant(OFFICIAL).paramCount()}), for
 * the network being scored, so on the full-size network it is the benchmark's #params &times; 1000. The official
 * code counts every parameter of the model it is given, which on the zero-cost network (all 30 candidate ops built)
 * is the same for every cell (docs/swap.md §7).
 *
 * <p><b>&mu; and &sigma; are unverified.</b> Neither the official repository nor the readable parts of the paper give
 * the values behind its NB201 correlations (docs/swap.md §2 and §6 item 2). The default here is the project's guess,
 * &mu; = &sigma; = {@value #SPACE_MEAN_K} (K), the mean #params of the 15,625 NB201 cells on CIFAR-10 (CIFAR-100:
 * 404.404, ImageNet16-120: 405.704). Note what that implies: the factor falls to 1/e at |&Theta; &minus; &mu;| =
 * &radic;&sigma; &asymp; 20 K, so it dominates &Psi; and the score is nearly a function of the size; and it
 * underflows to exactly 0 (a tie) beyond |&Theta; &minus; &mu;| &asymp; 545 K, i.e. for every cell above about 943 K
 * parameters. Measured on 50 random CIFAR-10 cells (4 repeats, the runner's batches): Spearman with test accuracy
 * &minus;0.06 for this default, against 0.86 for {@code swap} alone (and 0.64 were &Theta; and &mu; = &sigma; in
 * millions). {@code log = true} returns log &Psi;&prime; = log &Psi; &minus; (&Theta; &minus; &mu;)<sup>2</sup> /
 * &sigma; instead, which ranks the same and never underflows. Choose &mu;, &sigma; with
 * {@link #SwapReg(Swap, double, double, boolean)}.
 *
 * <p>Over all 15,625 cells (data/proxies/nb201-cifar10-swap.csv, SWAP computed on CIFAR-10 images; {@link
 * io.trainfree.eval.SwapRegSweep}), Spearman with the CIFAR-10 / CIFAR-100 / ImageNet16-120 test accuracy is 0.812 /
 * 0.817 / 0.764 for {@code swap} alone and 0.104 / 0.114 / 0.159 for this default. The best point of notebook 02's grid
 * (&mu; from 0 to 1,400 K, &sigma; from 10<sup>3</sup> to 10<sup>7</sup>) is &sigma; = 10<sup>6</sup> with &mu; = 1,000
 * / 900 / 900 K: 0.884 / 0.874 / 0.818 (the paper reports 0.90 on CIFAR-100). That point is chosen with the accuracies
 * a search is meant to find, so it is a ceiling for the regulariser, not a setting a search could have picked.
 *
 * @param swap  the SWAP setting whose score is regularised
 * @param mu    &mu;, the preferred size in thousands of parameters
 * @param sigma &sigma; &gt; 0, the tolerance, in the same squared-thousands unit the formula implies
 * @param log   return log &Psi;&prime; rather than &Psi;&prime;
 */
public record SwapReg(Swap swap, double mu, double sigma, boolean log) implements Proxy {
    /** Mean #params (thousands, official network) of the 15,625 NB201 cells on CIFAR-10: the default &mu; = &sigma;. */
    public static final double SPACE_MEAN_K = 398.554;

    public SwapReg {
        Objects.requireNonNull(swap, "swap");
        if (!Double.isFinite(mu)) {
            throw new IllegalArgumentException("swap_reg: mu must be finite, got " + mu);
        }
        if (!(sigma > 0) || Double.isInfinite(sigma)) {
            throw new IllegalArgumentException("swap_reg: sigma must be positive and finite, got " + sigma);
        }
    }

    /** The official SWAP setting with the project's unverified default &mu; = &sigma; = {@value #SPACE_MEAN_K}. */
    public SwapReg() {
        this(new Swap(), SPACE_MEAN_K, SPACE_MEAN_K, false);
    }

    @Override
    public String name() {
        return "swap_reg";
    }

    @Override
    public double score(ProxyContext context) {
        return score(swap.patterns(context).mean(), thetaK(context.net()));
    }

    /**
     * The score from a SWAP score &Psi; and &Theta; in thousands of parameters: what {@link #score(ProxyContext)}
     * returns, for a table that has {@code swap} and {@code params} already ({@link io.trainfree.eval.SwapRegSweep}).
     */
    public double score(double psi, double thetaK) {
        return log ? Math.log(psi) - penalty(thetaK) : psi * Math.exp(-penalty(thetaK));
    }

    /** &Theta;: the official-convention parameter count of {@code net}'s shape, in thousands. */
    public static double thetaK(Nb201Net net) {
        return net.withVariant(Variant.OFFICIAL).paramCount() / 1e3;
    }

    /** The regularisation factor exp(&minus;(&Theta; &minus; &mu;)<sup>2</sup> / &sigma;). */
    public double factor(double thetaK) {
        return Math.exp(-penalty(thetaK));
    }

    private double penalty(double thetaK) {
        double d = thetaK - mu;
        return d * d / sigma;
    }
}
