package org.pekkomcp.multijvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
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

  @Test
  void twoSecondPauseGoesUnnoticed() {
    List<NodeProcess> nodes = cluster.form(3);
    NodeProcess n1 = nodes.get(0);
    NodeProcess n3 = nodes.get(2);
    n3.call("register server paused-owner p");
    String paused = n3.address();

    long pausedAt = System.currentTimeMillis();
    n3.pause();
    int checks;
    try {
      checks = Polling.holdsFor(Duration.ofSeconds(2), () ->
          assertEquals(3, n1.call("cluster").get("members").size(), "a member was removed during a 2 s pause"));
    } finally {
      n3.resume();
    }
    nodes.forEach(n -> JvmCluster.awaitMembers(n, 3, 0));

    OptionalLong unreachable = NodeEvents.firstMemberEvent(n1, "UnreachableMember", paused, pausedAt);
    System.out.printf("[multi-jvm] SIGSTOP 2 s: %d checks held, unreachable %s%n",
        checks, NodeEvents.since(unreachable, pausedAt));
    assertTrue(NodeEvents.firstMemberEvent(n1, "MemberDowned", paused, pausedAt).isEmpty(), "the paused node was downed");
    assertTrue(n3.call("whereis server paused-owner").get("found").asBoolean(), "the paused node lost its name");
  }

  @Test
  void pausePastTheDowningTimeGetsTheNodeRemovedAndItExitsOnResume() {
    List<NodeProcess> nodes = cluster.form(3);
    NodeProcess n1 = nodes.get(0);
    NodeProcess n3 = nodes.get(2);
    String paused = n3.address();

    long pausedAt = System.currentTimeMillis();
    n3.pause();
    try {
      JvmCluster.awaitMembers(n1, 2, 0);
      JvmCluster.awaitMembers(nodes.get(1), 2, 0);
    } finally {
      n3.resume();
    }
    long resumedAt = System.currentTimeMillis();
    boolean exited = n3.awaitExit(Duration.ofSeconds(60));
    long exitedAfter = System.currentTimeMillis() - resumedAt;

    OptionalLong unreachable = NodeEvents.firstMemberEvent(n1, "UnreachableMember", paused, pausedAt);
    OptionalLong removed = NodeEvents.firstMemberEvent(n1, "MemberRemoved", paused, pausedAt);
    System.out.printf("[multi-jvm] SIGSTOP past downing: unreachable after %s, removed after %s; "
            + "after SIGCONT the node exited in %d ms%n",
        NodeEvents.since(unreachable, pausedAt), NodeEvents.since(removed, pausedAt), exitedAfter);
    assertTrue(removed.isPresent(), "n1 never saw the paused node removed");
    assertTrue(exited, "the downed node did not exit after SIGCONT");
    assertEquals(2, n1.call("cluster").get("members").size(), "the downed node came back");
  }
}
