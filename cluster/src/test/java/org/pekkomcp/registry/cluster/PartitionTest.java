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
import static org.pekkomcp.registry.cluster.TestActors.id;
import static org.pekkomcp.registry.cluster.TestActors.ids;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.pekkomcp.registry.EntryConfig;
import org.pekkomcp.registry.Kind;
import org.pekkomcp.registry.Outcome;
import org.pekkomcp.registry.RegistryEvent;
import org.pekkomcp.registry.Subscription;

/**
 * Node 3 (index 2) is cut off with the Artery test-mode blackhole, both sides register the same
 * names, the partition heals. Nothing downs the cut node here, so the sides can meet again; node
 * 3 stops the losers of conflicts it owns, node 1 only notifies them. Node 3 commits on its own
 * because it runs with {@code write-consistency = local}: with {@code majority} a side without a
 * majority of the members commits nothing ({@link OwnerSyncTest} shows such a call waiting for
 * the heal), so conflicts need a {@code local} node, or a change of membership mid-vote.
 */
class PartitionTest {

  private static final Duration BOUND = Duration.ofSeconds(45);

  @RegisterExtension
  static final ClusterNodes nodes = ClusterNodes.of("partition", 3, node -> """
        pekko.cluster.downing-provider-class = ""
        pekko.cluster.failure-detector.acceptable-heartbeat-pause = 3s
        mcp.registry.cluster.loser-policy = %s
        mcp.registry.cluster.write-consistency = %s
        """.formatted(node == 2 ? "stop-loser" : "notify", node == 2 ? "local" : "majority"));

  @Test
  void namesOfACutNodeHideAndReturnAndConflictsSettleOnOneWinnerAfterHealing() {
    TestProbe<Object> monitor0 = TestProbe.create(nodes.system(0));
    TestProbe<Object> monitor2 = TestProbe.create(nodes.system(2));
    ActorRef<Object> hidden = TestActors.spawn(nodes.system(2), "hidden-server", monitor2.getRef());
    await(nodes.backend(2).register(Kind.SERVER, "hidden", hidden, EntryConfig.withCapabilities("tools")));
    await(nodes.backend(2).join("hidden-group", hidden));
    eventually(() -> {
      for (int node = 0; node < 2; node++) {
        assertTrue(nodes.backend(node).whereis(Kind.SERVER, "hidden").isPresent());
        assertTrue(ids(nodes.backend(node).members("hidden-group")).contains(id(hidden)));
      }
    });

    nodes.isolate(2, true);
    nodes.awaitUnreachable(0, 1);
    nodes.awaitUnreachable(1, 1);
    nodes.awaitUnreachable(2, 2);
    eventually(() -> {
      for (int node = 0; node < 2; node++) {
        assertTrue(nodes.backend(node).whereis(Kind.SERVER, "hidden").isEmpty(), "hidden while unreachable");
        assertFalse(ids(nodes.backend(node).members("hidden-group")).contains(id(hidden)));
      }
    });
    assertTrue(nodes.backend(2).whereis(Kind.SERVER, "hidden").isPresent(), "a node always sees its own entries");

    // "older": node 3 claims first, so node 1's claim loses and node 1 notifies its actor.
    ActorRef<Object> olderOn2 = TestActors.spawn(nodes.system(2), "older-on-2", monitor2.getRef());
    ActorRef<Object> youngerOn0 = TestActors.spawn(nodes.system(0), "younger-on-0", monitor0.getRef());
    registeredInOrder("older", 2, olderOn2, 0, youngerOn0);
    // "newer": node 1 claims first, so node 3's claim loses and node 3 stops its actor.
    ActorRef<Object> olderOn0 = TestActors.spawn(nodes.system(0), "older-on-0", monitor0.getRef());
    ActorRef<Object> youngerOn2 = TestActors.spawn(nodes.system(2), "younger-on-2", monitor2.getRef());
    registeredInOrder("newer", 0, olderOn0, 2, youngerOn2);
    monitor2.expectNoMessage(Duration.ofMillis(200));

    List<RegistryEvent> events0 = new CopyOnWriteArrayList<>();
    Subscription subscription = nodes.backend(0).subscribe(events0::add);
    try {
      nodes.isolate(2, false);
      nodes.awaitUp(3);

      eventually(() -> {
        for (int node = 0; node < 3; node++) {
          assertEquals(id(olderOn2), id(nodes.backend(node).whereis(Kind.SERVER, "older").orElseThrow().ref()), "node " + node);
          assertEquals(id(olderOn0), id(nodes.backend(node).whereis(Kind.SERVER, "newer").orElseThrow().ref()), "node " + node);
          assertTrue(nodes.backend(node).whereis(Kind.SERVER, "hidden").isPresent(), "back after healing on node " + node);
          assertTrue(ids(nodes.backend(node).members("hidden-group")).contains(id(hidden)));
        }
      });

      NameConflict toYoungerOn0 = monitor0.expectMessageClass(NameConflict.class, BOUND);
      assertEquals("older", toYoungerOn0.name());
      assertEquals(id(olderOn2), id(toYoungerOn0.winner().ref()));
      NameConflict toYoungerOn2 = monitor2.expectMessageClass(NameConflict.class, BOUND);
      assertEquals("newer", toYoungerOn2.name());
      assertEquals(id(olderOn0), id(toYoungerOn2.winner().ref()));
      monitor2.expectTerminated(youngerOn2, BOUND);
      monitor0.expectNoMessage(Duration.ofMillis(300));

      eventually(() -> assertTrue(events0.stream().anyMatch(e -> e instanceof RegistryEvent.Conflict c
          && c.loser().name().equals("older") && id(c.loser().ref()).equals(id(youngerOn0))
          && id(c.winner().ref()).equals(id(olderOn2)))));
    } finally {
      subscription.close();
    }
  }

  /** Registers {@code name} on {@code firstNode}, then (a clock tick later) on {@code secondNode}; both sides say Registered. */
  private static void registeredInOrder(String name, int firstNode, ActorRef<Object> first, int secondNode, ActorRef<Object> second) {
    assertInstanceOf(Outcome.Registered.class, await(nodes.backend(firstNode).register(Kind.SERVER, name, first)));
    long firstTime = System.currentTimeMillis();
    eventually(() -> assertTrue(System.currentTimeMillis() > firstTime + 2, "a later claim time"));
    assertInstanceOf(Outcome.Registered.class, await(nodes.backend(secondNode).register(Kind.SERVER, name, second)));
  }

  private static void eventually(Runnable check) {
    TestProbe<Object> probe = TestProbe.create(nodes.system(0));
    probe.awaitAssert(BOUND, Duration.ofMillis(50), () -> {
      check.run();
      return null;
    });
  }
}
