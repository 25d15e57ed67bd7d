/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.examples;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Kills the node the calculator runs on while one client session calls {@code where} at a steady
 * pace, until the calculator answers from another node: what a client sees of a failover.
 */
final class FailoverProbe {

  private static final String WHERE_CALL = "{\"name\":\"where\",\"arguments\":{}}";
  private static final Pattern WHERE = Pattern.compile("calculator runs on (pekko://[^\\s\"]+)");
  private static final Pattern ERROR_MESSAGE = Pattern.compile("\"message\":\"([^\"]*)\"");

  /**
   * A failover as the client saw it.
   *
   * @param newHome the calculator's new node
   * @param firstError from the kill to the end of the first call, which went to the dead node and
   *     failed when the cluster removed it (zero if no call failed)
   * @param firstAnswer from the kill to the first answer from the new node
   * @param failedCalls the calls that failed in between
   */
  record Failover(String newHome, Duration firstError, Duration firstAnswer, int failedCalls) {}

  private FailoverProbe() {}

  /** Where the calculator answered from, if the answer came from it. */
  static Optional<String> home(String answer) {
    Matcher where = WHERE.matcher(answer);
    return where.find() ? Optional.of(where.group(1)) : Optional.empty();
  }

  /** One {@code where} call in {@code session}: the answer as JSON. */
  static String where(StreamableHttpClient session) throws IOException, InterruptedException {
    return session.call("tools/call", WHERE_CALL);
  }

  /**
   * Kills {@code victim}, the calculator's node {@code oldHome}, then calls {@code where} every
   * {@code interval} (one call at a time) until the calculator answers from another node or
   * {@code patience} runs out; each call's outcome goes to {@code trace}.
   */
  static Optional<Failover> run(StreamableHttpClient session, NodeProcess victim, String oldHome, Duration interval,
      Duration patience, Consumer<String> trace) throws IOException, InterruptedException {
    Instant killed = Instant.now();
    victim.kill();
    trace.accept("  kill -9 " + victim.label());
    int failed = 0;
    Duration firstError = Duration.ZERO;
    while (Duration.between(killed, Instant.now()).compareTo(patience) < 0) {
      Instant sent = Instant.now();
      String answer = where(session);
      Duration since = Duration.between(killed, Instant.now());
      Optional<String> home = home(answer);
      trace.accept(String.format("  +%5.2f s  %s", since.toMillis() / 1000.0, describe(answer)));
      if (home.isPresent() && !home.get().equals(oldHome)) {
        return Optional.of(new Failover(home.get(), firstError, since, failed));
      }
      if (failed++ == 0) {
        firstError = since;
      }
      Duration pause = interval.minus(Duration.between(sent, Instant.now()));
      if (!pause.isNegative()) {
        Thread.sleep(pause.toMillis());
      }
    }
    return Optional.empty();
  }

  /** Where the calculator ran, or the JSON-RPC error's message. */
  static String describe(String answer) {
    Optional<String> home = home(answer);
    if (home.isPresent()) {
      return "answered from " + home.get();
    }
    Matcher error = ERROR_MESSAGE.matcher(answer);
    return error.find() ? "error: " + error.group(1) : answer;
  }
}
