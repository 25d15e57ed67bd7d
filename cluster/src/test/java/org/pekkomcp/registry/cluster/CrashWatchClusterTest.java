/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.registry.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.pekkomcp.registry.cluster.TestActors.await;

import java.time.Duration;
import java.util.stream.StreamSupport;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Down;
import org.junit.jupiter.api.Test;
import org.pekkomcp.registry.EntryConfig;
import org.pekkomcp.registry.Kind;
import org.pekkomcp.registry.Outcome;

/**
 * The crash watch in a cluster: a node whose process is gone has its names and memberships hidden
 * on the others while the failure detector (20 s of acceptable pause here) still counts it
 * reachable, so nothing but the crash watch can hide them that fast.
 */
class CrashWatchClusterTest {

  private static final Duration FAST = Duration.ofSeconds(8);

  @Test
  void theNamesOfANodeWhoseProcessIsGoneAreHiddenBeforeTheFailureDetectorCouldSeeIt() {
    // Node 2's terminate does not leave the cluster first: it only stops, as a killed process
    // does (its kernel then closes its sockets; here the actor system closes them).
    try (ClusterNodes nodes = ClusterNodes.start("crash-watch", 3, node -> """
        pekko.cluster.failure-detector.acceptable-heartbeat-pause = 20s
        """ + (node == 2 ? "pekko.coordinated-shutdown.run-by-actor-system-terminate = off\n" : ""))) {
      ActorRef<Object> owner = TestActors.spawn(nodes.system(2), "owner");
      assertInstanceOf(Outcome.Registered.class, await(nodes.backend(2).register(Kind.TRANSPORT, "on-2", owner, EntryConfig.empty())));
      assertInstanceOf(Outcome.Joined.class, await(nodes.backend(2).join("group-on-2", owner)));
      String watchThread = "mcp-crash-watch-" + Cluster.get(nodes.system(2)).selfMember().address().hostPort();
      eventually(nodes, Duration.ofSeconds(30), () -> {
        for (int node = 0; node < 2; node++) {
          assertTrue(nodes.backend(node).whereis(Kind.TRANSPORT, "on-2").isPresent(), "node " + node);
          assertEquals(1, nodes.backend(node).members("group-on-2").size(), "node " + node);
        }
      });
      assertTrue(threadAlive(watchThread));

      long killed = System.nanoTime();
      nodes.system(2).terminate();
      eventually(nodes, FAST, () -> {
        for (int node = 0; node < 2; node++) {
          assertTrue(nodes.backend(node).whereis(Kind.TRANSPORT, "on-2").isEmpty(), "node " + node);
          assertTrue(nodes.backend(node).members("group-on-2").isEmpty(), "node " + node);
        }
      });
      long hiddenMs = (System.nanoTime() - killed) / 1_000_000;
      for (int node = 0; node < 2; node++) {
        Cluster cluster = Cluster.get(nodes.system(node));
        assertTrue(cluster.state().getUnreachable().isEmpty(), "node " + node + " still sees node 2 reachable, hidden after " + hiddenMs + " ms");
        assertEquals(3, StreamSupport.stream(cluster.state().getMembers().spliterator(), false).count(), "node 2 is still a member");
        assertEquals(3, nodes.backend(node).voters(), "the crash watch does not change the voters");
        assertEquals(java.util.Set.of(), nodes.backend(node).catchingUpWith(), "readiness does not wait for a process that is gone");
      }
      eventually(nodes, FAST, () -> assertFalse(threadAlive(watchThread), "the stopped node's crash watch thread ended"));
      assertTrue(threadAlive("mcp-crash-watch-" + Cluster.get(nodes.system(0)).selfMember().address().hostPort()));
      // Down it, as the resolver would after the failure detector, so that the others leave quickly.
      Cluster.get(nodes.system(0)).manager().tell(new Down(Cluster.get(nodes.system(2)).selfMember().address()));
    }
  }

  private static boolean threadAlive(String name) {
    return Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().equals(name) && t.isAlive());
  }

  private static void eventually(ClusterNodes nodes, Duration within, Runnable check) {
    TestProbe<Object> probe = TestProbe.create(nodes.system(0));
    probe.awaitAssert(within, Duration.ofMillis(20), () -> {
      check.run();
      return null;
    });
  }
}
