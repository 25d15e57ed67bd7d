/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.multijvm;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;

/**
 * The failover tests' common ground: nodes that may host the probe servers (role
 * {@value McpCommands#HOST_ROLE}) and a client node that hosts none, the servers every node
 * declares, and the questions the tests ask a node about them.
 *
 * <p>Every node waits up to {@value #FAILOVER_WAIT_S} s for a moving server (the default is 10 s,
 * which a failover on a loaded 2-core machine can exceed; the wait is the setting under test,
 * not the failover's speed), and Sharding rebalances every 2 s instead of 10 s, so a node that
 * joins gets its share within the test's time.
 */
final class Placement {

  static final int FAILOVER_WAIT_S = 30;
  static final Duration MOVE_TIMEOUT = Duration.ofSeconds(90);
  private static final String CONFIG = "mcp.transport.failover-wait = " + FAILOVER_WAIT_S + "s\n"
      + "mcp.sharding.cluster-sharding.rebalance-interval = 2s\n";

  private Placement() {}

  /** A node that may host the probe servers. */
  static NodeSpec host(String name) {
    return NodeSpec.named(name).withConfig(CONFIG + "pekko.cluster.roles = [" + McpCommands.HOST_ROLE + "]");
  }

  /** A node that hosts no server and reaches them all through a Sharding proxy. */
  static NodeSpec client(String name) {
    return NodeSpec.named(name).withConfig(CONFIG);
  }

  /** {@code prefix0 .. prefix(count-1)}. */
  static List<String> names(String prefix, int count) {
    return IntStream.range(0, count).mapToObj(i -> prefix + i).toList();
  }

  /** Declares {@code servers} on {@code node}, as an application's start-up code would. */
  static void declare(NodeProcess node, List<String> servers) {
    node.call("declare " + String.join(" ", servers));
  }

  /** The address of the node {@code server} runs on, as {@code node}'s registry says now. */
  static String hostOf(NodeProcess node, String server) {
    var found = node.call("whereis server " + server);
    assertTrue(found.path("found").asBoolean(), server + " is not registered on " + node.name() + ": " + found);
    return found.path("entry").path("node").asText();
  }

  /** Opens client {@code client} of {@code server} on {@code node} and starts its call loop (a call every 50 ms). */
  static void startLoad(NodeProcess node, String client, String server) {
    node.call("client-open " + client + " " + server);
    node.call("load-start " + client + " 50");
  }

  /** The calls client {@code client} on {@code node} made so far. */
  static Calls calls(NodeProcess node, String client) {
    return Calls.parse(node.call("load-calls " + client).get("calls"));
  }

  /** Waits until client {@code client} got an answer from another node than {@code node}, sent after {@code after}. */
  static Calls.Call awaitAnsweredElsewhere(NodeProcess clientNode, String client, String node, long after) {
    assertTrue(Polling.until(MOVE_TIMEOUT, () -> calls(clientNode, client).firstAnsweredElsewhere(node, after).isPresent()),
        client + " got no answer from a node other than " + node + " within " + MOVE_TIMEOUT + ": "
            + calls(clientNode, client).since(after).describe());
    return calls(clientNode, client).firstAnsweredElsewhere(node, after).orElseThrow();
  }
}
