package io.trainfree.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import net.razorvine.pickle.IObjectConstructor;
import net.razorvine.pickle.Opcodes;
import net.razorvine.pickle.PickleException;
import net.razorvine.pickle.Unpickler;
import net.razorvine.pickle.objects.ClassDict;

/**
 * Reads Python pickles as they were published, on Razorvine's {@link Unpickler}. Values come out as plain Java:
 * {@code list} as {@link List}, {@code dict} as {@link Map}, {@code str} as {@link String}, {@code int} as
 * {@link Integer}/{@link Long}, {@code float} as {@link Double}, {@code tuple} as {@code Object[]}, {@code bytes} as
 * {@code byte[]}. NumPy scalars ({@code numpy.core.multiarray.scalar}, numpy 2's {@code numpy._core.multiarray.scalar},
 * each with a {@code numpy.dtype} and its byte order) become {@link Double} (dtypes f2, f4, f8), {@link Long} (i1..i8,
 * u1..u8) or {@link Boolean} (b1); other dtypes and NumPy arrays are refused.
 *
 * <p>A truncated or corrupt file fails with a {@link CorruptDataException} naming the file, the byte offset and the
 * record: the element of the top-level list being read, counted from 0 (the benchmark index for the NB201 files).
 *
 * {@snippet :
 * double[] testAcc = PickleReader.readDoubles(Path.of("nb201/robot/nb2_cf10_test_accuracy.p"));
 * }
 */
public final class PickleReader {
    static {
        IObjectConstructor scalar = PickleReader::numpyScalar;
        // the library's registry is global; the same constructors are registered each time, so this is idempotent
        Unpickler.registerConstructor("numpy.core.multiarray", "scalar", scalar);
        Unpickler.registerConstructor("numpy._core.multiarray", "scalar", scalar);
        Unpickler.registerConstructor("numpy", "dtype", PickleReader::numpyDtype);
    }

    private PickleReader() {
    }

    /** The whole object the file holds. */
    public static Object read(Path file) {
        return read(file, null);
    }

    /**
     * Reads the file; on failure, counts the finished top-level records as values of {@code recordType} (any value
     * when null: then the module name of a pending STACK_GLOBAL may pass for a finished str record).
     */
    private static Object read(Path file, Class<?> recordType) {
        Objects.requireNonNull(file, "file");
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        var unpickler = new NumpyUnpickler();
        return Unpickling.load(file, bytes, unpickler,
                () -> unpickler.recordBeingRead(recordType).map(r -> ", in record " + r).orElse(""));
    }

    /** A top-level list of numbers (Python or NumPy floats and ints), e.g. RoBoT's test-accuracy pickles. */
    public static double[] readDoubles(Path file) {
        List<?> list = readList(file, Number.class, "numbers");
        var values = new double[list.size()];
        for (int i = 0; i < values.length; i++) {
            if (!(list.get(i) instanceof Number n) || list.get(i) instanceof Boolean) {
                throw new CorruptDataException(file, "record " + i + " is " + describe(list.get(i))
                        + ", expected a number");
            }
            values[i] = n.doubleValue();
        }
        return values;
    }

    /** A top-level list of dicts with string keys, e.g. RoBoT's {@code nb2_cf10_hp12_info.p}. */
    public static List<Map<String, Object>> readDicts(Path file) {
        List<?> list = readList(file, Map.class, "dicts");
        var dicts = new ArrayList<Map<String, Object>>(list.size());
        for (int i = 0; i < list.size(); i++) {
            if (!(list.get(i) instanceof Map<?, ?> map)) {
                throw new CorruptDataException(file, "record " + i + " is " + describe(list.get(i))
                        + ", expected a dict");
            }
            for (Object key : map.keySet()) {
                if (!(key instanceof String)) {
                    throw new CorruptDataException(file, "record " + i + " has the key " + describe(key)
                            + ", expected string keys");
                }
            }
            @SuppressWarnings("unchecked")
            var typed = (Map<String, Object>) map;
            dicts.add(Collections.unmodifiableMap(typed));
        }
        return Collections.unmodifiableList(dicts);
    }

