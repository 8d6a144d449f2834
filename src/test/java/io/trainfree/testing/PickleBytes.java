package io.trainfree.testing;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes pickles opcode by opcode, the way CPython's pickler and NumPy emit them (checked against
 * {@code pickletools.dis} of {@code pickle.dumps([np.float64(1.5), ...], protocol=2/4)}), so the reader is tested on
 * bytes we know exactly. Remembers where each top-level record ends (the offset after the opcode that completes it).
 */
public final class PickleBytes {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final int protocol;
    private final List<Integer> recordEnds = new ArrayList<>();
    private int memo;
    private int frameAt = -1;
    // memo slots of the numpy globals and of the f8 dtype, once written
    private int scalarSlot = -1;
    private int dtypeSlot = -1;
    private int f8Slot = -1;
    private int codecsSlot = -1;
    private int latin1Slot = -1;

    private PickleBytes(int protocol) {
        this.protocol = protocol;
        op(0x80).b(protocol);
        if (protocol >= 4) {
            frameAt = out.size();
            op(0x95).raw(new byte[8]); // FRAME, length patched in bytes()
        }
    }

    public static PickleBytes protocol(int protocol) {
        return new PickleBytes(protocol);
    }

    public PickleBytes op(int opcode) {
        out.write(opcode);
        return this;
    }

    public PickleBytes b(int value) {
        out.write(value);
        return this;
    }

    public PickleBytes raw(byte[] bytes) {
        out.writeBytes(bytes);
        return this;
    }

    public int size() {
        return out.size();
    }

    /** MEMOIZE (protocol 4) or BINPUT (protocol 2); returns the slot. */
    public int memoize() {
        if (protocol >= 4) {
            op(0x94);
        } else if (memo < 256) {
            op('q').b(memo); // BINPUT
        } else {
            op('r').raw(le32(memo)); // LONG_BINPUT
        }
        return memo++;
    }

    public PickleBytes get(int slot) {
        return slot < 256 ? op('h').b(slot) : op('j').raw(le32(slot)); // BINGET, LONG_BINGET
    }

    public PickleBytes string(String s) {
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        if (protocol >= 4 && utf8.length < 256) {
            op(0x8c).b(utf8.length); // SHORT_BINUNICODE
        } else {
            op('X').raw(le32(utf8.length)); // BINUNICODE
        }
        raw(utf8);
        memoize();
        return this;
    }

    public PickleBytes global(String module, String name) {
        if (protocol >= 4) {
            string(module).string(name).op(0x93); // STACK_GLOBAL
        } else {
            op('c').raw((module + "\n" + name + "\n").getBytes(StandardCharsets.US_ASCII)); // GLOBAL
        }
        return this;
    }

    public PickleBytes binint1(int v) {
        return op('K').b(v);
    }

    public PickleBytes binint(int v) {
        return op('J').raw(le32(v));
    }

    public PickleBytes binfloat(double v) {
        return op('G').raw(ByteBuffer.allocate(8).order(ByteOrder.BIG_ENDIAN).putDouble(v).array());
    }

    public PickleBytes none() {
        return op('N');
    }

    public PickleBytes mark() {
        return op('(');
    }

    public PickleBytes emptyList() {
        op(']');
        memoize();
        return this;
    }

    public PickleBytes emptyDict() {
        op('}');
        memoize();
        return this;
    }

    public PickleBytes appends() {
        return op('e');
    }

    public PickleBytes setitems() {
        return op('u');
    }

    public PickleBytes stop() {
        return op('.');
    }

    /** Notes that a top-level record was completed by the opcode just written. */
    public PickleBytes endRecord() {
        recordEnds.add(out.size());
        return this;
    }

    public List<Integer> recordEnds() {
        return List.copyOf(recordEnds);
    }

