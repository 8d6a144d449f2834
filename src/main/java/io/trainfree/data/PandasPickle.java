package io.trainfree.data;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import net.razorvine.pickle.Opcodes;
import net.razorvine.pickle.PickleException;
import net.razorvine.pickle.PickleUtils;
import net.razorvine.pickle.Unpickler;

/**
 * A pandas DataFrame of numbers and strings as {@code DataFrame.to_pickle} writes it, read without Python.
 *
 * <p>The layouts read are those of pandas 1.0 to 2.x with numpy 1 or 2, pickle protocols 3 to 5: the frame's state
 * holds its block manager under {@code _data} (pandas 1.0) or {@code _mgr}; the manager is either made empty and
 * given a state whose {@code "0.14.1"} entry lists the axes and the blocks as {@code {values, mgr_locs}} (older
 * pandas), or called as {@code BlockManager(blocks, axes)}, each block made by
 * {@code pandas._libs.internals._unpickle_block(values, locations, ndim)} (newer pandas, e.g. 1.5); an axis is
 * {@code _new_Index(cls, {data, name})} or, for a RangeIndex, {@code {start, stop, step}}. A numpy array comes as
 * {@code _reconstruct} with a BUILD state (version, shape, dtype, is_fortran, bytes or, for objects, a list) or, under
 * protocol 5, as {@code _frombuffer(bytes, dtype, shape, order)}, from {@code numpy.core} or numpy 2's
 * {@code numpy._core}. A block is (its columns, the rows), in C or Fortran order; blocks come in any order and their
 * locations place their columns. Only numpy dtypes are read (f4, f8, i1..i8, u1..u4, b1, O), not pandas' extension
 * arrays.
 *
 * <p>Classes and functions the pickle names are never looked up: each call it records is kept as data and read back
 * here, so nothing is registered in Razorvine's global constructor table and no code runs.
 */
final class PandasPickle {
    private static final Global SLICE = new Global("builtins", "slice");

    private final Path file;

    private PandasPickle(Path file) {
        this.file = file;
    }

    /**
     * One column of the frame.
     *
     * @param name   its label
     * @param kind   numpy's dtype kind: 'f' (values are {@link Double}), 'i' or 'u' ({@link Long}), 'b'
     *               ({@link Boolean}), 'O' (what the pickle holds: {@link String} for str, null for None)
     * @param values one per row, in row order
     */
    record Column(String name, char kind, List<?> values) {
    }

    /**
     * The frame.
     *
     * @param rows    the number of rows
     * @param columns its columns, in the frame's order
     */
    record Frame(int rows, List<Column> columns) {
        Optional<Column> column(String name) {
            return columns.stream().filter(c -> c.name().equals(name)).findFirst();
        }

        List<String> names() {
            return columns.stream().map(Column::name).toList();
        }
    }

    /** Reads the DataFrame the file holds; anything else fails with a {@link CorruptDataException} naming the file. */
    static Frame read(Path file) throws IOException {
        var reader = new PandasPickle(file);
        return reader.frame(reader.unpickle(Files.readAllBytes(file)));
    }

    // ---- the pickle as data --------------------------------------------------------------------------------------

    /** A class or function the pickle names. */
    private record Global(String module, String name) {
        @Override
        public String toString() {
            return module + "." + name;
        }
    }

    /**
     * What the pickle made by calling a {@link Global} (REDUCE, NEWOBJ), and the state BUILD gave it. Mutable like
     * the Python object it stands for: BUILD comes after the object is memoized, and later references share it.
     */
    private static final class PyObject {
        final Global type;
        final Object[] args;
        Object state;

        PyObject(Global type, Object[] args) {
            this.type = type;
            this.args = args;
        }
    }

