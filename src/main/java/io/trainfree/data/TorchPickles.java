package io.trainfree.data;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import net.razorvine.pickle.IObjectConstructor;
import net.razorvine.pickle.Opcodes;
import net.razorvine.pickle.PickleException;
import net.razorvine.pickle.PickleUtils;
import net.razorvine.pickle.Unpickler;

/**
 * Reads PyTorch tensors out of plain pickles: what {@code pickle.dump(obj, f)} writes for an object holding CPU
 * tensors (as opposed to {@code torch.save}'s zip files, which are refused). Checked against torch 1.13's output.
 *
 * <p>In such a pickle a tensor is {@code torch._utils._rebuild_tensor_v2(storage, offset, size, stride,
 * requires_grad, OrderedDict())}, and its storage is {@code torch.storage._load_from_bytes(b)}, {@code b} being a
 * legacy (pre-zip) {@code torch.save} stream of one storage: protocol-2 pickles of the magic number, the format
 * version 1001 and a sys-info dict; the pickle of the storage, whose persistent id is {@code ('storage',
 * torch.FloatStorage, key, 'cpu', numel, None)}; the pickle of the list of keys; then per key an int64 element count
 * and the raw little-endian elements.
 *
 * <p>Tensors come out as {@link Tensor}; everything else as {@link PickleReader} describes it (lists, tuples as
 * {@code Object[]}, ...). A file that cannot be read fails with a {@link CorruptDataException} naming the file and
 * the byte offset.
 */
final class TorchPickles {
    private static final BigInteger MAGIC = new BigInteger("1950a86a20f9469cfc6c", 16);
    private static final int LEGACY_VERSION = 1001;

    private TorchPickles() {
    }

    /** Element types, named as torch names its typed storages ({@code torch.FloatStorage} ...). */
    enum DType {
        FLOAT64("DoubleStorage", 8, true),
        FLOAT32("FloatStorage", 4, true),
        FLOAT16("HalfStorage", 2, true),
        BFLOAT16("BFloat16Storage", 2, true),
        INT64("LongStorage", 8, false),
        INT32("IntStorage", 4, false),
        INT16("ShortStorage", 2, false),
        INT8("CharStorage", 1, false),
        UINT8("ByteStorage", 1, false),
        BOOL("BoolStorage", 1, false);

        private final String storage;
        private final int size;
        private final boolean floating;

        DType(String storage, int size, boolean floating) {
            this.storage = storage;
            this.size = size;
            this.floating = floating;
        }

        /** Bytes per element. */
        int size() {
            return size;
        }

        /** True for the floating-point types. */
        boolean floating() {
            return floating;
        }

        /** Element {@code i} of little-endian {@code data}, exactly (every type here fits a double, int64 aside). */
        double at(ByteBuffer data, long i) {
            int at = Math.toIntExact(i * size);
            return switch (this) {
                case FLOAT64 -> data.getDouble(at);
                case FLOAT32 -> data.getFloat(at);
                case FLOAT16 -> Float.float16ToFloat(data.getShort(at));
                case BFLOAT16 -> Float.intBitsToFloat((data.getShort(at) & 0xffff) << 16);
                case INT64 -> data.getLong(at);
                case INT32 -> data.getInt(at);
                case INT16 -> data.getShort(at);
                case INT8 -> data.get(at);
                case UINT8 -> data.get(at) & 0xff;
                case BOOL -> data.get(at) != 0 ? 1 : 0;
            };
        }

        static DType ofStorage(String module, String name) {
            if (module.equals("torch")) {
                for (DType d : values()) {
                    if (d.storage.equals(name)) {
                        return d;
                    }
                }
            }
            throw new PickleException("unsupported storage type " + module + "." + name);
        }
    }

