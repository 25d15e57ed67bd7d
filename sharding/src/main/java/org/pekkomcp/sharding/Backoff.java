/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.sharding;

import java.time.Duration;
import java.util.Objects;

/**
 * How long to wait before starting a server instance again: doubling from {@code min} to
 * {@code max} with each stop in a row, back to {@code min} once an instance has run for at least
 * {@code max} (a server that fails at once is not restarted in a tight loop, one that ran for a
 * while comes back quickly).
 *
 * @param failures stops in a row of instances that ran less than {@code max}
 */
public record Backoff(Duration min, Duration max, int failures) {

  public Backoff {
    Objects.requireNonNull(min, "min");
    Objects.requireNonNull(max, "max");
    if (min.isNegative() || min.isZero() || max.compareTo(min) < 0) {
      throw new IllegalArgumentException("backoff wants 0 < min <= max, got " + min + " and " + max);
    }
    if (failures < 0) {
      throw new IllegalArgumentException("failures must not be negative");
    }
  }

  public static Backoff of(Duration min, Duration max) {
    return new Backoff(min, max, 0);
  }

  /** The state after an instance that ran for {@code ran} stopped. */
  public Backoff stopped(Duration ran) {
    return new Backoff(min, max, ran.compareTo(max) >= 0 ? 1 : Math.min(failures + 1, 31));
  }

  /** The pause before the next start: none before the first, then min, 2 min, 4 min ... max. */
  public Duration delay() {
    if (failures == 0) {
      return Duration.ZERO;
    }
    Duration delay = min;
    for (int i = 1; i < failures && delay.compareTo(max) < 0; i++) {
      delay = delay.multipliedBy(2);
    }
    return delay.compareTo(max) > 0 ? max : delay;
  }
}