    /** Keeps classes, calls and BUILD states as data; Razorvine reads everything else. */
    private static final class DataUnpickler extends Unpickler {
        @Override
        protected Object dispatch(short key) throws IOException {
            switch (key) {
                case Opcodes.GLOBAL -> stack.add(new Global(PickleUtils.readline(input), PickleUtils.readline(input)));
                case Opcodes.STACK_GLOBAL -> {
                    String name = pop(String.class, "STACK_GLOBAL");
                    stack.add(new Global(pop(String.class, "STACK_GLOBAL"), name));
                }
                case Opcodes.REDUCE, Opcodes.NEWOBJ -> {
                    Object[] args = pop(Object[].class, "a call");
                    stack.add(new PyObject(pop(Global.class, "a call"), args));
                }
                case Opcodes.BUILD -> {
                    Object state = stack.pop();
                    if (!(stack.peek() instanceof PyObject o)) {
                        throw new PickleException("BUILD on " + describe(stack.peek()) + ", expected an object");
                    }
                    o.state = state;
                }
                default -> {
                    return super.dispatch(key);
                }
            }
            return NO_RETURN_VALUE;
        }

        private <T> T pop(Class<T> type, String what) {
            Object o = stack.pop();
            if (!type.isInstance(o)) {
                throw new PickleException(what + " found " + describe(o) + " where a " + type.getSimpleName()
                        + " belongs");
            }
            return type.cast(o);
        }
    }

    private Object unpickle(byte[] bytes) {
        if (bytes.length < 2 || (bytes[0] & 0xff) != Opcodes.PROTO) { // to_pickle writes protocol 4 or 5
            throw fail("is not a pickle of protocol 2 or higher: it starts with "
                    + HexFormat.ofDelimiter(" ").formatHex(bytes, 0, Math.min(bytes.length, 8))
                    + ", expected the PROTO opcode 80");
        }
        return Unpickling.load(file, bytes, new DataUnpickler(), () -> "");
    }

    // ---- pandas --------------------------------------------------------------------------------------------------

    /** A block: a 2-D array (its columns, the rows) and where its columns go. */
    private record Block(Object values, Object locations) {
    }

    private Frame frame(Object top) {
        PyObject df = object(top, "the pickle", "pandas.core.frame.DataFrame");
        Map<?, ?> state = map(df.state, "the DataFrame's state");
        Object manager = state.containsKey("_mgr") ? state.get("_mgr") : state.get("_data"); // _data: pandas 1.0
        PyObject mgr = object(manager, "the DataFrame's _mgr", "pandas.core.internals.managers.BlockManager");
        List<?> axes;
        List<Block> blocks = new ArrayList<>();
        if (mgr.args.length == 2) { // BlockManager(blocks, axes)
            axes = list(mgr.args[1], "the BlockManager's axes");
            for (Object b : list(mgr.args[0], "the BlockManager's blocks")) {
                PyObject block = object(b, "a block", "pandas._libs.internals._unpickle_block");
                blocks.add(new Block(arg(block, 0), arg(block, 1)));
            }
        } else { // made empty, then BUILD (axes, values, items, {"0.14.1": {"axes": [...], "blocks": [...]}})
            Object[] t = tuple(mgr.state, "the BlockManager's state");
            Map<?, ?> s = map(t.length >= 4 ? map(t[3], "the BlockManager's state").get("0.14.1") : null,
                    "the BlockManager's \"0.14.1\" state");
            axes = list(s.get("axes"), "the BlockManager's axes");
            for (Object b : list(s.get("blocks"), "the BlockManager's blocks")) {
                Map<?, ?> block = map(b, "a block");
                blocks.add(new Block(block.get("values"), block.get("mgr_locs")));
            }
        }
        if (axes.size() != 2) {
            throw fail("the BlockManager has " + axes.size() + " axes, expected 2 (columns, rows)");
        }
        List<String> names = columnNames(axes.get(0));
        int rows = length(axes.get(1));
        var columns = new Column[names.size()];
        for (int b = 0; b < blocks.size(); b++) {
            String where = "block " + b + " of " + blocks.size();
            NdArray values = array(blocks.get(b).values(), where);
            int[] locations = locations(blocks.get(b).locations(), where);
            if (values.shape.length != 2 || values.shape[0] != locations.length || values.shape[1] != rows) {
                throw fail(where + " has shape " + Arrays.toString(values.shape) + ", expected [" + locations.length
                        + ", " + rows + "] (its columns, the rows)");
            }
            for (int j = 0; j < locations.length; j++) {
                int c = locations[j];
                if (c < 0 || c >= columns.length || columns[c] != null) {
                    throw fail(where + " places a column at " + c + ", which is not a free place among the "
                            + columns.length + " columns");
                }
                var column = new ArrayList<>(rows);
                for (int r = 0; r < rows; r++) {
                    column.add(values.get(j, r));
                }
                columns[c] = new Column(names.get(c), values.kind, Collections.unmodifiableList(column));
            }
        }
        for (int c = 0; c < columns.length; c++) {
            if (columns[c] == null) {
                throw fail("column '" + names.get(c) + "' is in no block");
            }
        }
        return new Frame(rows, List.of(columns));
    }

