package io.trainfree.proxy;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.SymbolBlock;
import io.trainfree.model.TorchOps;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Hessian-vector products of a scalar loss, H&middot;v with H = &part;&sup2;L/&part;W&sup2; over a list of weights, by
 * PyTorch's {@code torch.autograd.grad} run twice: d = &part;L/&part;W with create_graph, then the gradient of
 * &Sigma;<sub>l</sub> &lang;d<sub>l</sub>, v<sub>l</sub>&rang; with respect to W (what GraSP needs, docs/proxies.md
 * §4.3).
 *
 * <p>Why not DJL's {@code backward}: a backward with create_graph stores each gradient, graph included, in its
 * weight's {@code .grad}, and the graph holds the weight: a reference cycle that closing the arrays never frees (about
 * 300 MB per full-size network, docs/engine.md §2), and that DJL offers no call to break. {@code autograd.grad} returns
 * the gradients instead of storing them, so nothing is written to any {@code .grad} and the graph dies with the last
 * array that refers to it. DJL's JNI has no {@code autograd.grad}, but TorchScript has ({@code aten::grad}) and DJL
 * runs TorchScript modules: the module below is written here as TorchScript source in the serialized-module format (a
 * zip of the source, a pickled module object and a version record), which libtorch compiles when loading it. It uses
 * only public, versioned parts of libtorch (the TorchScript archive format and the {@code aten::grad} operator), no C++
 * symbols.
 */
final class HessianProduct {
    /** The module's TorchScript source, as {@code torch.jit.save} writes it ({@code code/__torch__.py}). */
    static final String SOURCE = """
            class HessianProduct(Module):
              __parameters__ = []
              __buffers__ = []
              training : bool
              def forward(self: __torch__.HessianProduct,
                loss: Tensor,
                w: List[Tensor],
                v: List[Tensor]) -> List[Tensor]:
                return self.product(self.gradients(loss, w), w, v)
              def gradients(self: __torch__.HessianProduct,
                loss: Tensor,
                w: List[Tensor]) -> List[Tensor]:
                return self.zeros_for_none(torch.autograd.grad([loss], w, None, True, True, True), w)
              def gradients_keeping_graph(self: __torch__.HessianProduct,
                loss: Tensor,
                w: List[Tensor]) -> List[Tensor]:
                return self.zeros_for_none(torch.autograd.grad([loss], w, None, True, False, True), w)
              def product(self: __torch__.HessianProduct,
                d: List[Tensor],
                w: List[Tensor],
                v: List[Tensor]) -> List[Tensor]:
                outputs = annotate(List[Tensor], [])
                seeds = annotate(List[Optional[Tensor]], [])
                for i in range(len(d)):
                  if d[i].requires_grad:
                    outputs.append(d[i])
                    seeds.append(v[i])
                if len(outputs) == 0:
                  ops.prim.RaiseException("no gradient has a graph: autograd off?", "builtins.RuntimeError")
                return self.zeros_for_none(torch.autograd.grad(outputs, w, seeds, False, False, True), w)
              def zeros_for_none(self: __torch__.HessianProduct,
                gradients: List[Optional[Tensor]],
                w: List[Tensor]) -> List[Tensor]:
                out = annotate(List[Tensor], [])
                for i in range(len(w)):
                  g = gradients[i]
                  if g is None:
                    out.append(torch.zeros_like(w[i]))
                  else:
                    out.append(g)
                return out
            """;

    private static volatile SymbolBlock module;

    private HessianProduct() {
    }

    /**
     * H&middot;v for each weight: the gradient of &Sigma;<sub>l</sub> &lang;&part;L/&part;W<sub>l</sub>,
     * v<sub>l</sub>&rang; with respect to each W<sub>l</sub> (v treated as a constant), in the loss's manager. A weight
     * the loss does not depend on gets zeros. The loss's graph is used up: call it once per forward pass. No gradient
     * is stored in any array, so the weights can go through any number of forward passes and products.
     *
     * @param loss    a scalar computed from {@code weights} with gradients recorded (inside a
     *                {@code GradientCollector}, with the weights requiring gradients)
     * @param weights the weights W<sub>l</sub>
     * @param vectors v<sub>l</sub>, one per weight, of its shape and data type
     * @throws RuntimeException from libtorch if the loss has no graph, or if no gradient depends on the weights
     */
    static List<NDArray> of(NDArray loss, List<NDArray> weights, List<NDArray> vectors) {
        checkScalar(loss);
        checkVectors(weights, vectors);
        return call("forward", loss, weights, vectors);
    }