    /**
     * A storage: {@code numel} elements of {@code dtype}, little-endian.
     *
     * @param dtype the element type
     * @param data  the raw elements
     */
    record Storage(DType dtype, byte[] data) {
        Storage {
            Objects.requireNonNull(dtype, "dtype");
            Objects.requireNonNull(data, "data");
            if (data.length % dtype.size() != 0) {
                throw new IllegalArgumentException(data.length + " bytes is no whole number of " + dtype);
            }
        }

        long numel() {
            return data.length / dtype.size();
        }
    }

    /**
     * A tensor as torch pickles it: a view ({@code shape}, {@code stride}, {@code offset}, in elements) of a storage.
     *
     * @param dtype   the element type
     * @param shape   the size of each dimension
     * @param stride  the storage step of each dimension
     * @param offset  the storage index of element {@code [0, 0, ...]}
     * @param storage the elements
     */
    record Tensor(DType dtype, long[] shape, long[] stride, long offset, Storage storage) {
        Tensor {
            Objects.requireNonNull(dtype, "dtype");
            Objects.requireNonNull(storage, "storage");
            shape = shape.clone();
            stride = stride.clone();
            if (storage.dtype() != dtype) {
                throw new IllegalArgumentException("a " + dtype + " tensor on a " + storage.dtype() + " storage");
            }
            if (shape.length != stride.length) {
                throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " and stride "
                        + Arrays.toString(stride) + " differ in length");
            }
            // every element must lie in the storage: the last one is at offset + sum((shape - 1) * stride)
            long last = offset;
            boolean empty = false;
            for (int d = 0; d < shape.length; d++) {
                if (shape[d] < 0 || stride[d] < 0) {
                    throw new IllegalArgumentException("negative shape or stride: " + Arrays.toString(shape) + ", "
                            + Arrays.toString(stride));
                }
                empty |= shape[d] == 0;
                last = Math.addExact(last, Math.multiplyExact(shape[d] - 1, stride[d]));
            }
            if (offset < 0 || !empty && last >= storage.numel()) {
                throw new IllegalArgumentException("shape " + Arrays.toString(shape) + ", stride "
                        + Arrays.toString(stride) + " at offset " + offset + " reaches past a storage of "
                        + storage.numel() + " elements");
            }
        }

        /** The number of elements. */
        long numel() {
            long n = 1;
            for (long s : shape) {
                n = Math.multiplyExact(n, s);
            }
            return n;
        }

        /** The elements in row-major order of {@link #shape()}, whatever the strides. */
        double[] values() {
            var out = new double[Math.toIntExact(numel())];
            var data = ByteBuffer.wrap(storage.data()).order(ByteOrder.LITTLE_ENDIAN);
            var index = new long[shape.length];
            long at = offset;
            for (int i = 0; i < out.length; i++) {
                out[i] = dtype.at(data, at);
                // step the multi-index like an odometer, moving the storage position along
                for (int d = shape.length - 1; d >= 0; d--) {
                    index[d]++;
                    at += stride[d];
                    if (index[d] < shape[d]) {
                        break;
                    }
                    at -= index[d] * stride[d];
                    index[d] = 0;
                }
            }
            return out;
        }