    /** An axis's dict: {@code _new_Index(cls, dict)}. */
    private Map<?, ?> axis(Object o, String where) {
        return map(arg(object(o, where, "pandas.core.indexes.base._new_Index"), 1), where);
    }

    private List<String> columnNames(Object o) {
        NdArray data = array(axis(o, "the column index").get("data"), "the column index");
        var names = new ArrayList<String>();
        for (Object name : data.values) {
            if (!(name instanceof String s)) {
                throw fail("the column index holds " + describe(name) + ", expected str labels");
            }
            names.add(s);
        }
        return names;
    }

    /** The number of rows: the length of the row index's data, or of its range. */
    private int length(Object o) {
        Map<?, ?> index = axis(o, "the row index");
        if (index.containsKey("data")) {
            return array(index.get("data"), "the row index").values.size();
        }
        long start = integer(index.get("start"), "the row index's start");
        long stop = integer(index.get("stop"), "the row index's stop");
        long step = integer(index.get("step"), "the row index's step");
        if (step == 0) {
            throw fail("the row index has step 0");
        }
        long n = step > 0 ? (stop - start + step - 1) / step : (start - stop - step - 1) / -step;
        return (int) Math.max(0, n);
    }

    /** A block's columns in the frame: a slice, or an int array where they are not evenly spaced. */
    private int[] locations(Object o, String where) {
        if (o instanceof PyObject slice && slice.type.equals(SLICE) && slice.args.length == 3) {
            long start = slice.args[0] == null ? 0 : integer(slice.args[0], where + "'s locations");
            long stop = integer(slice.args[1], where + "'s locations");
            long step = slice.args[2] == null ? 1 : integer(slice.args[2], where + "'s locations");
            if (step <= 0 || stop < start) {
                throw fail(where + " has the locations slice(" + start + ", " + stop + ", " + step + ")");
            }
            int[] at = new int[(int) ((stop - start + step - 1) / step)];
            Arrays.setAll(at, i -> (int) (start + i * step));
            return at;
        }
        return array(o, where + "'s locations").values.stream()
                .mapToInt(v -> (int) integer(v, where + "'s locations")).toArray();
    }

    // ---- numpy ---------------------------------------------------------------------------------------------------

    /** A numpy array: dtype kind, shape, and the elements in memory order (Fortran order when {@code fortran}). */
    private record NdArray(char kind, int[] shape, boolean fortran, List<?> values) {
        Object get(int i, int j) {
            return values.get(fortran ? j * shape[0] + i : i * shape[1] + j);
        }
    }

    private NdArray array(Object o, String where) {
        if (o instanceof PyObject a && a.type.module().startsWith("numpy")) {
            if (a.type.name().equals("_reconstruct") && a.state instanceof Object[] s && s.length >= 4) {
                int v = s.length - 4; // (version, shape, dtype, is_fortran, data); old numpy wrote no version
                return array(where, s[v], s[v + 1], Boolean.TRUE.equals(s[v + 2]), s[v + 3]);
            }
            if (a.type.name().equals("_frombuffer") && a.args.length == 4) { // (buffer, dtype, shape, order)
                return array(where, a.args[2], a.args[1], "F".equals(a.args[3]), a.args[0]);
            }
        }
        throw fail(where + " is " + describe(o) + ", expected a numpy array");
    }

