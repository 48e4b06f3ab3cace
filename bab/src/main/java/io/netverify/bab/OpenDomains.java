package io.netverify.bab;

import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.stream.Stream;

/**
 * The domains waiting to be branched: a priority queue, worst lower bound first, plus a stack for
 * depth-first search when memory runs short. The stack is always drained first, so a depth-first
 * dive finishes its subtree (keeping the number of open domains small) before the search returns
 * to the worst domain of the queue; switching order never reorders anything.
 */
final class OpenDomains<D> {
    /** A waiting domain with its estimated size. */
    record Entry<D>(BoundedDomain<D> bounded, long bytes, long sequence) {
        /** NaN bounds sort first: they are the least known. */
        double key() {
            return Double.isNaN(bounded.lowerBound()) ? Double.NEGATIVE_INFINITY : bounded.lowerBound();
        }
    }

    private static final Comparator<Entry<?>> WORST_FIRST =
        Comparator.<Entry<?>>comparingDouble(Entry::key).thenComparingLong(Entry::sequence);

    private final PriorityQueue<Entry<D>> queue = new PriorityQueue<>(WORST_FIRST);
    private final ArrayDeque<Entry<D>> stack = new ArrayDeque<>();
    private long bytes;
    private long sequence;

    /** Adds a domain: onto the stack in depth-first mode, else into the queue. */
    void add(BoundedDomain<D> d, long size, boolean depthFirst) {
        Entry<D> e = new Entry<>(d, size, sequence++);
        if (depthFirst) {
            stack.push(e);
        } else {
            queue.add(e);
        }
        bytes += size;
    }

    /** The most recent domain of a depth-first dive, else the one with the worst bound. */
    Entry<D> poll() {
        Entry<D> e = stack.isEmpty() ? queue.poll() : stack.pop();
        bytes -= e.bytes();
        return e;
    }

    boolean isEmpty() {
        return stack.isEmpty() && queue.isEmpty();
    }

    int size() {
        return stack.size() + queue.size();
    }

    long bytes() {
        return bytes;
    }

    /** The least lower bound of the waiting domains; positive infinity when none wait. */
    double worstBound() {
        double worst = queue.isEmpty() ? Double.POSITIVE_INFINITY : queue.peek().key();
        for (Entry<D> e : stack) {
            worst = Math.min(worst, e.key());
        }
        return worst;
    }

    /** The candidates of the (at most) {@code n} worst waiting domains that have one, worst first; a scan of all of them. */
    List<double[]> worstCandidates(int n) {
        return Stream.concat(stack.stream(), queue.stream())
            .filter(e -> e.bounded().candidate() != null)
            .sorted(WORST_FIRST)
            .limit(n)
            .map(e -> e.bounded().candidate())
            .toList();
    }
}
