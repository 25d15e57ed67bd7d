/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.mcp.transport.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The deadline table with one sweep timer: every request is found due at its deadline and not
 * before, in deadline order, whatever order its deadlines were set in; the timer is armed only
 * when the earliest deadline moves earlier, and re-armed by each sweep for what is left.
 */
class DeadlinesTest {

  private final AtomicLong now = new AtomicLong(Long.MAX_VALUE - Duration.ofSeconds(5).toNanos()); // wraps while in use
  private final List<Duration> armed = new ArrayList<>();
  private final Deadlines<String> deadlines = new Deadlines<>(now::get, armed::add);

  private void advance(Duration by) {
    now.addAndGet(by.toNanos());
  }

  @Test
  void requestsAreDueAtTheirDeadlineInDeadlineOrder() {
    deadlines.set("slow", Duration.ofSeconds(10));
    deadlines.set("fast", Duration.ofSeconds(1));
    deadlines.set("mid", Duration.ofSeconds(5));
    assertEquals(List.of(Duration.ofSeconds(10), Duration.ofSeconds(1)), armed, "armed again only for an earlier deadline");
    advance(Duration.ofMillis(999));
    assertEquals(List.of(), deadlines.sweep(), "nothing is due a little early");
    assertEquals(Duration.ofMillis(1), armed.get(armed.size() - 1), "and the sweep re-arms for the earliest");
    advance(Duration.ofMillis(6001));
    assertEquals(List.of("fast", "mid"), deadlines.sweep());
    assertEquals(Duration.ofSeconds(3), armed.get(armed.size() - 1));
    assertEquals(1, deadlines.size());
    advance(Duration.ofSeconds(3));
    assertEquals(List.of("slow"), deadlines.sweep());
    int arms = armed.size();
    assertEquals(List.of(), deadlines.sweep());
    assertEquals(arms, armed.size(), "an empty table arms nothing");
  }

  @Test
  void aCancelledRequestIsNeverDueAndAMovedOneIsDueAtItsNewDeadline() {
    deadlines.set("answered", Duration.ofSeconds(1));
    deadlines.set("notified", Duration.ofSeconds(1));
    deadlines.cancel("answered");
    advance(Duration.ofMillis(500));
    deadlines.set("notified", Duration.ofSeconds(1)); // a notification restarts its wait
    advance(Duration.ofMillis(600));
    assertEquals(List.of(), deadlines.sweep());
    assertEquals(Duration.ofMillis(400), armed.get(armed.size() - 1));
    advance(Duration.ofMillis(400));
    assertEquals(List.of("notified"), deadlines.sweep());
    assertEquals(0, deadlines.size());
  }

  @Test
  void requestsArrivingAfterTheFirstArmNothingWhileTheTimeoutIsTheSame() {
    for (int i = 0; i < 1000; i++) {
      deadlines.set("r" + i, Duration.ofSeconds(30));
      advance(Duration.ofMillis(1));
      deadlines.cancel("r" + i);
    }
    assertEquals(1, armed.size(), "one timer for a thousand requests");
  }
}