    /**
     * A NumPy scalar as numpy emits it: {@code scalar(dtype(descr, False, True) BUILD state, data) }. The first f8
     * scalar writes the globals and the dtype and memoizes them; later f8 scalars fetch them with BINGET, as in the
     * published files. Other dtypes (or a given byte order) are written out in full.
     */
    public PickleBytes numpyScalar(String module, String descr, char byteOrder, byte[] data) {
        if (scalarSlot < 0) {
            global(module, "scalar");
            scalarSlot = memoize();
        } else {
            get(scalarSlot);
        }
        boolean shared = descr.equals("f8") && byteOrder == '<';
        if (shared && f8Slot >= 0) {
            get(f8Slot);
        } else {
            if (dtypeSlot < 0) {
                global("numpy", "dtype");
                dtypeSlot = memoize();
            } else {
                get(dtypeSlot);
            }
            string(descr).op(0x89).op(0x88).op(0x87); // NEWFALSE NEWTRUE TUPLE3
            memoize();
            op('R');
            int slot = memoize();
            if (shared) {
                f8Slot = slot;
            }
            mark().binint1(3).string(String.valueOf(byteOrder)).none().none().none().binint(-1).binint(-1).binint1(0)
                    .op('t');
            memoize();
            op('b'); // BUILD
        }
        bytes(data);
        op(0x86); // TUPLE2
        memoize();
        op('R');
        return this;
    }

    /** A float64 scalar, little-endian, under numpy 1's module name. */
    public PickleBytes float64(double v) {
        return numpyScalar("numpy.core.multiarray", "f8", '<', le64(v));
    }

    /** bytes: SHORT_BINBYTES in protocol 3+, {@code _codecs.encode(latin1 str, 'latin1')} in protocol 2. */
    public PickleBytes bytes(byte[] data) {
        if (protocol >= 3) {
            op('C').b(data.length).raw(data);
            memoize();
        } else {
            if (codecsSlot < 0) {
                global("_codecs", "encode");
                codecsSlot = memoize();
            } else {
                get(codecsSlot);
            }
            string(new String(data, StandardCharsets.ISO_8859_1));
            if (latin1Slot < 0) {
                string("latin1");
                latin1Slot = memo - 1;
            } else {
                get(latin1Slot);
            }
            op(0x86);
            memoize();
            op('R');
            memoize();
        }
        return this;
    }

    public byte[] bytes() {
        byte[] b = out.toByteArray();
        if (frameAt >= 0) {
            long frame = b.length - (frameAt + 9);
            ByteBuffer.wrap(b, frameAt + 1, 8).order(ByteOrder.LITTLE_ENDIAN).putLong(frame);
        }
        return b;
    }

    public static byte[] le32(int v) {
        return ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(v).array();
    }

    public static byte[] le64(double v) {
        return ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putDouble(v).array();
    }

    /** A whole pickle: a list of float64 numpy scalars in one APPENDS batch, as RoBoT's test-accuracy pickles. */
    public static PickleBytes floatList(int protocol, double... values) {
        var p = protocol(protocol).emptyList().mark();
        for (double v : values) {
            p.float64(v).endRecord(); // complete after REDUCE; the MEMOIZE that follows adds nothing
            p.memoize();
        }
        return p.appends().stop();
    }

    /**
     * A whole pickle shaped like RoBoT's {@code nb2_cf10_hp12_info.p}: a list of dicts {@code {str(i): i, 'arch': ...,
     * 'valacc': f8, 'cost': f8}} in APPENDS batches of 1,000. {@code valacc(i) = 50 + i / 1000.0},
     * {@code cost(i) = 100 + i}. The record at {@code withoutValacc} (if in range) has no 'valacc'.
     */
    public static byte[] hp12Info(List<String> archs, int withoutValacc) {
        var p = protocol(4).emptyList();
        for (int i = 0; i < archs.size(); i++) {
            if (i % 1000 == 0) {
                if (i > 0) {
                    p.appends();
                }
                p.mark();
            }
            p.emptyDict().mark().string(String.valueOf(i)).binint(i).string("arch").string(archs.get(i));
            if (i != withoutValacc) {
                p.string("valacc").float64(50 + i / 1000.0).memoize();
            }
            p.string("cost").float64(100 + i).memoize();
            p.setitems();
        }
        if (!archs.isEmpty()) {
            p.appends();
        }
        return p.stop().bytes();
    }
}