        /** E.g. {@code uint8 [4, 16, 16, 3]}. */
        String describe() {
            return dtype.name().toLowerCase(Locale.ROOT) + " " + Arrays.toString(shape);
        }
    }

    /** The object the file holds, its tensors as {@link Tensor}. */
    static Object read(Path file) throws IOException {
        Objects.requireNonNull(file, "file");
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new IOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        if (bytes.length >= 2 && bytes[0] == 'P' && bytes[1] == 'K') {
            throw new CorruptDataException(file, "is a zip file (torch.save's format), expected a plain pickle "
                    + "(pickle.dump) of tensors");
        }
        return Unpickling.load(file, bytes, new TorchUnpickler(), () -> "");
    }

    private static String message(Throwable e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    // ---- the torch globals -------------------------------------------------------------------------------------

    /** {@code torch._utils._rebuild_tensor_v2(storage, offset, size, stride, requires_grad, hooks[, metadata])}. */
    private static Object rebuildTensor(Object[] args) {
        if (args.length < 4 || !(args[0] instanceof Storage storage)) {
            throw new PickleException("_rebuild_tensor_v2 expects (storage, offset, size, stride, ...), got "
                    + args.length + " arguments" + (args.length > 0 ? " starting with "
                    + PickleReader.describe(args[0]) : ""));
        }
        try {
            return new Tensor(storage.dtype(), longs(args[2], "size"), longs(args[3], "stride"),
                    number(args[1], "storage offset"), storage);
        } catch (IllegalArgumentException e) {
            throw new PickleException("bad tensor: " + e.getMessage());
        }
    }

    private static long[] longs(Object tuple, String what) {
        if (!(tuple instanceof Object[] items)) {
            throw new PickleException("tensor " + what + " is " + PickleReader.describe(tuple) + ", expected a tuple");
        }
        var out = new long[items.length];
        for (int i = 0; i < items.length; i++) {
            out[i] = number(items[i], what);
        }
        return out;
    }

    private static long number(Object o, String what) {
        if (o instanceof Integer || o instanceof Long) {
            return ((Number) o).longValue();
        }
        throw new PickleException("tensor " + what + " holds " + PickleReader.describe(o) + ", expected an int");
    }

    /** {@code torch.storage._load_from_bytes(b)}: one storage in the legacy {@code torch.save} format. */
    private static Object loadFromBytes(Object[] args) {
        if (args.length != 1 || !(args[0] instanceof byte[] b)) {
            throw new PickleException("_load_from_bytes expects one bytes argument");
        }
        var in = new Position(b);
        try {
            return legacyStorage(in);
        } catch (IOException | RuntimeException e) {
            throw new PickleException("in a tensor storage, at byte " + in.position() + " of its " + b.length
                    + ": " + message(e));
        }
    }

    private static Storage legacyStorage(InputStream in) throws IOException {
        Object magic = new TorchUnpickler().load(in);
        if (!(magic instanceof BigInteger m && m.equals(MAGIC))) {
            throw new PickleException("no torch.save magic number, found " + PickleReader.describe(magic));
        }
        Object version = new TorchUnpickler().load(in);
        if (!Integer.valueOf(LEGACY_VERSION).equals(version)) {
            throw new PickleException("torch.save format " + PickleReader.describe(version) + ", expected "
                    + LEGACY_VERSION);
        }
        Object sysInfo = new TorchUnpickler().load(in);
        if (!(sysInfo instanceof Map<?, ?> info) || !Boolean.TRUE.equals(info.get("little_endian"))) {
            throw new PickleException("written on a big-endian machine or without sys info, expected little-endian");
        }
        var storages = new LinkedHashMap<String, PendingStorage>();
        Object root = new TorchUnpickler(storages).load(in);
        Object keys = new TorchUnpickler().load(in);
        if (!(keys instanceof List<?> keyList) || keyList.size() != storages.size()
                || !storages.keySet().containsAll(keyList)) {
            throw new PickleException("storage keys " + PickleReader.describe(keys) + " do not match the "
                    + storages.size() + " storage(s) referenced");
        }
        for (Object key : keyList) {
            storages.get(key).readData(in);
        }
        if (!(root instanceof PendingStorage pending)) {
            throw new PickleException("holds " + PickleReader.describe(root) + ", expected a storage");
        }
        return pending.storage();
    }

    /** A storage named by a persistent id, its data still to come after the pickles. */
    private static final class PendingStorage {
        private final String key;
        private final DType dtype;
        private final long numel;
        private byte[] data;

        PendingStorage(String key, DType dtype, long numel) {
            this.key = key;
            this.dtype = dtype;
            this.numel = numel;
        }

        void readData(InputStream in) throws IOException {
            byte[] count = in.readNBytes(8);
            if (count.length < 8) {
                throw new PickleException("storage " + key + " is missing its element count");
            }
            long n = ByteBuffer.wrap(count).order(ByteOrder.LITTLE_ENDIAN).getLong();
            if (n != numel) {
                throw new PickleException("storage " + key + " has " + n + " elements, its pickle says " + numel);
            }
            long length = n * dtype.size();
            if (length > Integer.MAX_VALUE - 8) {
                throw new PickleException("storage " + key + " of " + n + " elements is too large");
            }
            data = in.readNBytes((int) length);
            if (data.length < length) {
                throw new PickleException("storage " + key + " is truncated: " + data.length + " of " + length
                        + " bytes");
            }
        }

        Storage storage() {
            return new Storage(dtype, data);
        }
    }

    /** A Python global as pickled: {@code module.name}. Calls it for the few torch needs, refuses the others. */
    private record Global(String module, String name) implements IObjectConstructor {
        @Override
        public Object construct(Object[] args) {
            return switch (module + "." + name) {
                case "torch._utils._rebuild_tensor_v2" -> rebuildTensor(args);
                case "torch.storage._load_from_bytes" -> loadFromBytes(args);
                case "collections.OrderedDict" -> new LinkedHashMap<>(); // a tensor's (empty) backward hooks
                default -> throw new PickleException("cannot make a " + module + "." + name);
            };
        }

        static boolean handles(String module) {
            return module.equals("torch") || module.startsWith("torch.") || module.equals("collections");
        }
    }

    /**
     * Resolves torch's globals to {@link Global} itself rather than through Razorvine's registry, which is global
     * to the JVM; other globals go to Razorvine as usual. With a storage map, also answers the legacy format's
     * persistent ids.
     */
    private static final class TorchUnpickler extends Unpickler {
        private final Map<String, PendingStorage> storages;

        TorchUnpickler() {
            this(null);
        }

        TorchUnpickler(Map<String, PendingStorage> storages) {
            this.storages = storages;
        }

        @Override
        protected Object dispatch(short key) throws PickleException, IOException {
            if (key == Opcodes.GLOBAL) {
                String module = PickleUtils.readline(input);
                String name = PickleUtils.readline(input);
                return global(module, name);
            }
            if (key == Opcodes.STACK_GLOBAL && stack.size() >= 2) {
                Object name = stack.pop();
                Object module = stack.pop();
                if (module instanceof String m && name instanceof String n) {
                    return global(m, n);
                }
                stack.add(module);
                stack.add(name);
            }
            return super.dispatch(key);
        }

        private Object global(String module, String name) throws IOException {
            if (Global.handles(module)) {
                stack.add(new Global(module, name));
                return NO_RETURN_VALUE;
            }
            // Razorvine's own lookup, reached through STACK_GLOBAL with the two names on the stack
            stack.add(module);
            stack.add(name);
            return super.dispatch(Opcodes.STACK_GLOBAL);
        }

        @Override
        protected Object persistentLoad(Object pid) {
            if (storages == null) {
                throw new PickleException("unexpected persistent id " + PickleReader.describe(pid));
            }
            // ('storage', torch.FloatStorage, key, location, numel, view_metadata)
            if (!(pid instanceof Object[] t) || t.length < 5 || !"storage".equals(t[0])
                    || !(t[1] instanceof Global type) || !(t[2] instanceof String key)
                    || !(t[4] instanceof Integer || t[4] instanceof Long)) {
                throw new PickleException("persistent id " + PickleReader.describe(pid) + " is not ('storage', "
                        + "type, key, location, numel, ...)");
            }
            if (t.length > 5 && t[5] != null) {
                throw new PickleException("storage " + key + " is a view of another storage, which is not supported");
            }
            return storages.computeIfAbsent(key, k -> new PendingStorage(k,
                    DType.ofStorage(type.module(), type.name()), ((Number) t[4]).longValue()));
        }
    }

    /** A byte stream that tells how far it has been read. */
    private static final class Position extends ByteArrayInputStream {
        Position(byte[] bytes) {
            super(bytes);
        }

        int position() {
            return pos;
        }
    }
}
