/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.pekkomcp.examples.ManagementHttp.awaitTrue;
import static org.pekkomcp.examples.ManagementHttp.scrape;
import static org.pekkomcp.examples.ManagementHttp.status;
import static org.pekkomcp.examples.ManagementHttp.value;

import com.typesafe.config.Config;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * {@code ./mcp-node --management-port N}: the node's Pekko Management endpoint, probed and scraped
 * over HTTP as Kubernetes and Prometheus do.
 */
class NodeManagementTest {

  /** Only for its polling assertion. */
  private static final ActorTestKit TESTKIT = ActorTestKit.create();

  @AfterAll
  static void stopTestKit() {
    TESTKIT.shutdownTestKit();
  }

  @Test
  void theManagementPortComesFromItsOptionOrVariableAndIsOffByDefault() {
    assertEquals(OptionalInt.empty(), InJvmNodes.options().managementPort(), "off unless asked for");
    assertEquals(OptionalInt.empty(), InJvmNodes.options("--management-port", "0").managementPort(), "0 is off");
    NodeOptions pod = assertInstanceOf(NodeOptions.Valid.class, NodeOptions.parse(
        Map.of("MCP_MANAGEMENT_PORT", "8558", "MCP_HOST", "mcp-0.mcp-headless", "MCP_BIND", "0.0.0.0"))).options();
    assertEquals(OptionalInt.of(8558), pod.managementPort());
    Config config = pod.config();
    assertEquals(8558, config.getInt("pekko.management.http.port"));
    assertEquals("mcp-0.mcp-headless", config.getString("pekko.management.http.hostname"));
    assertEquals("0.0.0.0", config.getString("pekko.management.http.bind-hostname"));
    assertEquals("--management-port wants 0-65535, got x",
        assertInstanceOf(NodeOptions.Invalid.class, NodeOptions.parse("--management-port", "x")).problem());
  }

  @Test
  void theNodeIsAliveThenReadyOnceItsEndpointServesAndItsMetricsCountItsServers() throws Exception {
    int port = freePort();
    NodeProcess node = NodeProcess.start("node", List.of(), System.out::println,
        "--cluster-port", "0", "--http-port", "0", "--management-port", String.valueOf(port));
    try {
      node.await(line -> line.startsWith("management endpoint http://127.0.0.1:" + port), "management endpoint line");
      URI management = URI.create("http://127.0.0.1:" + port);
      TestProbe<Object> probe = TESTKIT.createTestProbe();
      awaitTrue(probe, () -> status(management.resolve("/alive")) == 200, "/alive answers 200");
      awaitTrue(probe, () -> status(management.resolve("/ready")) == 200, "/ready answers 200");
      awaitTrue(probe, () -> value(scrape(management), "mcp_registry_names{kind=\"server\"}") == 2,
          "both example servers counted");
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
      List<String> output = new CopyOnWriteArrayList<>();
      NodeProcess node = NodeProcess.start("node", List.of(), line -> {
            System.out.println(line);
            output.add(line);
          },
          "--cluster-port", "0", "--http-port", "0", "--management-port", String.valueOf(port));
      try {
        assertEquals("management port 127.0.0.1:" + port + " could not be bound (in use?); choose another with"
            + " --management-port (or MCP_MANAGEMENT_PORT)", node.await(line -> line.startsWith("management port"), "port line"));
        assertTrue(node.process().waitFor(ManagementHttp.WAIT.toSeconds(), TimeUnit.SECONDS), "the node ended");
        assertEquals(1, node.process().exitValue());
        assertTrue(output.stream().noneMatch(line -> line.contains("Exception")), "no stack trace: " + output);
      } finally {
        node.kill();
      }
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket probe = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      return probe.getLocalPort();
    }
  }
}