    /**
     * &part;L/&part;x for each input, computed with create_graph: the gradients keep their own graph, for a later
     * {@link #product}. An input the loss does not depend on gets zeros (without a graph). Nothing is stored in the
     * inputs' {@code .grad}. The loss's graph is kept as long as these gradients live.
     */
    static List<NDArray> gradients(NDArray loss, List<NDArray> inputs) {
        checkGradientArguments(loss, inputs);
        return call("gradients", loss, inputs);
    }

    /**
     * &part;y/&part;x for each input, without a graph of their own, keeping y's graph for later gradients (the loss
     * pass takes the input Jacobian of its logits so, before its own backward pass). An input y does not depend on
     * gets zeros. Nothing is stored in the inputs' {@code .grad}.
     */
    static List<NDArray> gradientsKeepingGraph(NDArray y, List<NDArray> inputs) {
        checkGradientArguments(y, inputs);
        return call("gradients_keeping_graph", y, inputs);
    }

    /**
     * H&middot;v from gradients made by {@link #gradients}: the gradient of &Sigma;<sub>l</sub> &lang;d<sub>l</sub>,
     * v<sub>l</sub>&rang; with respect to each weight, in the first gradient's manager. Uses the graph up: call it once
     * per {@link #gradients}.
     *
     * @param gradients d<sub>l</sub>, with their graph, one per weight
     * @param weights   the weights they were taken with respect to
     * @param vectors   v<sub>l</sub>, one per weight, of its shape and data type
     */
    static List<NDArray> product(List<NDArray> gradients, List<NDArray> weights, List<NDArray> vectors) {
        checkVectors(weights, vectors);
        checkVectors(weights, gradients);
        return call("product", null, gradients, weights, vectors);
    }

    private static void checkGradientArguments(NDArray y, List<NDArray> inputs) {
        checkScalar(y);
        Objects.requireNonNull(inputs, "inputs");
        if (inputs.isEmpty()) {
            throw new IllegalArgumentException("no inputs to differentiate with respect to");
        }
    }

    private static void checkScalar(NDArray loss) {
        Objects.requireNonNull(loss, "loss");
        if (loss.size() != 1) {
            throw new IllegalArgumentException("the loss must be a scalar, got shape " + loss.getShape());
        }
    }

    private static void checkVectors(List<NDArray> weights, List<NDArray> vectors) {
        Objects.requireNonNull(weights, "weights");
        Objects.requireNonNull(vectors, "vectors");
        if (weights.size() != vectors.size() || weights.isEmpty()) {
            throw new IllegalArgumentException("one vector per weight, at least one: " + weights.size()
                    + " weights, " + vectors.size() + " vectors");
        }
        for (int l = 0; l < weights.size(); l++) {
            NDArray w = weights.get(l);
            NDArray v = vectors.get(l);
            if (!w.getShape().equals(v.getShape()) || w.getDataType() != v.getDataType()) {
                throw new IllegalArgumentException("vector " + l + " is " + v.getDataType() + " " + v.getShape()
                        + ", its weight " + w.getDataType() + " " + w.getShape());
            }
        }
    }

