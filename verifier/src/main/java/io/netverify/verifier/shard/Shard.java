package io.netverify.verifier.shard;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * Shard {@code index} of {@code count} (1-based, as in {@code --shard 2/3}). The partition depends
 * only on each item's identity and cost, never on the order of the input: items are sorted by cost
 * (largest first), then by id, and each goes to the shard with the least cost so far (longest
 * processing time first; among equally loaded shards, the one with fewer items), so shards get
 * about the same total timeout, and the same number of items when costs are equal.
 */
public record Shard(int index, int count) {
    public Shard {
        if (count < 1 || index < 1 || index > count) {
            throw new ShardException("--shard must be i/N with 1 <= i <= N, got " + index + "/" + count);
        }
    }

    /** Parses {@code i/N}. */
    public static Shard parse(String text) {
        String[] p = text.strip().split("/", -1);
        try {
            if (p.length == 2) {
                return new Shard(Integer.parseInt(p[0].strip()), Integer.parseInt(p[1].strip()));
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new ShardException("--shard must be i/N (e.g. 2/3), got '" + text + "'");
    }

    /**
     * The shard (1..count) of each item. Items with the same id (a list naming an instance twice)
     * are told apart by their occurrence, in input order.
     *
     * @param ids   what identifies each item across machines and orderings (e.g. relative paths or a hash)
     * @param costs each item's expected cost (its timeout), non-negative
     */
    public static int[] assign(List<String> ids, double[] costs, int count) {
        int n = ids.size();
        int[] occurrence = new int[n];
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < n; i++) {
            occurrence[i] = seen.merge(ids.get(i), 1, Integer::sum);
        }
        List<Integer> order = new ArrayList<>(IntStream.range(0, n).boxed().toList());
        order.sort(Comparator.<Integer>comparingDouble(i -> -costs[i]).thenComparing(ids::get)
            .thenComparingInt(i -> occurrence[i]));
        double[] load = new double[count];
        int[] items = new int[count];
        int[] shard = new int[n];
        for (int i : order) {
            int least = 0;
            for (int s = 1; s < count; s++) {
                if (load[s] < load[least] || load[s] == load[least] && items[s] < items[least]) {
                    least = s;
                }
            }
            load[least] += costs[i];
            items[least]++;
            shard[i] = least + 1;
        }
        return shard;
    }

    /** The positions of the items of this shard, in input order. */
    public List<Integer> select(List<String> ids, double[] costs) {
        int[] shard = assign(ids, costs, count);
        return IntStream.range(0, shard.length).filter(i -> shard[i] == index).boxed().toList();
    }

    @Override
    public String toString() {
        return index + "/" + count;
    }
}
