/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.registry.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.pekkomcp.registry.cluster.TestActors.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.StreamSupport;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Leave;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.pekkomcp.registry.EntryConfig;
import org.pekkomcp.registry.Kind;
import org.pekkomcp.registry.Outcome;
import org.pekkomcp.registry.Registration;

/** When a node leaves or is downed, the survivors prune its names and memberships. */
class NodeRemovalTest {

  private static final Duration BOUND = Duration.ofSeconds(60);
  private static final int NAMES = 1_000;

  private ClusterNodes nodes;

  @AfterEach
  void stop() {
    if (nodes != null) {
      nodes.close();
    }
  }

  @Test
  void theThousandNamesOfALeavingNodeDisappear() {
    nodes = ClusterNodes.start("leaving", 3, "");
    registerThousandOnNode3();

    Cluster leaving = Cluster.get(nodes.system(2));
    leaving.manager().tell(Leave.create(leaving.selfMember().address()));

    assertPrunedOnSurvivors();
  }

  @Test
  void theNamesOfACrashedNodeDisappearOnceTheSplitBrainResolverDownsIt() {
    // The reference.conf failure detector and Split Brain Resolver, with a little more slack.
    // Unreachable names stay visible here, so only the prune on removal can make them go.
    nodes = ClusterNodes.start("downed", 3, """
        pekko.cluster.failure-detector.acceptable-heartbeat-pause = 3s
        mcp.registry.cluster.hide-unreachable = off
        """);
    registerThousandOnNode3();

    nodes.isolate(2, true);

    assertPrunedOnSurvivors();
  }

  private void registerThousandOnNode3() {
    ActorRef<Object> owner = TestActors.spawn(nodes.system(2), "owner-of-many");
    List<CompletableFuture<Outcome.RegisterOutcome>> writes = new ArrayList<>();
    for (int i = 0; i < NAMES; i++) {
      writes.add(nodes.backend(2).register(Kind.TRANSPORT, "many-" + i, owner, EntryConfig.parse("{\"i\":" + i + "}")).toCompletableFuture());
    }
    writes.forEach(w -> assertInstanceOf(Outcome.Registered.class, await(w)));
    assertInstanceOf(Outcome.Joined.class, await(nodes.backend(2).join("owned-by-3", owner)));
    eventually(() -> {
      for (int node = 0; node < 2; node++) {
        assertEquals(NAMES, countMany(node), "node " + node);
        assertEquals(1, nodes.backend(node).members("owned-by-3").size());
      }
    });
  }

  private void assertPrunedOnSurvivors() {
    eventually(() -> {
      for (int node = 0; node < 2; node++) {
        assertEquals(2, StreamSupport.stream(Cluster.get(nodes.system(node)).state().getMembers().spliterator(), false).count(),
            "node 3 was removed from node " + node + "'s view of the cluster");
        assertEquals(0, countMany(node), "node " + node);
        assertTrue(nodes.backend(node).members("owned-by-3").isEmpty());
        assertEquals(2, nodes.backend(node).voters());
      }
    });
  }

  private long countMany(int node) {
    return nodes.backend(node).list(Kind.TRANSPORT).stream().map(Registration::name).filter(n -> n.startsWith("many-")).count();
  }

  private void eventually(Runnable check) {
    TestProbe<Object> probe = TestProbe.create(nodes.system(0));
    probe.awaitAssert(BOUND, Duration.ofMillis(100), () -> {
      check.run();
      return null;
    });
  }
}