    private static List<?> readList(Path file, Class<?> recordType, String what) {
        Object o = read(file, recordType);
        if (!(o instanceof List<?> list)) {
            throw new CorruptDataException(file, "holds " + describe(o) + ", expected a list of " + what);
        }
        return list;
    }

    /** A short Python-flavoured description of an unpickled value, for messages. */
    public static String describe(Object o) {
        if (o == null) {
            return "None";
        }
        if (o instanceof String s) {
            return "a str '" + (s.length() > 40 ? s.substring(0, 40) + "..." : s) + "'";
        }
        if (o instanceof Boolean b) {
            return "a bool " + (b ? "True" : "False");
        }
        if (o instanceof Number n) {
            return "a number " + n;
        }
        if (o instanceof Map<?, ?>) {
            return "a dict";
        }
        if (o instanceof List<?>) {
            return "a list";
        }
        if (o instanceof Object[] t) {
            return "a tuple of " + t.length;
        }
        if (o instanceof byte[] b) {
            return "bytes of length " + b.length;
        }
        if (o instanceof ClassDict c) {
            return "a " + c.getClassName() + " object";
        }
        if (o instanceof NumpyDtype d) {
            return "a numpy dtype '" + d.descr + "'";
        }
        return "a " + o.getClass().getSimpleName();
    }

    // ---- numpy ------------------------------------------------------------------------------------------------

    /** {@code numpy.dtype(descr, align, copy)}; the byte order arrives later, in the BUILD state. */
    private static Object numpyDtype(Object[] args) {
        if (args.length < 1 || !(args[0] instanceof String descr)) {
            throw new PickleException("numpy.dtype expects a type string such as 'f8', got "
                    + (args.length == 0 ? "no arguments" : describe(args[0])));
        }
        return new NumpyDtype(descr);
    }

    /** {@code numpy.core.multiarray.scalar(dtype, data)}: decodes the raw bytes. */
    private static Object numpyScalar(Object[] args) {
        if (args.length != 2 || !(args[0] instanceof NumpyDtype dtype)) {
            throw new PickleException("numpy scalar expects (dtype, bytes), got " + args.length + " arguments"
                    + (args.length > 0 ? " starting with " + describe(args[0]) : ""));
        }
        byte[] data;
        if (args[1] instanceof byte[] b) {
            data = b;
        } else if (args[1] instanceof String s) { // Python 2 pickles carry the bytes as a latin-1 str
            data = s.getBytes(StandardCharsets.ISO_8859_1);
        } else {
            throw new PickleException("numpy scalar data is " + describe(args[1]) + ", expected bytes");
        }
        return dtype.decode(data);
    }

    /** A NumPy dtype as far as scalars need it: kind, size, byte order. Mutable because BUILD sets its state. */
    private static final class NumpyDtype {
        private final String descr;
        private char byteOrder = '=';

        NumpyDtype(String descr) {
            if (!descr.isEmpty() && "<>|=".indexOf(descr.charAt(0)) >= 0) {
                this.byteOrder = descr.charAt(0);
                this.descr = descr.substring(1);
            } else {
                this.descr = descr;
            }
        }

        /** numpy's state tuple: (version, byteorder, subarray, names, fields, elsize, alignment, flags[, meta]). */
        void state(Object state) {
            if (state instanceof Object[] t && t.length >= 2 && t[1] instanceof String order && order.length() == 1
                    && "<>|=".contains(order)) {
                byteOrder = order.charAt(0);
                return;
            }
            throw new PickleException("numpy dtype '" + descr + "' has an unsupported state " + describe(state)
                    + ", expected (version, byteorder, ...)");
        }

