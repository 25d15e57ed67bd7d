/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.examples;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The three-node demo behind {@code ./demo-cluster}: starts three {@link McpNode} processes on
 * loopback (node 1 hosts nothing; node 3 may host {@code calculator}; node 2 may host
 * {@code notes} and {@code calculator}), connects an MCP client to node 1's endpoint and calls
 * the calculator, which Cluster Sharding started on node 3. Then it kills node 3 ({@code kill -9})
 * while the client keeps calling, and shows the calculator answering from node 2 in the same
 * session; it reads a note from node 2 and stops the nodes.
 *
 * <p>Every port is picked by the OS (port 0); the demo learns them from the lines each node
 * prints, so it never collides with anything else on the machine. Each node's output is shown
 * with its name in front. Exits 0 when the calculator answered from node 3 and, after the kill,
 * from node 2; 1 otherwise.
 */
public final class ClusterDemo {

  private static final Duration FAILOVER_PATIENCE = Duration.ofSeconds(60);
  private static final Duration CALL_INTERVAL = Duration.ofMillis(200);

  private ClusterDemo() {}

  public static void main(String[] args) throws Exception {
    List<NodeProcess> nodes = new ArrayList<>();
    boolean ok = false;
    try {
      System.out.println("== 1. Start node 1 alone: a one-node cluster on the cluster backend; it may host no server");
      NodeProcess node1 = start(nodes, "node1", "--cluster-port", "0", "--http-port", "0", "--servers", "none");
      String joinAt = node1.awaitJoinAddress();
      String endpoint = node1.awaitEndpoint();
      node1.awaitReady();

      System.out.println();
      System.out.println("== 2. Node 3 joins; it may host the calculator, so Cluster Sharding starts the calculator there");
      NodeProcess node3 = start(nodes, "node3", "--join", joinAt, "--http-port", "0", "--servers", CalculatorServer.NAME);
      String node3Address = node3.awaitAddress();
      node1.await(l -> l.contains("server " + CalculatorServer.NAME + " is up on " + node3Address),
          "sight of the calculator on node 3");

      System.out.println();
      System.out.println("== 3. Node 2 joins; it may host notes and the calculator (which stays where it runs)");
      NodeProcess node2 = start(nodes, "node2", "--join", joinAt, "--http-port", "0",
          "--servers", NotesServer.NAME + "," + CalculatorServer.NAME);
      String node2Address = node2.awaitAddress();
      node1.await(l -> l.contains("server " + NotesServer.NAME + " is up on " + node2Address), "sight of notes on node 2");

      System.out.println();
      System.out.println("== 4. A client on node 1 (" + endpoint + ") calls the calculator, which runs on node 3");
      String whereBefore;
      try (StreamableHttpClient calculator = StreamableHttpClient.connect(endpoint + "/" + CalculatorServer.NAME, System.out::println)) {
        calculator.call("tools/list", "{}");
        calculator.call("tools/call", "{\"name\":\"add\",\"arguments\":{\"a\":2,\"b\":3}}");
        calculator.call("tools/call", "{\"name\":\"divide\",\"arguments\":{\"a\":1,\"b\":0}}");
        whereBefore = FailoverProbe.where(calculator);
      }

      System.out.println();
      System.out.println("== 5. kill -9 node 3 while a client on node 1 calls `where` every " + CALL_INTERVAL.toMillis()
          + " ms in one session (no reconnect)");
      Optional<FailoverProbe.Failover> failover;
      try (StreamableHttpClient calculator = StreamableHttpClient.connect(endpoint + "/" + CalculatorServer.NAME, line -> {})) {
        System.out.println("  " + FailoverProbe.describe(FailoverProbe.where(calculator)) + "   (before the kill)");
        failover = FailoverProbe.run(calculator, node3, node3Address, CALL_INTERVAL, FAILOVER_PATIENCE, System.out::println);
      }
      failover.ifPresentOrElse(
          f -> System.out.printf("  the calculator moved to %s: first answer from there %.2f s after the kill, %d call(s) failed%n",
              f.newHome().equals(node2Address) ? "node 2" : f.newHome(), f.firstAnswer().toMillis() / 1000.0, f.failedCalls()),
          () -> System.out.println("  the calculator did not answer from another node within " + FAILOVER_PATIENCE));

      System.out.println();
      System.out.println("== 6. The same endpoint on node 1 serves the notes server of node 2");
      try (StreamableHttpClient notes = StreamableHttpClient.connect(endpoint + "/" + NotesServer.NAME, System.out::println)) {
        notes.call("tools/call", "{\"name\":\"add_note\",\"arguments\":{\"title\":\"From node 1\",\"text\":\"stored on node 2\"}}");
        notes.call("resources/read", "{\"uri\":\"" + NotesServer.INDEX + "\"}");
      }
      ok = FailoverProbe.home(whereBefore).equals(Optional.of(node3Address))
          && failover.map(f -> f.newHome().equals(node2Address)).orElse(false);
      System.out.println();
      System.out.println(ok ? "== The calculator answered from node 3, and after node 3 was killed from node 2, through node 1's endpoint"
          : "== UNEXPECTED: the calculator did not answer from node 3 and then from node 2");
    } finally {
      System.out.println();
      System.out.println("== 7. Stop the nodes");
      for (int i = nodes.size() - 1; i >= 0; i--) {
        nodes.get(i).stop();
      }
      System.out.println("done");
    }
    System.exit(ok ? 0 : 1);
  }

  private static NodeProcess start(List<NodeProcess> nodes, String label, String... args) throws java.io.IOException {
    NodeProcess node = NodeProcess.start(label, List.of(), System.out::println, args);
    nodes.add(node);
    return node;
  }
}