    private NdArray array(String where, Object shapeValue, Object dtypeValue, boolean fortran, Object data) {
        Object[] dims = tuple(shapeValue, where + "'s shape");
        int[] shape = new int[dims.length];
        long n = 1;
        for (int d = 0; d < dims.length; d++) {
            long dim = integer(dims[d], where + "'s shape");
            if (dim < 0 || dim > Integer.MAX_VALUE) {
                throw fail(where + " has the shape " + Arrays.toString(dims));
            }
            shape[d] = (int) dim;
            n *= shape[d];
        }
        PyObject dtype = object(dtypeValue, where + "'s dtype", "numpy.dtype");
        if (!(arg(dtype, 0) instanceof String type)) {
            throw fail(where + "'s dtype is " + describe(arg(dtype, 0)) + ", expected a type string such as 'f8'");
        }
        if (type.charAt(0) == 'O') {
            // numpy pickles an object array as a list in C order, whatever its layout
            if (!(data instanceof List<?> list) || list.size() != n) {
                throw fail(where + " holds " + describe(data) + ", expected a list of " + n + " objects");
            }
            return new NdArray('O', shape, false, list);
        }
        int size = switch (type) {
            case "f8", "i8" -> 8;
            case "f4", "i4", "u4" -> 4;
            case "i2", "u2" -> 2;
            case "i1", "u1", "b1" -> 1;
            default -> throw fail(where + " has the numpy dtype '" + type
                    + "', expected one of f4, f8, i1..i8, u1..u4, b1, O");
        };
        if (!(data instanceof byte[] bytes) || bytes.length != n * size) {
            throw fail(where + " holds " + describe(data) + ", expected " + n * size + " bytes of " + type);
        }
        // the byte order is the dtype's state (version, byteorder, ...); '=' (native) is read as little-endian
        boolean big = dtype.state instanceof Object[] s && s.length > 1 && ">".equals(s[1]);
        var buf = ByteBuffer.wrap(bytes).order(big ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
        var values = new ArrayList<>((int) n);
        for (long i = 0; i < n; i++) {
            values.add(switch (type) {
                case "f8" -> buf.getDouble();
                case "f4" -> (double) buf.getFloat();
                case "i8" -> buf.getLong();
                case "i4" -> (long) buf.getInt();
                case "i2" -> (long) buf.getShort();
                case "i1" -> (long) buf.get();
                case "u4" -> buf.getInt() & 0xffff_ffffL;
                case "u2" -> (long) (buf.getShort() & 0xffff);
                case "u1" -> (long) (buf.get() & 0xff);
                default -> buf.get() != 0; // b1
            });
        }
        return new NdArray(type.charAt(0), shape, fortran, values);
    }

    // ---- checks --------------------------------------------------------------------------------------------------

    private CorruptDataException fail(String problem) {
        return new CorruptDataException(file, problem);
    }

    private PyObject object(Object o, String where, String type) {
        if (o instanceof PyObject p && p.type.toString().equals(type)) {
            return p;
        }
        throw fail(where + " is " + describe(o) + ", expected a " + type + " object");
    }

    private Object arg(PyObject o, int i) {
        if (i >= o.args.length) {
            throw fail(o.type + " is called with " + o.args.length + " arguments, expected at least " + (i + 1));
        }
        return o.args[i];
    }

    private Map<?, ?> map(Object o, String where) {
        if (o instanceof Map<?, ?> m) {
            return m;
        }
        throw fail(where + " is " + describe(o) + ", expected a dict");
    }

    /** A list or a tuple. */
    private List<?> list(Object o, String where) {
        if (o instanceof Object[] t) {
            return Arrays.asList(t);
        }
        if (o instanceof List<?> l) {
            return l;
        }
        throw fail(where + " is " + describe(o) + ", expected a list or tuple");
    }

    private Object[] tuple(Object o, String where) {
        if (o instanceof Object[] t) {
            return t;
        }
        throw fail(where + " is " + describe(o) + ", expected a tuple");
    }

    private long integer(Object o, String where) {
        if (o instanceof Integer || o instanceof Long) {
            return ((Number) o).longValue();
        }
        throw fail(where + " is " + describe(o) + ", expected an int");
    }

    private static String describe(Object o) {
        if (o instanceof PyObject p) {
            return "a " + p.type + " object";
        }
        if (o instanceof Global g) {
            return "the class or function " + g;
        }
        return PickleReader.describe(o);
    }
}
