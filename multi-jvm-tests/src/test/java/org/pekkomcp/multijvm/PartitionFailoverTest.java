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
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A network partition (iptables in network namespaces) that cuts the node hosting a sharded
 * server off from the rest, with a client calling it on each side, then heals: what
 * {@code docs/failover.md} says happens. The cut-off node keeps serving its own side's client
 * until the Split Brain Resolver (keep-majority, {@code stable-after = 1s}) downs it and it
 * shuts itself down; the majority's client waits and is then answered by a new instance on the
 * majority side; after the heal the downed node is gone for good and every node's registry shows
 * the one new instance. The two instances never answered at the same time: the old one's last
 * answer (read from the cut-off node until it exits) comes before the new one's first.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class PartitionFailoverTest {

  @RegisterExtension
  final JvmCluster cluster = new JvmCluster();

  @Test
  void aServerCutOffWithAMinorityMovesToTheMajorityAndTheMinorityNodeStops() {
    NetNamespaces.requireAvailable();
    NetNamespaces net = NetNamespaces.create(4);
    cluster.onCleanup(net);
    List<NodeSpec> specs = new ArrayList<>();
    for (int i = 1; i <= 3; i++) {
      specs.add(Placement.host("h" + i).inNamespace(net.namespace(i), net.address(i)));
    }
    specs.add(Placement.client("client").inNamespace(net.namespace(4), net.address(4)));
    List<NodeProcess> nodes = cluster.form(specs);
    NodeProcess client = nodes.get(3);
    List<String> servers = Placement.names("p", 4);
    nodes.forEach(n -> Placement.declare(n, servers));
    client.call("await-count server " + servers.size() + " 60000", Placement.MOVE_TIMEOUT);
    // A server on a node other than the oldest (which also runs the Sharding coordinator).
    int cut = 0;
    String server = null;
    for (String s : servers) {
      String host = Placement.hostOf(client, s);
      for (int i = 2; i <= 3 && server == null; i++) {
        if (nodes.get(i - 1).address().equals(host)) {
          cut = i;
          server = s;
        }
      }
    }
    assertTrue(server != null, "every server runs on the oldest node");
    NodeProcess minority = nodes.get(cut - 1);
    Placement.startLoad(client, "majority", server);
    Placement.startLoad(minority, "minority", server);
    String oldHome = minority.address();

    long cutAt = System.currentTimeMillis();
    List<Integer> others = new ArrayList<>(List.of(1, 2, 3, 4));
    others.remove(Integer.valueOf(cut));
    net.isolate(cut, others);
    // The cut-off node's client goes on until the node shuts down; its record is read until then.
    AtomicReference<Calls> minorityCalls = new AtomicReference<>(Placement.calls(minority, "minority"));
    assertTrue(Polling.until(Placement.MOVE_TIMEOUT, () -> {
      try {
        minorityCalls.set(Placement.calls(minority, "minority"));
        return false;
      } catch (AssertionError exited) {
        return !minority.isAlive();
      }
    }), minority.name() + " did not shut down after the resolver's decision");
    Calls.Call firstNew = Placement.awaitAnsweredElsewhere(client, "majority", oldHome, cutAt);
    net.heal(cut);

    List<NodeProcess> survivors = new ArrayList<>(nodes);
    survivors.remove(minority);
    survivors.forEach(n -> JvmCluster.awaitMembers(n, 3, 0));
    String finalServer = server;
    for (NodeProcess n : survivors) {
      assertTrue(Polling.until(Duration.ofSeconds(30), () -> Placement.hostOf(n, finalServer).equals(firstNew.node())),
          n.name() + " does not show " + server + " on " + firstNew.node() + " after the heal");
    }
    Calls majority = Placement.calls(client, "majority").since(cutAt);
    Calls.Call lastOld = minorityCalls.get().all().stream().filter(Calls.Call::ok).reduce((a, b) -> b).orElseThrow();
    System.out.printf("[multi-jvm] partition cut off %s with %s: its own client last answered %d ms after the cut, "
            + "the majority's client first answered by the new instance on %s %d ms after the cut; majority calls failed: %d%n",
        minority.name(), server, lastOld.ended() - cutAt, firstNew.node(), firstNew.ended() - cutAt, majority.failed().size());

    assertTrue(lastOld.ended() > cutAt, "the cut-off instance stopped serving its own side at once: " + minorityCalls.get().describe());
    assertTrue(lastOld.ended() < firstNew.ended(), "the old instance answered (at " + lastOld.ended()
        + ") after the new one had answered (at " + firstNew.ended() + ")");
    assertTrue(majority.failed().size() <= 1, "the majority's client: at most the call in flight at the cut may fail; "
        + majority.describe());
    long removedAt = NodeEvents.firstMemberEvent(client, "MemberRemoved", oldHome, cutAt)
        .orElseThrow(() -> new AssertionError("the client node never saw " + minority.name() + " removed"));
    majority.failed().forEach(c -> assertTrue(c.ended() < removedAt,
        "the call in flight at the cut ended when the node was removed, not when it was seen unreachable; " + majority.describe()));
    assertEquals(Set.of(), majority.interleaved(), majority.describe());
  }
}
