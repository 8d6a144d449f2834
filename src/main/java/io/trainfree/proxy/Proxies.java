package io.trainfree.proxy;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/** The stock proxies by name, and the sets the papers use. */
public final class Proxies {
    private static final Map<String, Supplier<Proxy>> BY_NAME = new LinkedHashMap<>();

    static {
        register(Proxies::gradNorm);
        register(Proxies::snip);
        register(Proxies::fisher);
        register(Proxies::jacobCov);
        register(Proxies::plain);
        register(Proxies::synflow);
        register(Proxies::synflowBn);
        register(Proxies::l2Norm);
        register(Proxies::l2NormSupernet);
        register(Proxies::params);
        register(Proxies::flops);
        registerActivationProxies();
        registerHessianProxies();
    }

    // The activation-based proxies (naswot, SWAP, zen, epe_nas, ntk, gradalign) register here.
    private static void registerActivationProxies() {
        register(Proxies::naswot);
        register(Proxies::naswotRobot);
        register(Proxies::swap);
        register(Proxies::swapReg);
        register(Proxies::zen);
        register(Proxies::epeNas);
        register(Proxies::ntk);
        register(Proxies::gradAlignI);
        register(Proxies::gradAlignII);
        register(Proxies::gradConflict);
        register(Proxies::gradAngle);
        register(Proxies::linearRegions);
    }

    // grasp registers here.
    private static void registerHessianProxies() {
        register(Proxies::grasp);
    }

    private Proxies() {
    }

    private static void register(Supplier<Proxy> factory) {
        String name = factory.get().name();
        if (BY_NAME.putIfAbsent(name, factory) != null) {
            throw new IllegalStateException("proxy name " + name + " registered twice");
        }
    }

    public static Proxy gradNorm() {
        return new GradNorm();
    }

    public static Proxy snip() {
        return new Snip();
    }

    public static Proxy fisher() {
        return new Fisher();
    }

    public static Proxy jacobCov() {
        return new JacobCov();
    }

    public static Proxy plain() {
        return new Plain();
    }

    public static Proxy synflow() {
        return new Synflow(false);
    }

    public static Proxy synflowBn() {
        return new Synflow(true);
    }

    public static Proxy l2Norm() {
        return new L2Norm(false);
    }

    public static Proxy l2NormSupernet() {
        return new L2Norm(true);
    }

    public static Proxy params() {
        return new Size(false);
    }

    public static Proxy flops() {
        return new Size(true);
    }

    /** RoBoT's six metrics, in its order: grad_norm, snip, grasp, fisher, synflow, jacob_cov. */
    public static List<Proxy> robotSix() {
        return List.of(gradNorm(), snip(), grasp(), fisher(), synflow(), jacobCov());
    }

    public static Proxy grasp() {
        return new Grasp();
    }

    /** The proxy with this name; unknown names list the known ones. */
    public static Proxy of(String name) {
        Supplier<Proxy> f = BY_NAME.get(name);
        if (f == null) {
            throw new IllegalArgumentException("unknown proxy '" + name + "'; known: " + String.join(", ", names()));
        }
        return f.get();
    }

    /** Several proxies by name, comma-separated or as separate arguments. */
    public static List<Proxy> list(String... names) {
        return Arrays.stream(names).flatMap(n -> Arrays.stream(n.split(","))).map(String::strip)
                .filter(s -> !s.isEmpty()).map(Proxies::of).collect(Collectors.toList());
    }

    /** Every stock proxy's name. */
    public static List<String> names() {
        return List.copyOf(BY_NAME.keySet());
    }

    public static Proxy naswot() {
        return new Naswot(false);
    }

    /** RoBoT's kernel of raw ReLU inputs (not NASWOT; see {@link Naswot}). */
    public static Proxy naswotRobot() {
        return new Naswot(true);
    }

    /** SWAP-Score: 32 repeats of 16 images from the head of the batch. */
    public static Proxy swap() {
        return new Swap();
    }

    /** Regularised SWAP with the project's unverified default mu = sigma (see {@link SwapReg}). */
    public static Proxy swapReg() {
        return new SwapReg();
    }

    public static Proxy zen() {
        return new Zen();
    }

    public static Proxy epeNas() {
        return new EpeNas();
    }

    /** TE-NAS's condition number, negated (higher is better), on 16 images. */
    public static Proxy ntk() {
        return new Ntk();
    }

    /** Trainfree's placeholder for GradAlign-i (docs/gradalign.md §3). */
    public static Proxy gradAlignI() {
        return new GradAlignSpecI();
    }

    /** Trainfree's placeholder for GradAlign-ii (docs/gradalign.md §3), L_K as is. */
    public static Proxy gradAlignII() {
        return new GradAlignSpecII();
    }

    /** GradSign's sign agreement of per-sample gradients (docs/gradalign.md §2). */
    public static Proxy gradConflict() {
        return new GradSign(GradSign.Kind.CONFLICT);
    }

    /** GradSign's mean cosine of per-sample gradients to their mean direction (docs/gradalign.md §2). */
    public static Proxy gradAngle() {
        return new GradSign(GradSign.Kind.ANGLE);
    }

    /** TE-NAS's linear-region count: distinct activation patterns among 64 images, 3 repeats. */
    public static Proxy linearRegions() {
        return new LinearRegions();
    }
}
