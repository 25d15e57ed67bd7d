/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.management;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.pekkomcp.mcp.server.AskOutcome;
import org.pekkomcp.mcp.server.McpInstrumentation;
import org.pekkomcp.mcp.server.RequestOutcome;

/**
 * The MCP path's events as Micrometer meters: a timer per server, method and outcome, the sessions
 * open per transport, the requests sessions gave up on, the questions asked of clients. Meters are
 * made on first use and kept in maps, so an event after the first costs a map lookup and the
 * meter's own update; the tags are bounded by {@link McpInstrumentation}'s contract.
 */
final class MicrometerInstrumentation implements McpInstrumentation {

  private record RequestKey(String server, String method, RequestOutcome outcome) {}

  private record AskKey(String server, String method, AskOutcome outcome) {}

  private final MeterRegistry meters;
  private final Map<RequestKey, Timer> requests = new ConcurrentHashMap<>();
  private final Map<String, AtomicLong> sessionsOpen = new ConcurrentHashMap<>();
  private final Map<String, Counter> timeouts = new ConcurrentHashMap<>();
  private final Map<AskKey, Counter> asks = new ConcurrentHashMap<>();

  MicrometerInstrumentation(MeterRegistry meters) {
    this.meters = meters;
    // The network transports' series exist from the start, at 0.
    List.of("http", "stdio").forEach(this::sessions);
  }

  @Override
  public void requestEnded(String server, String method, RequestOutcome outcome, long nanos) {
    requests.computeIfAbsent(new RequestKey(server, method, outcome), key -> Timer.builder("mcp.requests")
            .description("MCP requests a server on this node ended, by server, method and outcome")
            .tag("server", key.server())
            .tag("method", key.method())
            .tag("outcome", key.outcome().tag())
            .publishPercentileHistogram()
            .minimumExpectedValue(Duration.ofMillis(1))
            .maximumExpectedValue(Duration.ofMinutes(1))
            .register(meters))
        .record(nanos, TimeUnit.NANOSECONDS);
  }

  @Override
  public void requestTimedOut(String server) {
    timeouts.computeIfAbsent(server, s -> Counter.builder("mcp.requests.timeouts")
            .description("Requests a session on this node answered with an error after mcp.transport.request-timeout")
            .tag("server", s)
            .register(meters))
        .increment();
  }

  @Override
  public void sessionOpened(String transport) {
    sessions(transport).incrementAndGet();
  }

  @Override
  public void sessionClosed(String transport) {
    sessions(transport).decrementAndGet();
  }

  @Override
  public void clientAskEnded(String server, String method, AskOutcome outcome) {
    asks.computeIfAbsent(new AskKey(server, method, outcome), key -> Counter.builder("mcp.client.asks")
            .description("Questions a server on this node asked a client, by how they ended")
            .tag("server", key.server())
            .tag("method", key.method())
            .tag("outcome", key.outcome().tag())
            .register(meters))
        .increment();
  }

  private AtomicLong sessions(String transport) {
    return sessionsOpen.computeIfAbsent(transport, t -> {
      AtomicLong open = new AtomicLong();
      Gauge.builder("mcp.sessions.open", open, AtomicLong::get)
          .description("Client sessions open on this node, by transport")
          .tag("transport", t)
          .register(meters);
      return open;
    });
  }
}
