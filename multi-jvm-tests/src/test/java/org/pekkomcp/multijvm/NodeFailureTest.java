package org.pekkomcp.multijvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Crashes and pauses of real node JVMs: what the Split Brain Resolver and the failure detector
 * do with them, measured from the surviving nodes' own event logs.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class NodeFailureTest {

  @RegisterExtension
  final JvmCluster cluster = new JvmCluster();

  @Test
  void killedNodeIsDetectedThenRemovedBySplitBrainResolver() {
    List<NodeProcess> nodes = cluster.form(3);
    NodeProcess n1 = nodes.get(0);
    NodeProcess n3 = nodes.get(2);
    String victim = n3.address();
    n1.call("register server calc calc {\"capabilities\":{\"tools\":{}}}");

    long killedAt = System.currentTimeMillis();
    n3.kill9();
    for (NodeProcess survivor : nodes.subList(0, 2)) {
      JvmCluster.awaitMembers(survivor, 2, 0);
    }

    OptionalLong unreachable = NodeEvents.firstMemberEvent(n1, "UnreachableMember", victim, killedAt);
    OptionalLong removed = NodeEvents.firstMemberEvent(n1, "MemberRemoved", victim, killedAt);
    System.out.printf("[multi-jvm] kill -9: unreachable after %s, removed after %s%n",
        NodeEvents.since(unreachable, killedAt), NodeEvents.since(removed, killedAt));
    assertTrue(unreachable.isPresent(), "n1 never saw the killed node unreachable");
    assertTrue(removed.isPresent(), "n1 never saw the killed node removed");
    assertTrue(n1.call("whereis server calc").get("found").asBoolean(), "a live node's name was lost");
    assertEquals(2, n1.call("cluster").get("members").size());
  }
}