    /**
     * Runs a method of the module: its arguments are {@code scalar} (a tensor; none if null), then each list (a list
     * of tensors). DJL passes a module lists of tensors by name ({@code "b[]"}) and picks the method by a named marker
     * array, so the arrays get such names for the call and their own back after it. The results are in the manager of
     * the first array passed.
     */
    @SafeVarargs
    private static List<NDArray> call(String method, NDArray scalar, List<NDArray>... lists) {
        var inputs = new NDList();
        var listNames = new ArrayList<String>();
        if (scalar != null) {
            inputs.add(scalar);
            listNames.add("loss");
        }
        for (int k = 0; k < lists.length; k++) {
            for (NDArray a : lists[k]) {
                inputs.add(a);
                listNames.add("l" + k + "[]");
            }
        }
        var names = new ArrayList<String>(inputs.size());
        for (NDArray a : inputs) {
            names.add(a.getName());
        }
        try (NDArray marker = inputs.get(0).getManager().zeros(new Shape(1))) {
            for (int i = 0; i < inputs.size(); i++) {
                inputs.get(i).setName(listNames.get(i));
            }
            marker.setName("module_method:" + method);
            var args = new NDList(inputs);
            args.add(marker);
            // training mode: DJL runs inference-mode calls with autograd disabled, which aten::grad needs
            return new ArrayList<>(TorchOps.runTorchScript(module(), args));
        } finally {
            for (int i = 0; i < names.size(); i++) {
                inputs.get(i).setName(names.get(i));
            }
        }
    }

    /** The loaded module, loaded on first use (once per JVM, a few milliseconds). */
    static SymbolBlock module() {
        SymbolBlock m = module;
        if (m == null) {
            synchronized (HessianProduct.class) {
                m = module;
                if (m == null) {
                    m = load();
                    module = m;
                }
            }
        }
        return m;
    }

    private static SymbolBlock load() {
        try { // the module holds no tensors: it gets a manager of its own that lives as long as the JVM
            return TorchOps.loadTorchScript(archive());
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("could not load the TorchScript module for Hessian products (GraSP) into"
                    + " PyTorch " + Engine.getEngine("PyTorch").getVersion() + ": " + e.getMessage()
                    + ". It is written for the TorchScript archive format of PyTorch 1.x-2.x (file format version 3)"
                    + " and uses torch.autograd.grad; a libtorch without TorchScript cannot run it.", e);
        }
    }

    /** The serialized module: what {@code torch.jit.save} writes for a module with no parameters and one method. */
    static byte[] archive() {
        var bytes = new ByteArrayOutputStream();
        try (var zip = new ZipOutputStream(bytes)) {
            store(zip, "hessian_product/version", "3\n".getBytes(StandardCharsets.US_ASCII));
            store(zip, "hessian_product/data.pkl", moduleObject());
            store(zip, "hessian_product/constants.pkl", new byte[] {(byte) 0x80, 2, ')', '.'}); // an empty tuple
            store(zip, "hessian_product/code/__torch__.py", SOURCE.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("writing an in-memory zip", e);
        }
        return bytes.toByteArray();
    }

    /** Pickle (protocol 2) of {@code __torch__.HessianProduct} with {@code training = True}. */
    private static byte[] moduleObject() {
        var p = new ByteArrayOutputStream();
        p.write(0x80); // PROTO 2
        p.write(2);
        p.writeBytes("c__torch__\nHessianProduct\n".getBytes(StandardCharsets.US_ASCII)); // GLOBAL
        p.write(')'); // EMPTY_TUPLE
        p.write(0x81); // NEWOBJ
        p.write('}'); // EMPTY_DICT
        p.write('('); // MARK
        byte[] key = "training".getBytes(StandardCharsets.US_ASCII);
        p.write('X'); // BINUNICODE, 4-byte little-endian length
        p.writeBytes(new byte[] {(byte) key.length, 0, 0, 0});
        p.writeBytes(key);
        p.write(0x88); // NEWTRUE
        p.write('u'); // SETITEMS
        p.write('b'); // BUILD
        p.write('.'); // STOP
        return p.toByteArray();
    }

    private static void store(ZipOutputStream zip, String name, byte[] content) throws IOException {
        var entry = new ZipEntry(name);
        entry.setMethod(ZipEntry.STORED); // uncompressed, as torch.jit.save writes
        entry.setSize(content.length);
        entry.setCompressedSize(content.length);
        var crc = new CRC32();
        crc.update(content);
        entry.setCrc(crc.getValue());
        zip.putNextEntry(entry);
        zip.write(content);
        zip.closeEntry();
    }
}
