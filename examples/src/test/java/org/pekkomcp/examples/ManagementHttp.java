/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.examples;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;

/** A node's management endpoint asked over HTTP, as a kubelet and Prometheus ask it. */
final class ManagementHttp {

  static final Duration WAIT = Duration.ofSeconds(90);
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private ManagementHttp() {}

  interface Condition {
    boolean holds() throws IOException, InterruptedException;
  }

  /** Polls {@code condition} until it holds; a request that fails counts as not yet. */
  static void awaitTrue(TestProbe<?> probe, Condition condition, String what) {
    probe.awaitAssert(WAIT, Duration.ofMillis(200), () -> {
      try {
        assertTrue(condition.holds(), what);
      } catch (IOException | InterruptedException e) {
        throw new AssertionError(what + ": " + e, e);
      }
      return null;
    });
  }

  static int status(URI uri) throws IOException, InterruptedException {
    return HTTP.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.discarding()).statusCode();
  }

  static String scrape(URI management) throws IOException, InterruptedException {
    return HTTP.send(HttpRequest.newBuilder(management.resolve("/metrics")).timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofString()).body();
  }

  /** The value of one series ({@code name{labels}} as Prometheus writes it) in a scrape; NaN when absent. */
  static double value(String scrape, String series) {
    Matcher line = Pattern.compile("^" + Pattern.quote(series) + " (\\S+)$", Pattern.MULTILINE).matcher(scrape);
    return line.find() ? Double.parseDouble(line.group(1)) : Double.NaN;
  }
}
