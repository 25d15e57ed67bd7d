/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.multijvm;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.concurrent.locks.LockSupport;

/**
 * Deadline loops: for checks that must keep holding for a while (a pause that must go
 * unnoticed), and for conditions only the test can evaluate (across nodes). Each check is a real round trip to a node; the short park between checks only
 * keeps the loop from spinning on a 2-core machine.
 */
final class Polling {

  private static final Duration INTERVAL = Duration.ofMillis(100);

  private Polling() {}

  /** Runs {@code check} repeatedly until {@code duration} has passed; returns how often it ran. */
  static int holdsFor(Duration duration, Runnable check) {
    long end = System.nanoTime() + duration.toNanos();
    int checks = 0;
    do {
      check.run();
      checks++;
      LockSupport.parkNanos(INTERVAL.toNanos());
    } while (System.nanoTime() < end);
    return checks;
  }

  /** Checks {@code condition} until it holds (true) or {@code timeout} passes (false). */
  static boolean until(Duration timeout, BooleanSupplier condition) {
    long end = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > end) {
        return false;
      }
      LockSupport.parkNanos(INTERVAL.toNanos());
    }
    return true;
  }
}
