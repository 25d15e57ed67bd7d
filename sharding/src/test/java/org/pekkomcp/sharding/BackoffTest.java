/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.sharding;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {

  private static final Duration MIN = Duration.ofMillis(100);
  private static final Duration MAX = Duration.ofSeconds(1);
  private static final Duration BRIEF = Duration.ofMillis(10);

  @Test
  void theFirstStartDoesNotWait() {
    assertEquals(Duration.ZERO, Backoff.of(MIN, MAX).delay());
  }

  @Test
  void stopsInARowDoubleThePauseUpToTheMaximum() {
    Backoff b = Backoff.of(MIN, MAX);
    b = b.stopped(BRIEF);
    assertEquals(MIN, b.delay());
    b = b.stopped(BRIEF);
    assertEquals(Duration.ofMillis(200), b.delay());
    b = b.stopped(BRIEF);
    assertEquals(Duration.ofMillis(400), b.delay());
    for (int i = 0; i < 100; i++) {
      b = b.stopped(BRIEF);
    }
    assertEquals(MAX, b.delay());
  }

  @Test
  void anInstanceThatRanForTheMaximumIsRestartedAfterTheMinimum() {
    Backoff b = Backoff.of(MIN, MAX).stopped(BRIEF).stopped(BRIEF).stopped(BRIEF);
    assertEquals(MIN, b.stopped(MAX).delay());
  }

  @Test
  void boundsAreChecked() {
    assertThrows(IllegalArgumentException.class, () -> Backoff.of(Duration.ZERO, MAX));
    assertThrows(IllegalArgumentException.class, () -> Backoff.of(MAX, MIN));
  }
}
