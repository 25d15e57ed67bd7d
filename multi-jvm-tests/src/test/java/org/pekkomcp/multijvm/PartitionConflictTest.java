/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.multijvm;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Scenario 4: a partition {1,2} | {3} during which both sides register the same names, then a
 * heal. Node 3 runs with {@code write-consistency = local}, so it commits on its own (with the
 * default {@code majority} a node cut off from the majority of the members commits nothing:
 * {@link UniquenessTest}), and the same name is claimed on both sides; after the heal the
 * resolver must leave exactly one owner everywhere, tell every loser, and lose nothing else. The
 * Split Brain Resolver waits 30 s, longer than the partition lasts.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class PartitionConflictTest {

  private static final int SHARED = 20;
  private static final int OWN = 10;

  @RegisterExtension
  final JvmCluster cluster = new JvmCluster();

  @Test
  void overlappingRegistrationsOnBothSidesSettleOnOneOwnerAfterHeal() {
    List<NodeProcess> nodes = cluster.form(List.of(
        NodeSpec.named("n1").withStableAfter(Duration.ofSeconds(30)),
        NodeSpec.named("n2").withStableAfter(Duration.ofSeconds(30)),
        NodeSpec.named("n3").withStableAfter(Duration.ofSeconds(30)).withWriteConsistency("local")));
    NodeProcess n1 = nodes.get(0);
    NodeProcess n2 = nodes.get(1);
    NodeProcess n3 = nodes.get(2);
    n1.call("register server base-1 base-1");
    n3.call("register server base-3 base-3");
    Views.awaitCount(nodes, "server", 2);

    long cutAt = System.currentTimeMillis();
    blackhole(n3, List.of(n1, n2), true);
    JvmCluster.awaitMembers(n1, 3, 1);
    JvmCluster.awaitMembers(n2, 3, 1);
    JvmCluster.awaitMembers(n3, 3, 2);
    long hiddenAt = n1.call("await-name server base-3 absent 30000").get("metAt").asLong();
    OptionalLong unreachable = NodeEvents.firstMemberEvent(n1, "UnreachableMember", n3.address(), cutAt);

    // The majority side claims first, so its claims are the older ones.
    assertEquals(SHARED, n1.call("register-many server shared " + SHARED).path("outcomes").path("Registered").asInt());
    assertEquals(SHARED, n3.call("register-many server shared " + SHARED).path("outcomes").path("Registered").asInt(),
        "the minority side could not claim names during the partition");
    n2.call("register-many server left " + OWN);
    n3.call("register-many server right " + OWN);

    long healedAt = System.currentTimeMillis();
    blackhole(n3, List.of(n1, n2), false);
    nodes.forEach(n -> JvmCluster.awaitMembers(n, 3, 0));
    Views.Agreement agreed = Views.awaitAgreement(nodes, Duration.ofSeconds(60), healedAt);
    OptionalLong reachable = NodeEvents.firstMemberEvent(n1, "ReachableMember", n3.address(), healedAt);

    long conflicts = NodeEvents.count(n3, e -> e.path("type").asText().equals("Conflict"));
    long notified = NodeEvents.count(n3, e -> e.path("type").asText().equals("Received")
        && e.path("messageClass").asText().equals("NameConflict"));
    System.out.printf("[multi-jvm] scenario 4, partition {1,2}|{3}: unreachable after %s, n3's names hidden on n1 "
            + "after %d ms; after heal reachable in %s and all 3 nodes agree in %d ms; %d conflicts on n3, "
            + "%d NameConflict messages%n",
        NodeEvents.since(unreachable, cutAt), hiddenAt - cutAt, NodeEvents.since(reachable, healedAt),
        agreed.afterMs(), conflicts, notified);

    Map<String, String> owners = new TreeMap<>();
    agreed.dump().get("names").forEach(e -> owners.put(e.get("name").asText(), e.get("node").asText()));
    assertEquals(2 + SHARED + 2 * OWN, owners.size(), "names after heal: " + owners);
    for (int i = 0; i < SHARED; i++) {
      assertEquals(n1.address(), owners.get("shared-" + i), "the older claim (n1's) must win shared-" + i);
    }
    for (int i = 0; i < OWN; i++) {
      assertEquals(n2.address(), owners.get("left-" + i));
      assertEquals(n3.address(), owners.get("right-" + i));
    }
    assertEquals(n3.address(), owners.get("base-3"), "the isolated node's own name came back");
    assertEquals(SHARED, conflicts, "every losing claim on n3 is reported as a Conflict");
    assertEquals(SHARED, notified, "every losing actor on n3 got a NameConflict");
    assertEquals(0, NodeEvents.count(n1, e -> e.path("type").asText().equals("Received")), "a winner was told it lost");
  }

  private static void blackhole(NodeProcess from, List<NodeProcess> peers, boolean cut) {
    for (NodeProcess peer : peers) {
      JsonNode answer = from.call((cut ? "blackhole " : "heal ") + peer.address());
      assertEquals(peer.address(), answer.get(cut ? "blackhole" : "heal").asText());
    }
  }
}
