package org.pekkomcp.multijvm;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

/**
 * The deadline loop for checks that must keep holding for a while (a pause that must go
 * unnoticed). Each check is a real round trip to a node; the short park between checks only
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
}
