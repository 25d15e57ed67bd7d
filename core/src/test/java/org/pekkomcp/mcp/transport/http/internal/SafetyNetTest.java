/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.mcp.transport.http.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.junit.jupiter.api.Test;

/** The net answers an exchange still open after its time, at the next sweep, and nothing else. */
class SafetyNetTest {

  private static final HttpResponse TIMED_OUT = HttpResponse.create().withStatus(StatusCodes.GATEWAY_TIMEOUT);

  @Test
  void anExchangeStillOpenAfterTheNetsTimeIsAnsweredAtTheSweep() {
    SafetyNet net = new SafetyNet(Duration.ZERO);
    CompletableFuture<HttpResponse> lost = new CompletableFuture<>();
    net.arm(lost, () -> TIMED_OUT);
    net.sweep();
    assertSame(TIMED_OUT, lost.join());
    assertEquals(0, net.size());
  }

  @Test
  void anAnsweredExchangeIsForgottenAndAYoungOneIsLeftAlone() {
    SafetyNet net = new SafetyNet(Duration.ofHours(1));
    CompletableFuture<HttpResponse> answered = new CompletableFuture<>();
    CompletableFuture<HttpResponse> waiting = new CompletableFuture<>();
    net.arm(answered, () -> TIMED_OUT);
    net.arm(waiting, () -> TIMED_OUT);
    net.disarm(answered);
    net.sweep();
    assertFalse(waiting.isDone(), "not before its time");
    assertEquals(1, net.size());
  }
}
