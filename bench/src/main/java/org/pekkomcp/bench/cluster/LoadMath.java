/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.bench.cluster;

import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.locks.LockSupport;

/** Percentiles, rates and the load driver's output format. */
final class LoadMath {

  private LoadMath() {}

  /** "p50 / p90 / p99 / p99.9 / max" of nanosecond samples, in milliseconds. */
  static String percentilesMs(long[] nanos, int count) {
    if (count == 0) {
      return "no samples";
    }
    long[] sorted = Arrays.copyOf(nanos, count);
    Arrays.sort(sorted);
    return String.format(Locale.ROOT, "p50 %s / p90 %s / p99 %s / p99.9 %s / max %s ms",
        ms(at(sorted, 50)), ms(at(sorted, 90)), ms(at(sorted, 99)), ms(at(sorted, 99.9)), ms(sorted[count - 1]));
  }

  /** The same in nanoseconds, for reads. */
  static String percentilesNs(double[] nanos, int count) {
    double[] sorted = Arrays.copyOf(nanos, count);
    Arrays.sort(sorted);
    return String.format(Locale.ROOT, "p50 %.1f / p90 %.1f / p99 %.1f / p99.9 %.1f ns",
        sorted[index(count, 50)], sorted[index(count, 90)], sorted[index(count, 99)], sorted[index(count, 99.9)]);
  }

  static long at(long[] sorted, double percentile) {
    return sorted[index(sorted.length, percentile)];
  }

  private static int index(int count, double percentile) {
    int i = (int) Math.ceil(percentile / 100.0 * count) - 1;
    return Math.max(0, Math.min(count - 1, i));
  }

  static String ms(long nanos) {
    double ms = nanos / 1e6;
    return String.format(Locale.ROOT, ms >= 100 ? "%.0f" : ms >= 10 ? "%.1f" : "%.2f", ms);
  }

  static String rate(double perSecond) {
    if (perSecond >= 1e6) {
      return String.format(Locale.ROOT, "%.2f M/s", perSecond / 1e6);
    }
    if (perSecond >= 1e3) {
      return String.format(Locale.ROOT, "%.1f K/s", perSecond / 1e3);
    }
    return String.format(Locale.ROOT, "%.0f /s", perSecond);
  }

  static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }

  /** Waits without Thread.sleep's interrupt handling: the driver has nothing to interrupt. */
  static void pause(long millis) {
    LockSupport.parkNanos(millis * 1_000_000L);
  }
}
