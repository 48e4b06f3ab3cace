package io.netverify.verifier.shard;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The partition: every item in exactly one shard, independent of the input order, balanced by cost. */
class ShardTest {
    @Test
    void parsesIOfNAndRejectsAnythingElse() {
        assertEquals(new Shard(2, 3), Shard.parse(" 2/3 "));
        for (String bad : List.of("0/3", "4/3", "3", "a/b", "1/0", "1/2/3", "-1/2")) {
            assertThrows(ShardException.class, () -> Shard.parse(bad), bad);
        }
    }

    @Test
    void partitionIsStableUnderReorderingAndCoversEachItemOnce() {
        Random rnd = new Random(7);
        List<String> ids = new ArrayList<>();
        List<Double> costs = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            ids.add("net" + rnd.nextInt(5) + ".onnx,prop_" + i + ".vnnlib");
            costs.add((double) (1 + rnd.nextInt(300)));
        }
        ids.add(ids.get(3)); // a list may name an instance twice
        costs.add(costs.get(3));
        Map<String, Integer> first = byId(ids, costs, 4);
        List<Integer> order = new ArrayList<>(IntStream.range(0, ids.size()).boxed().toList());
        for (int trial = 0; trial < 5; trial++) {
            Collections.shuffle(order, rnd);
            assertEquals(first, byId(order.stream().map(ids::get).toList(), order.stream().map(costs::get).toList(), 4));
        }
        int covered = 0;
        for (int s = 1; s <= 4; s++) {
            covered += new Shard(s, 4).select(ids, costs.stream().mapToDouble(Double::doubleValue).toArray()).size();
        }
        assertEquals(ids.size(), covered);
    }

    @Test
    void loadsDifferByAtMostTheLargestCost() {
        Random rnd = new Random(11);
        for (int trial = 0; trial < 20; trial++) {
            int n = 1 + rnd.nextInt(100);
            int count = 1 + rnd.nextInt(8);
            List<String> ids = IntStream.range(0, n).mapToObj(i -> "p" + i).toList();
            double[] costs = IntStream.range(0, n).mapToDouble(i -> rnd.nextInt(4) == 0 ? 300 : 1 + rnd.nextInt(60)).toArray();
            int[] shard = Shard.assign(ids, costs, count);
            double[] load = new double[count];
            double max = 0;
            for (int i = 0; i < n; i++) {
                load[shard[i] - 1] += costs[i];
                max = Math.max(max, costs[i]);
            }
            double hi = java.util.Arrays.stream(load).max().orElseThrow();
            double lo = java.util.Arrays.stream(load).min().orElseThrow();
            // greedy longest-first: the heaviest shard got its last item while it was the lightest
            assertTrue(hi - lo <= max, "loads " + java.util.Arrays.toString(load));
        }
    }

    @Test
    void equalCostsGiveShardSizesThatDifferByAtMostOne() {
        List<String> ids = IntStream.range(0, 61).mapToObj(i -> Integer.toHexString(i * 7919)).toList();
        int[] shard = Shard.assign(ids, new double[ids.size()], 3);
        int[] size = new int[3];
        for (int s : shard) {
            size[s - 1]++;
        }
        assertTrue(Math.abs(size[0] - size[1]) <= 1 && Math.abs(size[1] - size[2]) <= 1 && Math.abs(size[0] - size[2]) <= 1,
            java.util.Arrays.toString(size));
    }

    /** Which shard each (id, occurrence) lands in. */
    private static Map<String, Integer> byId(List<String> ids, List<Double> costs, int count) {
        int[] shard = Shard.assign(ids, costs.stream().mapToDouble(Double::doubleValue).toArray(), count);
        Map<String, Integer> m = new HashMap<>();
        for (int i = 0; i < ids.size(); i++) {
            String key = ids.get(i);
            while (m.containsKey(key)) {
                key += "'";
            }
            m.put(key, shard[i]);
        }
        return m;
    }
}
