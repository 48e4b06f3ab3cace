package io.netverify.benchmarks.fuzz;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * A small mutational fuzzer for the suite: each input is a seed with a few random edits (bit flips,
 * interesting bytes and tokens, deleted, repeated or inserted ranges, splices of two seeds).
 * Deterministic per seed, so a failure reproduces; the long coverage-guided runs are
 * {@link ParserFuzz}'s.
 */
final class SeededMutator {
    private static final byte[] BYTES = {0, 1, 0x7f, (byte) 0x80, (byte) 0xff, '(', ')', '-', '.', 'e', '9', ' ', '\n', ';'};
    private static final List<byte[]> TOKENS = List.of(new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x0f},
        new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 1},
        ascii("1e-400"), ascii("1e400"), ascii("-0"), ascii("0.1"), ascii("(and "), ascii("(or "), ascii("X_99999"),
        ascii("Y_0"), ascii("(assert "), ascii("(declare-const X_1 Real)"), ascii("(- 1)"), ascii("1.7976931348623157e308"));

    private final Random random;
    private final List<byte[]> seeds;

    SeededMutator(long seed, List<byte[]> seeds) {
        this.random = new Random(seed);
        this.seeds = seeds;
    }

    byte[] next() {
        byte[] b = seeds.get(random.nextInt(seeds.size()));
        for (int k = 1 + random.nextInt(4); k > 0; k--) {
            b = mutate(b);
        }
        return b;
    }

    private byte[] mutate(byte[] b) {
        int n = b.length;
        int at = n == 0 ? 0 : random.nextInt(n);
        switch (random.nextInt(7)) {
            case 0 -> {
                if (n > 0) {
                    b = b.clone();
                    b[at] ^= (byte) (1 << random.nextInt(8));
                }
            }
            case 1 -> {
                if (n > 0) {
                    b = b.clone();
                    b[at] = BYTES[random.nextInt(BYTES.length)];
                }
            }
            case 2 -> b = splice(b, at, Math.min(n, at + 1 + random.nextInt(16)), new byte[0]);
            case 3 -> {
                byte[] r = new byte[1 + random.nextInt(8)];
                random.nextBytes(r);
                b = splice(b, at, at, r);
            }
            case 4 -> b = splice(b, at, at, Arrays.copyOfRange(b, at, Math.min(n, at + 1 + random.nextInt(64))));
            case 5 -> {
                byte[] other = seeds.get(random.nextInt(seeds.size()));
                int from = other.length == 0 ? 0 : random.nextInt(other.length);
                b = splice(b, at, n, Arrays.copyOfRange(other, from, other.length));
            }
            default -> {
                byte[] t = TOKENS.get(random.nextInt(TOKENS.size()));
                b = splice(b, at, Math.min(n, at + (random.nextBoolean() ? t.length : 0)), t);
            }
        }
        return b;
    }

    /** b with [from, to) replaced by r. */
    private static byte[] splice(byte[] b, int from, int to, byte[] r) {
        byte[] out = new byte[b.length - (to - from) + r.length];
        System.arraycopy(b, 0, out, 0, from);
        System.arraycopy(r, 0, out, from, r.length);
        System.arraycopy(b, to, out, from + r.length, b.length - to);
        return out;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
