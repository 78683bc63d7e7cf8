package dev.stowage.bench;

import java.util.Arrays;
import java.util.Locale;

/** Times two tasks alternately in one process and prints their figures and ratio, so both see the same machine state. */
final class Ratio {
    /** A measured task. */
    interface Task {
        void run() throws Exception;
    }

    private Ratio() {
    }

    /**
     * Runs warm-up rounds, then {@code rounds} alternating rounds of each task, and prints the median throughput
     * of each in {@code unit} per second given {@code amount} units per run, and candidate/baseline.
     *
     * @return the ratio candidate/baseline of median throughputs
     */
    static double compare(String title, String unit, double amount, int warmup, int rounds,
                          String baselineName, Task baseline, String candidateName, Task candidate) throws Exception {
        for (int i = 0; i < warmup; i++) {
            baseline.run();
            candidate.run();
        }
        double[] b = new double[rounds];
        double[] c = new double[rounds];
        for (int i = 0; i < rounds; i++) {
            // alternate which goes first so neither always runs on a warmer cache
            if (i % 2 == 0) {
                b[i] = time(baseline, amount);
                c[i] = time(candidate, amount);
            } else {
                c[i] = time(candidate, amount);
                b[i] = time(baseline, amount);
            }
        }
        double mb = median(b);
        double mc = median(c);
        double ratio = mc / mb;
        System.out.printf(Locale.ROOT, "%-44s %-14s %10.1f %s/s%n", title, baselineName, mb, unit);
        System.out.printf(Locale.ROOT, "%-44s %-14s %10.1f %s/s   ratio %.3f (min %.3f, max %.3f over %d rounds)%n",
                "", candidateName, mc, unit, ratio, min(c) / max(b), max(c) / min(b), rounds);
        return ratio;
    }

    private static double time(Task task, double amount) throws Exception {
        long t0 = System.nanoTime();
        task.run();
        long t1 = System.nanoTime();
        return amount / ((t1 - t0) / 1e9);
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    private static double min(double[] v) {
        return Arrays.stream(v).min().orElse(0);
    }

    private static double max(double[] v) {
        return Arrays.stream(v).max().orElse(0);
    }
}
