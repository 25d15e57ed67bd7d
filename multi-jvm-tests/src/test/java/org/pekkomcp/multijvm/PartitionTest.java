/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.multijvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A real network partition: each node in a network namespace of its own, node 3 cut off from
 * nodes 1 and 2 by iptables DROP rules inside its namespace, then healed. The registry hides the
 * cut-off node's names while it is unreachable and shows them again once it is back. The Split
 * Brain Resolver waits 30 s, longer than the partition lasts, so nobody is downed.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class PartitionTest {

  @RegisterExtension
  final JvmCluster cluster = new JvmCluster();

  @Test
  void iptablesPartitionHidesTheIsolatedNodesNamesUntilHealed() {
    NetNamespaces.requireAvailable();
    NetNamespaces net = NetNamespaces.create(3);
    cluster.onCleanup(net);
    List<NodeSpec> specs = new ArrayList<>();
    for (int i = 1; i <= 3; i++) {
      specs.add(NodeSpec.named("n" + i).inNamespace(net.namespace(i), net.address(i)).withStableAfter(Duration.ofSeconds(30)));
    }
    List<NodeProcess> nodes = cluster.form(specs);
    NodeProcess n1 = nodes.get(0);
    NodeProcess n3 = nodes.get(2);
    String isolated = n3.address();
    assertTrue(n1.address().contains(net.address(1)), "node 1 is not on its namespace's address: " + n1.address());
    n1.call("register server on-majority a");
    n3.call("register server on-minority b");
    Views.awaitCount(nodes, "server", 2);

    long cutAt = System.currentTimeMillis();
    net.isolate(3, List.of(1, 2));
    JvmCluster.awaitMembers(n1, 3, 1);
    JvmCluster.awaitMembers(nodes.get(1), 3, 1);
    long hiddenAt = n1.call("await-name server on-minority absent 30000").get("metAt").asLong();
    OptionalLong unreachable = NodeEvents.firstMemberEvent(n1, "UnreachableMember", isolated, cutAt);

    long healedAt = System.currentTimeMillis();
    net.heal(3);
    nodes.forEach(n -> JvmCluster.awaitMembers(n, 3, 0));
    long backAt = n1.call("await-name server on-minority present 30000").get("metAt").asLong();
    OptionalLong reachable = NodeEvents.firstMemberEvent(n1, "ReachableMember", isolated, healedAt);
    Views.Agreement agreed = Views.awaitAgreement(nodes, Duration.ofSeconds(30), healedAt);
    System.out.printf("[multi-jvm] iptables partition: unreachable after %s, names hidden after %d ms; "
            + "after heal reachable in %s, names back in %d ms, all agree in %d ms%n",
        NodeEvents.since(unreachable, cutAt), hiddenAt - cutAt, NodeEvents.since(reachable, healedAt),
        backAt - healedAt, agreed.afterMs());

    assertTrue(unreachable.isPresent(), "n1 never saw n3 unreachable");
    assertEquals(3, n1.call("cluster").get("members").size(), "nobody may be downed during a short partition");
    assertEquals(2, Views.names(agreed.dump()).size());
  }
}
