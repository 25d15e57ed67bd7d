/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.mcp.transport.http.internal;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.apache.pekko.http.javadsl.model.HttpResponse;

/**
 * The endpoint's last resort for an exchange that nobody answers: the session or the node's table
 * of stateless requests answers every request it was given (with its answer, or an error when the
 * server stops, goes away or stays silent for the request timeout), so this only catches a message
 * lost on its way, e.g. to a session in the instant it stopped. Such an exchange is answered with
 * the given error once it has been open for {@code after}.
 *
 * <p>The exchanges in flight are in one concurrent map, which the transport sweeps every second
 * ({@link #sweep}): arming and disarming cost a map entry, where a scheduled task per request
 * would cost a task to arm and one to cancel, and a cancelled task would stay in the scheduler's
 * wheel until the wheel's next turn reached its slot.
 */
final class SafetyNet {

  private record Armed(long deadlineNanos, Supplier<HttpResponse> answer) {}

  /** Keyed by the exchange's result, which compares by identity. */
  private final Map<CompletableFuture<HttpResponse>, Armed> armed = new ConcurrentHashMap<>();
  private final long afterNanos;

  SafetyNet(Duration after) {
    this.afterNanos = after.toNanos();
  }

  /** Completes {@code result} with {@code answer} if it is still open {@code after} from now, unless {@link #disarm}ed first. */
  void arm(CompletableFuture<HttpResponse> result, Supplier<HttpResponse> answer) {
    armed.put(result, new Armed(System.nanoTime() + afterNanos, answer));
  }

  /** {@code result} was completed. */
  void disarm(CompletableFuture<HttpResponse> result) {
    armed.remove(result);
  }

  /** Answers the exchanges open for longer than the net's time. */
  void sweep() {
    long now = System.nanoTime();
    armed.forEach((result, net) -> {
      if (now - net.deadlineNanos() >= 0 && armed.remove(result, net)) {
        result.complete(net.answer().get());
      }
    });
  }

  int size() {
    return armed.size();
  }
}
