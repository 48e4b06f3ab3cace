package io.netverify.training;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.LongFunction;

/**
 * A training loop over a labelled dataset: shuffled mini-batches, for each the loss of the step
 * (which may change with the step, e.g. kappa ramping down), the eps of {@link EpsSchedule}, and
 * one optimizer step. Batch normalisation runs in training mode during training and is left in
 * evaluation mode.
 *
 * @param epochs    passes over the data
 * @param batchSize samples per step
 * @param loss      the loss of each step (by global step index)
 * @param eps       the eps of each step
 * @param low       the smallest input value (boxes are clipped to it)
 * @param high      the largest input value
 * @param seed      seed of the shuffling
 */
public record Trainer(int epochs, int batchSize, LongFunction<RobustLoss> loss, EpsSchedule eps, double low,
                      double high, long seed) {
    /** The totals of one epoch. */
    public record Epoch(int epoch, double loss, double accuracy, double verified, double eps, double seconds) {
    }

    /**
     * Natural training: the clean cross-entropy only, no bounds.
     *
     * @param epochs    passes over the data
     * @param batchSize samples per step
     * @param low       the smallest input value
     * @param high      the largest input value
     * @param seed      seed of the shuffling
     * @return the trainer
     */
    public static Trainer natural(int epochs, int batchSize, double low, double high, long seed) {
        return new Trainer(epochs, batchSize, step -> RobustLoss.natural(), EpsSchedule.linear(0, 0, 0), low, high, seed);
    }

    /**
     * IBP training in the manner of Gowal et al. and Shi et al.: {@code warmup} epochs of natural
     * training, then eps ramps (smoothed) to {@code eps} over {@code ramp} epochs while kappa falls
     * linearly from 1 to 0, then pure IBP loss at {@code eps}. With {@code beta > 0} the bounds are
     * that share of CROWN-IBP (CROWN-IBP training).
     *
     * @param epochs    passes over the data
     * @param batchSize samples per step
     * @param samples   the training samples (the schedule counts steps)
     * @param eps       the final eps
     * @param warmup    epochs of natural training
     * @param ramp      epochs of the ramp
     * @param beta      share of CROWN-IBP in the bounds, in [0, 1]
     * @param low       the smallest input value (boxes are clipped to it)
     * @param high      the largest input value
     * @param seed      seed of the shuffling
     * @return the trainer
     */
    public static Trainer certified(int epochs, int batchSize, int samples, double eps, int warmup, int ramp, double beta,
                                    double low, double high, long seed) {
        long perEpoch = (samples + batchSize - 1) / batchSize;
        long start = warmup * perEpoch;
        long length = ramp * perEpoch;
        return new Trainer(epochs, batchSize, step -> {
            double progress = step < start ? 0 : Math.min(1, (double) (step - start) / Math.max(1, length));
            return new RobustLoss(1 - progress, beta);
        }, EpsSchedule.smoothed(eps, start, length), low, high, seed);
    }

    /**
     * The steps of one epoch (the last partial batch is kept).
     *
     * @param samples the training samples
     * @return the steps per epoch
     */
    public int stepsPerEpoch(int samples) {
        return (samples + batchSize - 1) / batchSize;
    }

    /**
     * Trains a network; it is left in evaluation mode.
     *
     * @param net       the network, trained in place
     * @param optimizer the optimizer of the parameters
     * @param x         the training inputs, one array per sample
     * @param labels    the class of each sample
     * @return the totals of every epoch
     */
    public List<Epoch> train(Network net, Optimizer optimizer, double[][] x, int[] labels) {
        Random random = new Random(seed);
        int n = x.length;
        int size = net.input().size();
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        List<Epoch> log = new ArrayList<>();
        long step = 0;
        net.training(true);
        try {
            for (int e = 0; e < epochs; e++) {
                long start = System.nanoTime();
                shuffle(order, random);
                double lossSum = 0;
                int correct = 0;
                int verified = 0;
                double lastEps = 0;
                for (int from = 0; from < n; from += batchSize) {
                    int b = Math.min(batchSize, n - from);
                    double[] batch = new double[b * size];
                    int[] y = new int[b];
                    for (int i = 0; i < b; i++) {
                        System.arraycopy(x[order[from + i]], 0, batch, i * size, size);
                        y[i] = labels[order[from + i]];
                    }
                    lastEps = eps.eps(step);
                    RobustLoss.Result r = loss.apply(step).evaluate(net, batch, y, lastEps, low, high);
                    optimizer.step(net.parameters());
                    lossSum += r.loss() * b;
                    correct += r.correct();
                    verified += r.verified();
                    step++;
                }
                log.add(new Epoch(e, lossSum / n, (double) correct / n, (double) verified / n, lastEps,
                    (System.nanoTime() - start) / 1e9));
            }
        } finally {
            net.training(false);
        }
        return log;
    }

    private static void shuffle(int[] a, Random r) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }
}
