package io.vouch.loadtest.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.DoubleFunction;
import java.util.function.DoubleUnaryOperator;

/** Draws small line charts as inline SVG (no script, no external resources) for the HTML report. */
public final class SvgChart {

    /** One line: points in data coordinates. */
    public record Series(String name, String color, List<double[]> points) {
        public Series {
            points = List.copyOf(points);
        }
    }

    /** An axis tick: data value and label. */
    public record Tick(double value, String label) {
    }

    /** How data values map to [0, 1] along an axis, and where the ticks go. */
    public record Axis(String label, DoubleUnaryOperator scale, List<Tick> ticks) {
        public Axis {
            ticks = List.copyOf(ticks);
        }
    }

    private static final int WIDTH = 760;
    private static final int HEIGHT = 320;
    private static final int LEFT = 64;
    private static final int RIGHT = 40;
    private static final int TOP = 30;
    private static final int BOTTOM = 48;

    private SvgChart() {
    }

    /** A linear axis from {@code min} to {@code max} with about five round ticks. */
    public static Axis linear(String label, double min, double max, DoubleFunction<String> format) {
        if (!(max > min)) {
            max = min + 1;
        }
        double step = niceStep((max - min) / 5);
        double top = Math.ceil(max / step) * step;
        double lo = min;
        double hi = top;
        List<Tick> ticks = new ArrayList<>();
        for (double v = Math.ceil(lo / step) * step; v <= hi + step / 1e6; v += step) {
            ticks.add(new Tick(v, format.apply(v)));
        }
        return new Axis(label, v -> (v - lo) / (hi - lo), ticks);
    }

    /** An axis over whole numbers {@code min..max} (steps), with at most about ten ticks. */
    public static Axis integers(String label, int min, int max) {
        int hi = Math.max(max, min + 1);
        int every = Math.max(1, (int) Math.ceil((hi - min) / 10.0));
        List<Tick> ticks = new ArrayList<>();
        for (int v = min; v <= hi; v += every) {
            ticks.add(new Tick(v, Integer.toString(v)));
        }
        return new Axis(label, v -> (v - min) / (double) (hi - min), ticks);
    }

    /**
     * The HdrHistogram percentile axis: position {@code log10(1 / (1 - p))}, so 90 %, 99 %, 99.9 % ... are
     * equally spaced; {@code nines} is the number of nines at the right end.
     */
    public static Axis percentile(int nines) {
        List<Tick> ticks = new ArrayList<>();
        String[] labels = {"0%", "90%", "99%", "99.9%", "99.99%", "99.999%", "99.9999%"};
        for (int i = 0; i <= nines; i++) {
            ticks.add(new Tick(i, labels[i]));
        }
        return new Axis("percentile", x -> Math.min(x, nines) / nines, ticks);
    }

    /** The x position of a percentile (0–100) on {@link #percentile(int)}; 100 maps to {@code nines}. */
    public static double percentileX(double percentile, int nines) {
        if (percentile >= 100) {
            return nines;
        }
        return Math.min(nines, Math.log10(1 / (1 - percentile / 100)));
    }

    public static String render(String title, Axis x, Axis y, List<Series> series) {
        int pw = WIDTH - LEFT - RIGHT;
        int ph = HEIGHT - TOP - BOTTOM;
        StringBuilder sb = new StringBuilder(8192);
        sb.append("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 ").append(WIDTH).append(' ')
                .append(HEIGHT).append("\" role=\"img\" aria-label=\"").append(Html.escape(title))
                .append("\" class=\"chart\">");
        sb.append("<rect x=\"").append(LEFT).append("\" y=\"").append(TOP).append("\" width=\"").append(pw)
                .append("\" height=\"").append(ph).append("\" fill=\"#fbfbfd\" stroke=\"#ccc\"/>");
        for (Tick t : y.ticks()) {
            double py = TOP + ph - y.scale().applyAsDouble(t.value()) * ph;
            sb.append(String.format(Locale.ROOT,
                    "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#e3e3e8\"/>"
                            + "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\" class=\"tick\">%s</text>",
                    LEFT, LEFT + pw, py, py, LEFT - 6, py + 4, Html.escape(t.label())));
        }
        for (Tick t : x.ticks()) {
            double px = LEFT + x.scale().applyAsDouble(t.value()) * pw;
            sb.append(String.format(Locale.ROOT,
                    "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%d\" y2=\"%d\" stroke=\"#e3e3e8\"/>"
                            + "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\" class=\"tick\">%s</text>",
                    px, px, TOP, TOP + ph, px, TOP + ph + 16, Html.escape(t.label())));
        }
        sb.append(String.format(Locale.ROOT,
                "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" class=\"axis\">%s</text>"
                        + "<text x=\"14\" y=\"%d\" text-anchor=\"middle\" class=\"axis\" transform=\"rotate(-90 14 %d)\">"
                        + "%s</text>",
                LEFT + pw / 2, HEIGHT - 10, Html.escape(x.label()), TOP + ph / 2, TOP + ph / 2,
                Html.escape(y.label())));
        int legendX = LEFT;
        for (Series s : series) {
            StringBuilder path = new StringBuilder();
            for (double[] p : s.points()) {
                double px = LEFT + clamp(x.scale().applyAsDouble(p[0])) * pw;
                double py = TOP + ph - clamp(y.scale().applyAsDouble(p[1])) * ph;
                path.append(path.isEmpty() ? "M" : "L").append(String.format(Locale.ROOT, "%.1f,%.1f ", px, py));
            }
            if (!path.isEmpty()) {
                sb.append("<path d=\"").append(path.toString().strip()).append("\" fill=\"none\" stroke=\"")
                        .append(s.color()).append("\" stroke-width=\"2\"><title>").append(Html.escape(s.name()))
                        .append("</title></path>");
            }
            sb.append(String.format(Locale.ROOT,
                    "<rect x=\"%d\" y=\"%d\" width=\"12\" height=\"4\" fill=\"%s\"/>"
                            + "<text x=\"%d\" y=\"%d\" class=\"legend\">%s</text>",
                    legendX, TOP - 18, s.color(), legendX + 16, TOP - 13, Html.escape(s.name())));
            legendX += 24 + 7 * s.name().length();
        }
        return sb.append("</svg>").toString();
    }

    private static double clamp(double v) {
        return Double.isNaN(v) ? 0 : Math.max(0, Math.min(1, v));
    }

    /** A short axis label: no exponent, as many decimals as the tick step needs. */
    public static String label(double v) {
        double a = Math.abs(v);
        if (a == 0) {
            return "0";
        }
        if (a >= 100) {
            return String.format(Locale.ROOT, "%.0f", v);
        }
        if (a >= 10) {
            return String.format(Locale.ROOT, "%.1f", v).replaceAll("\\.0$", "");
        }
        if (a >= 0.1) {
            return String.format(Locale.ROOT, "%.2f", v).replaceAll("0$", "").replaceAll("\\.$", "");
        }
        return String.format(Locale.ROOT, "%.3f", v);
    }

    static double niceStep(double raw) {
        if (!(raw > 0)) {
            return 1;
        }
        double magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
        double f = raw / magnitude;
        double nice = f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10;
        return nice * magnitude;
    }
}
