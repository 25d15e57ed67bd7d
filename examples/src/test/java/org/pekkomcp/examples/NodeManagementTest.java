package org.pekkomcp.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * {@code ./mcp-node --management-port N}: the node's Pekko Management endpoint, probed and scraped
 * over HTTP as Kubernetes and Prometheus do.
 */
class NodeManagementTest {

  private static final Duration WAIT = Duration.ofSeconds(90);
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  /** Only for its polling assertion. */
  private static final ActorTestKit TESTKIT = ActorTestKit.create();

  @AfterAll
  static void stopTestKit() {
    TESTKIT.shutdownTestKit();
  }

  @Test
  void theNodeIsAliveThenReadyOnceItsEndpointServesAndItsMetricsCountItsServers() throws Exception {
    int port = freePort();
    NodeProcess node = NodeProcess.start("node", List.of(), System.out::println,
        "--cluster-port", "0", "--http-port", "0", "--management-port", String.valueOf(port));
    try {
      node.await(line -> line.startsWith("management endpoint http://127.0.0.1:" + port), "management endpoint line");
      URI management = URI.create("http://127.0.0.1:" + port);
      awaitTrue(() -> status(management.resolve("/alive")) == 200, "/alive answers 200");
      awaitTrue(() -> status(management.resolve("/ready")) == 200, "/ready answers 200");
      awaitTrue(() -> value(scrape(management), "mcp_registry_names{kind=\"server\"}") == 2, "both example servers counted");
      String metrics = scrape(management);
      assertEquals(1, value(metrics, "mcp_registry_names{kind=\"transport\"}"), "the node's HTTP endpoint");
      assertEquals(1, value(metrics, "pekko_cluster_members{status=\"up\"}"), "a one-node cluster");
    } finally {
      node.kill();
    }
  }

  @Test
  void aTakenManagementPortEndsTheNodeWithOneLineNamingTheOption() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      int port = taken.getLocalPort();
      List<String> output = new ArrayList<>();
      NodeProcess node = NodeProcess.start("node", List.of(), line -> {
            System.out.println(line);
            output.add(line);
          },
          "--cluster-port", "0", "--http-port", "0", "--management-port", String.valueOf(port));
      try {
        assertTrue(node.process().waitFor(WAIT.toSeconds(), TimeUnit.SECONDS), "the node ended");
        assertEquals(1, node.process().exitValue());
        assertTrue(output.contains("  [node] management port 127.0.0.1:" + port + " could not be bound (in use?);"
            + " choose another with --management-port (or MCP_MANAGEMENT_PORT)"), String.join("\n", output));
        assertTrue(output.stream().noneMatch(line -> line.contains("Exception")), "no stack trace: " + output);
      } finally {
        node.kill();
      }
    }
  }

  private interface Condition {
    boolean holds() throws Exception;
  }

  /** Polls {@code condition} until it holds; a request that fails counts as not yet. */
  private static void awaitTrue(Condition condition, String what) {
    TestProbe<Object> probe = TESTKIT.createTestProbe();
    probe.awaitAssert(WAIT, Duration.ofMillis(200), () -> {
      try {
        assertTrue(condition.holds(), what);
      } catch (IOException | InterruptedException e) {
        throw new AssertionError(what + ": " + e, e);
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
      return null;
    });
  }

  private static int status(URI uri) throws IOException, InterruptedException {
    return HTTP.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.discarding()).statusCode();
  }

  private static String scrape(URI management) throws IOException, InterruptedException {
    return HTTP.send(HttpRequest.newBuilder(management.resolve("/metrics")).timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofString()).body();
  }

  private static double value(String scrape, String series) {
    Matcher line = Pattern.compile("^" + Pattern.quote(series) + " (\\S+)$", Pattern.MULTILINE).matcher(scrape);
    return line.find() ? Double.parseDouble(line.group(1)) : Double.NaN;
  }

  private static int freePort() throws IOException {
    try (ServerSocket probe = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      return probe.getLocalPort();
    }
  }
}
