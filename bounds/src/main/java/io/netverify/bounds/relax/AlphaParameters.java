package io.netverify.bounds.relax;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.IntToDoubleFunction;

/**
 * The alpha-CROWN state of one bound computation: per node, the parameters, and what the last
 * backward pass recorded to compute their gradient. A node lays out {@code count} parameter columns
 * per row (one per bounded function and relaxation parameter, see {@link BackwardStep#alpha}); only
 * the columns whose initial value is not NaN are stored (e.g. ReLU's lower slope of unstable
 * neurons only), as {@code rows x width} values with a map from stored slot to column.
 */
public final class AlphaParameters {
    private final Map<String, Block> blocks = new HashMap<>();
    private final Map<String, Linearization> linearizations = new HashMap<>();
    private final Map<String, AlphaGradient> gradients = new HashMap<>();

    /**
     * A node's stored parameters: {@code columns[s]} is the column of slot s, {@code slot[c]} the
     * slot of column c (-1 where the column has no parameter), values {@code rows x columns.length}.
     */
    record Block(int[] columns, int[] slot, double[] values) {
        Block copy() {
            return new Block(columns, slot, values.clone());
        }

        int width() {
            return columns.length;
        }
    }

    /** All {@code count} columns, initialised by {@code init} on first use (a NaN stays unoptimised). */
    double[] get(String node, int rows, int count, IntToDoubleFunction init) {
        return blocks.computeIfAbsent(node, k -> create(rows, count, init, false)).values();
    }

    /** Only the columns whose initial value is not NaN; see {@link Block}. */
    Block sparse(String node, int rows, int count, IntToDoubleFunction init) {
        return blocks.computeIfAbsent(node, k -> create(rows, count, init, true));
    }

    private static Block create(int rows, int count, IntToDoubleFunction init, boolean sparse) {
        double[] first = new double[count];
        int[] slot = new int[count];
        int width = 0;
        for (int c = 0; c < count; c++) {
            first[c] = init.applyAsDouble(c);
            slot[c] = sparse && Double.isNaN(first[c]) ? -1 : width++;
        }
        int[] columns = new int[width];
        double[] initial = new double[width];
        for (int c = 0; c < count; c++) {
            if (slot[c] >= 0) {
                columns[slot[c]] = c;
                initial[slot[c]] = first[c];
            }
        }
        double[] values = new double[rows * width];
        for (int k = 0; k < rows; k++) {
            System.arraycopy(initial, 0, values, k * width, width);
        }
        return new Block(columns, slot, values);
    }

    void record(String node, Linearization lin) {
        linearizations.put(node, lin);
    }

    void record(String node, AlphaGradient g) {
        gradients.put(node, g);
    }

    /** A copy of the parameters (not of what a pass recorded), e.g. to warm-start a child domain. */
    public AlphaParameters copy() {
        AlphaParameters c = new AlphaParameters();
        blocks.forEach((k, v) -> c.blocks.put(k, v.copy()));
        return c;
    }

    /**
     * A copy holding only some rows of every node's parameters, {@code positions} (ascending) in
     * the current row order: e.g. a child domain bounded on fewer rows than its parent.
     */
    public AlphaParameters rows(int[] positions) {
        AlphaParameters c = new AlphaParameters();
        blocks.forEach((k, b) -> {
            int w = b.width();
            double[] values = new double[positions.length * w];
            for (int p = 0; p < positions.length; p++) {
                System.arraycopy(b.values(), positions[p] * w, values, p * w, w);
            }
            c.blocks.put(k, new Block(b.columns(), b.slot(), values));
        });
        return c;
    }

    /** Forgets what the previous backward pass recorded (parameters stay). */
    public void startPass() {
        linearizations.clear();
        gradients.clear();
    }

    /** The nodes that have parameters. */
    public Set<String> nodes() {
        return Set.copyOf(blocks.keySet());
    }

    /** How many parameters are stored, over all nodes. */
    public long size() {
        return blocks.values().stream().mapToLong(b -> b.values().length).sum();
    }

    /** How many parameters a node has (0 when none). */
    public int size(String node) {
        Block b = blocks.get(node);
        return b == null ? 0 : b.values().length;
    }

    /**
     * A copy of a node's parameters ({@code rows x columns(node).length}, the layout of its
     * {@link AlphaGradient}), or null when it has none.
     */
    public double[] read(String node) {
        Block b = blocks.get(node);
        return b == null ? null : b.values().clone();
    }

    /** The column (see {@link BackwardStep#alpha}) of each stored parameter of a row, or null. */
    public int[] columns(String node) {
        Block b = blocks.get(node);
        return b == null ? null : b.columns().clone();
    }

    /** Replaces a node's parameters by {@code values} (laid out as {@link #read} gives them). */
    public void update(String node, double[] values) {
        Block b = blocks.get(node);
        if (b == null || b.values().length != values.length) {
            throw new IllegalArgumentException("node " + node + " has " + (b == null ? "no" : b.values().length)
                + " parameters, not " + values.length);
        }
        System.arraycopy(values, 0, b.values(), 0, values.length);
    }

    /** The linearisation a node recorded in the last pass, or null (linear nodes record none). */
    public Linearization linearization(String node) {
        return linearizations.get(node);
    }

    public AlphaGradient gradient(String node) {
        return gradients.get(node);
    }
}