        Object decode(byte[] data) {
            int size;
            try {
                size = Integer.parseInt(descr.substring(1));
            } catch (RuntimeException e) {
                throw new PickleException("numpy scalar of unsupported dtype '" + descr + "'");
            }
            if (data.length != size) {
                throw new PickleException("numpy scalar of dtype '" + descr + "' has " + data.length
                        + " bytes, expected " + size);
            }
            // '=' (native) is what numpy never writes in practice; read it as little-endian like every common host
            var buf = ByteBuffer.wrap(data).order(byteOrder == '>' ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
            char kind = descr.charAt(0);
            Object value = switch (kind) {
                case 'f' -> switch (size) {
                    case 8 -> buf.getDouble();
                    case 4 -> (double) buf.getFloat();
                    case 2 -> (double) Float.float16ToFloat(buf.getShort());
                    default -> null;
                };
                case 'i' -> switch (size) {
                    case 1 -> (long) buf.get();
                    case 2 -> (long) buf.getShort();
                    case 4 -> (long) buf.getInt();
                    case 8 -> buf.getLong();
                    default -> null;
                };
                case 'u' -> switch (size) {
                    case 1 -> (long) (buf.get() & 0xff);
                    case 2 -> (long) (buf.getShort() & 0xffff);
                    case 4 -> buf.getInt() & 0xffff_ffffL;
                    case 8 -> unsigned64(buf.getLong());
                    default -> null;
                };
                case 'b' -> size == 1 ? (Object) (data[0] != 0) : null;
                default -> null;
            };
            if (value == null) {
                throw new PickleException("numpy scalar of unsupported dtype '" + descr
                        + "' (supported: f2, f4, f8, i1..i8, u1..u8, b1)");
            }
            return value;
        }

        private static long unsigned64(long v) {
            if (v < 0) {
                throw new PickleException("numpy uint64 scalar " + Long.toUnsignedString(v) + " does not fit a long");
            }
            return v;
        }
    }

    // ---- unpickling with a record count ----------------------------------------------------------------------------

    /** Gives numpy dtypes their BUILD state, and after a failure tells which record of the top-level list broke. */
    private static final class NumpyUnpickler extends Unpickler {
        @Override
        protected Object dispatch(short key) throws PickleException, IOException {
            if (key == Opcodes.BUILD && stack != null && stack.size() >= 2) {
                Object state = stack.pop();
                if (stack.peek() instanceof NumpyDtype dtype) {
                    dtype.state(state); // in place: the dtype is memoized before BUILD and shared by later scalars
                    return NO_RETURN_VALUE;
                }
                stack.add(state);
            }
            return super.dispatch(key);
        }

        /**
         * Which element of the top-level list was being read when unpickling stopped, from what is left on the stack:
         * the list itself (with the elements already appended), a mark, the finished elements of the current batch,
         * then the pieces of the unfinished one.
         */
        Optional<Integer> recordBeingRead(Class<?> recordType) {
            if (stack == null || stack.size() == 0) {
                return Optional.empty();
            }
            var items = new ArrayList<Object>(stack.size());
            while (stack.size() > 0) {
                items.add(stack.pop());
            }
            Collections.reverse(items);
            if (!(items.get(0) instanceof List<?> top)) {
                return Optional.empty();
            }
            int first = items.size() > 1 && isMark(items.get(1)) ? 2 : 1;
            int end = first;
            while (end < items.size() && (recordType == null ? isFinishedValue(items.get(end))
                    : recordType.isInstance(items.get(end)))) {
                end++;
            }
            // the last container is unfinished if its contents follow it above a mark, or if it is still empty
            // at the very top of the stack (the stream broke right after EMPTY_DICT / EMPTY_LIST)
            if (end > first) {
                Object last = items.get(end - 1);
                boolean filling = end < items.size() && isMark(items.get(end));
                boolean emptyAtTop = end == items.size()
                        && (last instanceof Map<?, ?> m && m.isEmpty() || last instanceof List<?> l && l.isEmpty());
                if ((last instanceof Map<?, ?> || last instanceof List<?>) && (filling || emptyAtTop)) {
                    end--;
                }
            }
            return Optional.of(top.size() + end - first);
        }

        private static boolean isMark(Object o) {
            return o != null && o.getClass() == Object.class; // the stack's MARKER is a bare Object
        }

        private static boolean isFinishedValue(Object o) {
            return o instanceof Number || o instanceof String || o instanceof Boolean || o instanceof Map<?, ?>
                    || o instanceof List<?>;
        }
    }
}
