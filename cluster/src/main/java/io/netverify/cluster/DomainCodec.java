package io.netverify.cluster;

import io.netverify.bab.ActivationDomain;
import io.netverify.bab.BoundedDomain;
import io.netverify.bab.InputDomain;
import io.netverify.bab.UnsafeRegion;
import io.netverify.bounds.BranchingCandidates.Candidate;
import io.netverify.bounds.DomainBounder;
import io.netverify.bounds.Interval;
import io.netverify.bounds.Split;
import io.netverify.verifier.BranchingMode;
import io.netverify.verifier.BranchingProblem;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Branch-and-bound domains and problems as bytes, for the way between the submitter and the
 * workers. A domain travels as what defines it (its box or its split constraints, the intervals it
 * tightened, the regions still open, the neuron to split next, its parent's bound); an activation
 * domain's optimised parameters stay behind, and the receiver starts its split multipliers at 0,
 * which only costs tightness (the bounds stay sound).
 */
final class DomainCodec {
    private static final byte INPUT = 0;
    private static final byte ACTIVATION = 1;
    /** Margin rows of the problem: the size of a fresh activation state's multipliers per split. */
    private final int rows;

    DomainCodec(List<UnsafeRegion> regions) {
        this.rows = regions.stream().mapToInt(r -> r.c().length).sum();
    }

    /** A writer's body, which may throw IOException. */
    private interface Body {
        void write(DataOutputStream out) throws IOException;
    }

    /** A reader's body, which may throw IOException. */
    private interface Reading<T> {
        T read(DataInputStream in) throws IOException;
    }

    private static byte[] bytes(Body body) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(b)) {
            body.write(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return b.toByteArray();
    }

    private static <T> T read(byte[] bytes, Reading<T> body) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            return body.read(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    byte[] domains(List<?> domains) {
        return bytes(out -> {
            out.writeInt(domains.size());
            for (Object d : domains) {
                domain(out, d);
            }
        });
    }

    @SuppressWarnings("unchecked")
    <D> List<D> domains(byte[] bytes) {
        return read(bytes, in -> {
            int n = in.readInt();
            List<D> out = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                out.add((D) domain(in));
            }
            return out;
        });
    }

    <D> byte[] bounded(List<BoundedDomain<D>> bounded) {
        return bytes(out -> {
            out.writeInt(bounded.size());
            for (BoundedDomain<D> b : bounded) {
                domain(out, b.domain());
                out.writeDouble(b.lowerBound());
                doublesOrNull(out, b.candidate());
            }
        });
    }

    @SuppressWarnings("unchecked")
    <D> List<BoundedDomain<D>> bounded(byte[] bytes) {
        return read(bytes, in -> {
            int n = in.readInt();
            List<BoundedDomain<D>> out = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                out.add(new BoundedDomain<>((D) domain(in), in.readDouble(), doublesOrNull(in)));
            }
            return out;
        });
    }

    /** A problem with the network's path, which workers read. */
    static byte[] problem(String onnx, BranchingProblem p) {
        return bytes(out -> {
            out.writeUTF(onnx);
            out.writeUTF(p.mode().name());
            interval(out, p.box());
            out.writeInt(p.regions().size());
            for (UnsafeRegion r : p.regions()) {
                out.writeInt(r.c().length);
                for (double[] row : r.c()) {
                    doubles(out, row);
                }
                doubles(out, r.d());
            }
            out.writeBoolean(p.intermediate() != null);
            if (p.intermediate() != null) {
                intervals(out, p.intermediate());
            }
        });
    }

    /** What {@link #problem(String, BranchingProblem)} wrote. */
    record Problem(String onnx, BranchingProblem problem) {
    }

    static Problem problem(byte[] bytes) {
        return read(bytes, in -> {
            String onnx = in.readUTF();
            BranchingMode mode = BranchingMode.valueOf(in.readUTF());
            Interval box = interval(in);
            int n = in.readInt();
            List<UnsafeRegion> regions = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                double[][] c = new double[in.readInt()][];
                for (int k = 0; k < c.length; k++) {
                    c[k] = doubles(in);
                }
                regions.add(new UnsafeRegion(c, doubles(in)));
            }
            Map<String, Interval> intermediate = in.readBoolean() ? intervals(in) : null;
            return new Problem(onnx, new BranchingProblem(mode, box, regions, intermediate));
        });
    }

    private void domain(DataOutputStream out, Object d) throws IOException {
        if (d instanceof InputDomain in) {
            out.writeByte(INPUT);
            interval(out, in.box());
            ints(out, in.open());
            out.writeInt(in.splitDimension());
            out.writeDouble(in.parentBound());
        } else if (d instanceof ActivationDomain a) {
            out.writeByte(ACTIVATION);
            out.writeInt(a.splits().size());
            for (Split s : a.splits()) {
                out.writeUTF(s.value());
                out.writeInt(s.index());
                out.writeDouble(s.point());
                out.writeBoolean(s.above());
            }
            ints(out, a.open());
            out.writeBoolean(a.next() != null);
            if (a.next() != null) {
                out.writeUTF(a.next().value());
                out.writeInt(a.next().index());
                out.writeDouble(a.next().point());
                out.writeDouble(a.next().score());
            }
            intervals(out, a.tightened());
            out.writeDouble(a.parentBound());
        } else {
            throw new IllegalArgumentException("no way to send a domain of " + d.getClass().getName() + " to a worker");
        }
    }

    private Object domain(DataInputStream in) throws IOException {
        byte kind = in.readByte();
        if (kind == INPUT) {
            return new InputDomain(interval(in), ints(in), in.readInt(), in.readDouble());
        }
        if (kind != ACTIVATION) {
            throw new IOException("unknown domain kind " + kind);
        }
        int n = in.readInt();
        List<Split> splits = new ArrayList<>(n);
        DomainBounder.State state = DomainBounder.State.initial();
        for (int i = 0; i < n; i++) {
            splits.add(new Split(in.readUTF(), in.readInt(), in.readDouble(), in.readBoolean()));
            state = state.child(rows);
        }
        int[] open = ints(in);
        Candidate next = in.readBoolean() ? new Candidate(in.readUTF(), in.readInt(), in.readDouble(), in.readDouble()) : null;
        Map<String, Interval> tightened = intervals(in);
        return new ActivationDomain(List.copyOf(splits), state, open, next, tightened, in.readDouble());
    }

    private static void intervals(DataOutputStream out, Map<String, Interval> m) throws IOException {
        out.writeInt(m.size());
        for (Map.Entry<String, Interval> e : m.entrySet()) {
            out.writeUTF(e.getKey());
            interval(out, e.getValue());
        }
    }

    private static Map<String, Interval> intervals(DataInputStream in) throws IOException {
        int n = in.readInt();
        Map<String, Interval> m = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            m.put(in.readUTF(), interval(in));
        }
        return m;
    }

    private static void interval(DataOutputStream out, Interval iv) throws IOException {
        doubles(out, iv.lower());
        doubles(out, iv.upper());
    }

    private static Interval interval(DataInputStream in) throws IOException {
        return new Interval(doubles(in), doubles(in));
    }

    private static void ints(DataOutputStream out, int[] a) throws IOException {
        out.writeInt(a.length);
        for (int x : a) {
            out.writeInt(x);
        }
    }

    private static int[] ints(DataInputStream in) throws IOException {
        int[] a = new int[in.readInt()];
        for (int i = 0; i < a.length; i++) {
            a[i] = in.readInt();
        }
        return a;
    }

    private static void doubles(DataOutputStream out, double[] a) throws IOException {
        out.writeInt(a.length);
        for (double x : a) {
            out.writeDouble(x);
        }
    }

    private static double[] doubles(DataInputStream in) throws IOException {
        double[] a = new double[in.readInt()];
        for (int i = 0; i < a.length; i++) {
            a[i] = in.readDouble();
        }
        return a;
    }

    private static void doublesOrNull(DataOutputStream out, double[] a) throws IOException {
        out.writeBoolean(a != null);
        if (a != null) {
            doubles(out, a);
        }
    }

    private static double[] doublesOrNull(DataInputStream in) throws IOException {
        return in.readBoolean() ? doubles(in) : null;
    }
}
