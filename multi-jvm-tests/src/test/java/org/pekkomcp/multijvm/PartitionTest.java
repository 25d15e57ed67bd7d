package org.pekkomcp.multijvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Cutting node 3 off from nodes 1 and 2 and healing it, two ways: Artery's test-mode blackhole
 * (no root, the link is cut inside node 3's transport) and iptables in network namespaces (the
 * packets are really dropped). The Split Brain Resolver waits 30 s here, longer than the
 * partition lasts, so what is measured is detection and recovery, not downing.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class PartitionTest {

  private static final Duration SBR_WAITS = Duration.ofSeconds(30);

  @RegisterExtension
  final JvmCluster cluster = new JvmCluster();

  /** Cuts or heals the link between node 3 and nodes 1 and 2. */
  private interface Cut {
    void apply(boolean cut);
  }

  @Test
  void blackholedNodeBecomesUnreachableAndReturnsAfterHeal() {
    List<NodeProcess> nodes = cluster.form(specs(List.of()));
    NodeProcess n3 = nodes.get(2);
    partitionAndHeal(nodes, "blackhole", cut -> {
      for (NodeProcess peer : nodes.subList(0, 2)) {
        n3.call((cut ? "blackhole " : "heal ") + peer.address());
      }
    });
  }

  @Test
  void iptablesPartitionInNetworkNamespacesIsDetectedAndHealed() {
    Assumptions.assumeTrue(NetNamespaces.unavailable().isEmpty(),
        () -> "SKIPPED the network-namespace partition: " + NetNamespaces.unavailable().orElse(""));
    NetNamespaces net = NetNamespaces.create(3);
    cluster.onCleanup(net);
    List<NodeSpec> specs = new ArrayList<>();
    for (int i = 1; i <= 3; i++) {
      specs.add(NodeSpec.named("n" + i).inNamespace(net.namespace(i), net.address(i)).withStableAfter(SBR_WAITS));
    }
    List<NodeProcess> nodes = cluster.form(specs);
    assertTrue(nodes.get(0).address().contains(net.address(1)), "node 1 is not on its namespace's address");
    partitionAndHeal(nodes, "iptables", cut -> {
      if (cut) {
        net.isolate(3, List.of(1, 2));
      } else {
        net.heal(3);
      }
    });
  }

  private static List<NodeSpec> specs(List<NodeSpec> none) {
    List<NodeSpec> specs = new ArrayList<>(none);
    for (int i = 1; i <= 3; i++) {
      specs.add(NodeSpec.named("n" + i).withStableAfter(SBR_WAITS));
    }
    return specs;
  }

  private static void partitionAndHeal(List<NodeProcess> nodes, String how, Cut cut) {
    NodeProcess n1 = nodes.get(0);
    NodeProcess n3 = nodes.get(2);
    String isolated = n3.address();
    n1.call("register server on-majority a");
    n3.call("register server on-minority b");

    long cutAt = System.currentTimeMillis();
    cut.apply(true);
    JvmCluster.awaitMembers(n1, 3, 1);
    JvmCluster.awaitMembers(nodes.get(1), 3, 1);
    OptionalLong unreachable = NodeEvents.firstMemberEvent(n1, "UnreachableMember", isolated, cutAt);

    long healedAt = System.currentTimeMillis();
    cut.apply(false);
    nodes.forEach(n -> JvmCluster.awaitMembers(n, 3, 0));
    OptionalLong reachable = NodeEvents.firstMemberEvent(n1, "ReachableMember", isolated, healedAt);
    System.out.printf("[multi-jvm] partition by %s: unreachable after %s, reachable again %s after heal%n",
        how, NodeEvents.since(unreachable, cutAt), NodeEvents.since(reachable, healedAt));

    assertTrue(unreachable.isPresent(), "n1 never saw n3 unreachable");
    assertTrue(reachable.isPresent(), "n1 never saw n3 reachable again");
    assertEquals(3, n1.call("cluster").get("members").size(), "nobody may be downed during a short partition");
    assertTrue(n3.call("whereis server on-minority").get("found").asBoolean());
    assertTrue(n1.call("whereis server on-majority").get("found").asBoolean());
  }
}
