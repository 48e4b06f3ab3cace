package io.netverify.cli;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * A cactus plot as a standalone SVG: for each tool, the number of instances solved within t
 * seconds, against t on a logarithmic axis (a step up at each solved instance's time).
 */
final class CactusPlot {
    /** One tool's curve: the times of its solved instances, in any order. */
    record Series(String name, double[] solvedSeconds) {
    }

    private static final int WIDTH = 640;
    private static final int HEIGHT = 420;
    private static final int LEFT = 60;
    private static final int RIGHT = 20;
    private static final int TOP = 40;
    private static final int BOTTOM = 50;
    private static final String[] COLOURS = {"#1f77b4", "#d62728", "#2ca02c", "#9467bd"};
    /** Times below this are drawn at it: a log axis has no zero. */
    private static final double MIN_SECONDS = 0.01;

    private CactusPlot() {
    }

    /**
     * @param instances height of the y axis (the number of instances run)
     * @param maxSeconds the x axis reaches at least this far (the largest timeout)
     */
    static String svg(String title, List<Series> series, int instances, double maxSeconds) {
        double lo = MIN_SECONDS;
        double hi = Math.max(maxSeconds, 1);
        double fastest = Double.POSITIVE_INFINITY;
        for (Series s : series) {
            for (double t : s.solvedSeconds()) {
                hi = Math.max(hi, t);
                fastest = Math.min(fastest, t);
            }
        }
        if (Double.isFinite(fastest)) {
            lo = Math.max(MIN_SECONDS, Math.pow(10, Math.floor(Math.log10(Math.max(fastest, MIN_SECONDS)))));
        }
        double logLo = Math.log10(lo);
        double logHi = Math.max(Math.ceil(Math.log10(hi)), logLo + 1);
        int yMax = Math.max(instances, 1);
        Axes axes = new Axes(logLo, logHi, yMax);

        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>%n"
            + "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" "
            + "font-family=\"sans-serif\" font-size=\"12\">%n", WIDTH, HEIGHT, WIDTH, HEIGHT));
        sb.append("<title>").append(escape(title)).append("</title>\n");
        sb.append(String.format(Locale.ROOT, "<rect width=\"%d\" height=\"%d\" fill=\"white\"/>%n", WIDTH, HEIGHT));
        sb.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" font-size=\"14\">%s</text>%n",
            WIDTH / 2, TOP / 2 + 4, escape(title)));
        for (int e = (int) Math.floor(logLo); e <= logHi; e++) {
            double x = axes.x(e);
            sb.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#ddd\"/>%n",
                x, TOP, x, HEIGHT - BOTTOM));
            sb.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>%n",
                x, HEIGHT - BOTTOM + 16, BigDecimal.valueOf(Math.pow(10, e)).stripTrailingZeros().toPlainString()));
        }
        int step = yStep(yMax);
        for (int k = 0; k <= yMax; k += step) {
            double y = axes.y(k);
            sb.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#ddd\"/>%n",
                LEFT, y, WIDTH - RIGHT, y));
            sb.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%d</text>%n", LEFT - 6, y + 4, k));
        }
        sb.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" stroke=\"black\"/>%n",
            LEFT, TOP, WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM));
        sb.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">time (s, log scale)</text>%n",
            (LEFT + WIDTH - RIGHT) / 2, HEIGHT - 12));
        sb.append(String.format(Locale.ROOT, "<text x=\"16\" y=\"%d\" text-anchor=\"middle\" transform=\"rotate(-90 16 %d)\">"
            + "instances solved</text>%n", (TOP + HEIGHT - BOTTOM) / 2, (TOP + HEIGHT - BOTTOM) / 2));
        for (int i = 0; i < series.size(); i++) {
            Series s = series.get(i);
            String colour = COLOURS[i % COLOURS.length];
            sb.append(String.format(Locale.ROOT, "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"2\" points=\"%s\"/>%n",
                colour, steps(s.solvedSeconds(), axes, lo)));
            double ly = TOP + 16 + 16 * i;
            sb.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"%s\" stroke-width=\"2\"/>%n",
                LEFT + 10, ly - 4, LEFT + 30, ly - 4, colour));
            sb.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\">%s (%d solved)</text>%n",
                LEFT + 36, ly, escape(s.name()), s.solvedSeconds().length));
        }
        return sb.append("</svg>\n").toString();
    }

    /** Plot coordinates: log10 seconds to the right, solved count upwards. */
    private record Axes(double logLo, double logHi, int yMax) {
        double x(double log10Seconds) {
            return LEFT + (log10Seconds - logLo) / (logHi - logLo) * (WIDTH - LEFT - RIGHT);
        }

        double y(double solved) {
            return HEIGHT - BOTTOM - solved / yMax * (HEIGHT - TOP - BOTTOM);
        }
    }

    private static String steps(double[] seconds, Axes axes, double lo) {
        double[] t = seconds.clone();
        Arrays.sort(t);
        StringBuilder sb = new StringBuilder(point(axes, Math.log10(lo), 0));
        for (int i = 0; i < t.length; i++) {
            double x = Math.log10(Math.max(t[i], lo));
            sb.append(' ').append(point(axes, x, i)).append(' ').append(point(axes, x, i + 1));
        }
        return sb.toString();
    }

    private static String point(Axes axes, double log10Seconds, int solved) {
        return String.format(Locale.ROOT, "%.1f,%.1f", axes.x(log10Seconds), axes.y(solved));
    }

    /** 1, 2, 5, 10, 20, 50, ...: at most about 10 ticks. */
    private static int yStep(int max) {
        for (int p = 1; ; p *= 10) {
            for (int m : new int[] {1, 2, 5}) {
                if (max / (m * p) <= 10) {
                    return m * p;
                }
            }
        }
    }

    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
