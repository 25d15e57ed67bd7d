/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.sharding;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityRef;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Leave;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.pekkomcp.registry.Kind;
import org.pekkomcp.registry.McpRegistry;
import org.pekkomcp.registry.Registration;

/**
 * Servers declared on every node of a three-node cluster (ActorSystems in this JVM): one instance
 * each, registered from where it runs; moved when its node leaves, is downed, or a node joins;
 * never two instances at once.
 */
class ClusterPlacementTest {

  private static final String CALC = "calc";

  private final InstanceLog log = new InstanceLog();
  private TestCluster cluster;

  @AfterEach
  void stop() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void aServerDeclaredOnEveryNodeRunsOnceAndEveryNodeFindsItWhereItRuns() {
    startWithCalc("placed", "");
    assertEquals(1, log.lives(CALC).size());
  }

  @Test
  void aLeavingNodeHandsItsServerOffAndTheServerRegistersOnAnotherNode() {
    int host = startWithCalc("leave", "");

    Cluster leaving = Cluster.get(cluster.system(host));
    leaving.manager().tell(Leave.create(leaving.selfMember().address()));

    List<Integer> survivors = others(host);
    int next = awaitRunningOnOneNode(CALC, survivors);
    assertNotEquals(host, next);
    awaitRegisteredOn(CALC, next, survivors);
    assertEquals(2, log.lives(CALC).size());
    log.assertNeverTwoAtOnce(CALC);
  }

  @Test
  void aDownedNodesServerStartsOnASurvivorOnceTheSplitBrainResolverRemovesIt() {
    int host = startWithCalc("downed", "pekko.cluster.failure-detector.acceptable-heartbeat-pause = 3s");

    cluster.isolate(host);

    List<Integer> survivors = others(host);
    int next = awaitRunningOnOneNode(CALC, survivors);
    awaitRegisteredOn(CALC, next, survivors);
    // The cut-off node is the minority: its Split Brain Resolver downs it, and it shuts down.
    cluster.system(host).getWhenTerminated().toCompletableFuture().orTimeout(TestCluster.PATIENCE.toSeconds(), TimeUnit.SECONDS).join();
    log.assertNeverTwoAtOnce(CALC);
  }

  @Test
  void aServerWithARoleRunsOnlyOnANodeWithThatRoleAndIsFoundFromTheOthers() {
    cluster = TestCluster.start("role", 3, node -> node == 1 ? "pekko.cluster.roles = [calc-host]" : "");
    for (int i = 0; i < cluster.size(); i++) {
      ServerPlacement.get(cluster.system(i)).declare(log.spec(CALC).withRole("calc-host"));
    }

    assertEquals(1, awaitRunningOnOneNode(CALC, List.of(0, 1, 2)));
    awaitRegisteredOn(CALC, 1, List.of(0, 1, 2));
    assertEquals(1, log.lives(CALC).size());
  }

  @Test
  void aJoiningNodeTakesOverSomeServers() {
    cluster = TestCluster.start("join", 2, "");
    List<String> servers = List.of("s1", "s2", "s3", "s4", "s5", "s6");
    for (String server : servers) {
      declareEverywhere(server);
    }
    cluster.eventually(() -> {
      int running = ServerPlacement.get(cluster.system(0)).runningHere().size()
          + ServerPlacement.get(cluster.system(1)).runningHere().size();
      assertEquals(servers.size(), running);
    });

    int joined = cluster.add();
    cluster.awaitUp(3);
    for (String server : servers) {
      ServerPlacement.get(cluster.system(joined)).declare(log.spec(server));
    }

    cluster.eventually(() -> assertTrue(ServerPlacement.get(cluster.system(joined)).runningHere().size() >= 2,
        "node 3 runs " + ServerPlacement.get(cluster.system(joined)).runningHere()));
    for (String server : servers) {
      int host = awaitRunningOnOneNode(server, List.of(0, 1, 2));
      awaitRegisteredOn(server, host, List.of(0, 1, 2));
      log.assertNeverTwoAtOnce(server);
    }
  }

  @Test
  void aRetiredServerStopsEverywhereAndStaysStoppedWhenItsNodeLeaves() {
    int host = startWithCalc("retire", "");
    int caller = others(host).get(0);
    // On a loaded machine the start-up itself may move calc once (a coordinator that timed out and restarted).
    int livesBefore = log.lives(CALC).size();

    assertEquals(new Retirement.Retiring(CALC), ServerPlacement.get(cluster.system(caller)).retire(CALC));
    cluster.eventually(() -> {
      assertEquals(List.of(), log.runningOn(CALC));
      for (int node = 0; node < cluster.size(); node++) {
        assertTrue(McpRegistry.get(cluster.system(node)).whereis(Kind.SERVER, CALC).isEmpty(), "node " + node + " finds " + CALC);
      }
    });
    // Sharding forgot the entity: the shard's move to a survivor when its node leaves starts nothing.
    Cluster leaving = Cluster.get(cluster.system(host));
    leaving.manager().tell(Leave.create(leaving.selfMember().address()));
    cluster.system(host).getWhenTerminated().toCompletableFuture().orTimeout(TestCluster.PATIENCE.toSeconds(), TimeUnit.SECONDS).join();
    cluster.holds(Duration.ofSeconds(3), () -> assertEquals(List.of(), log.runningOn(CALC), "a retired server was started again"));
    assertEquals(livesBefore, log.lives(CALC).size(), "a retired server was started again: " + log.lives(CALC));

    // Declared anew where it was retired, it runs again.
    assertEquals(new Declaration.Declared(CALC, true), ServerPlacement.get(cluster.system(caller)).declare(log.spec(CALC)));
    int next = awaitRunningOnOneNode(CALC, others(host));
    awaitRegisteredOn(CALC, next, others(host));
  }

  @Test
  void messagesSentBeforeARetirementThatReachTheServerAfterItDoNotStartItAgain() {
    // The instance drains for 3 s after its name goes: what is sent then reaches its entity while
    // Sharding passivates it. A declaration's Ensure held up in a region (as when the coordinator
    // is slow) and the retirement's retry both can.
    int host = startWithCalc("late-messages", "mcp.sharding.hand-off-drain = 3s");
    int caller = others(host).get(0);
    int livesBefore = log.lives(CALC).size();
    EntityRef<ServerHost.Command> entity = ClusterSharding.get(cluster.system(caller))
        .entityRefFor(ServerPlacement.typeKey(Optional.empty()), CALC);
    long declaredBefore = System.currentTimeMillis();

    assertEquals(new Retirement.Retiring(CALC), ServerPlacement.get(cluster.system(caller)).retire(CALC));
    // The host removes the name once its hand-off has begun, then drains.
    cluster.eventually(() -> assertTrue(McpRegistry.get(cluster.system(host)).whereis(Kind.SERVER, CALC).isEmpty()));
    assertEquals(List.of(cluster.system(host).address().toString()), log.runningOn(CALC), "still draining");
    entity.tell(new ServerHost.Ensure(declaredBefore));
    cluster.eventually(() -> assertEquals(List.of(), log.runningOn(CALC)));
    // And after the entity stopped: the retirement's retry, then the held-up declaration.
    entity.tell(new ServerHost.Retire(System.currentTimeMillis()));
    cluster.holds(Duration.ofSeconds(2), () -> assertEquals(List.of(), log.runningOn(CALC), "a retired server was started again"));
    entity.tell(new ServerHost.Ensure(declaredBefore));
    cluster.holds(Duration.ofSeconds(2), () -> assertEquals(List.of(), log.runningOn(CALC), "a retired server was started again"));
    assertEquals(livesBefore, log.lives(CALC).size(), "a retired server was started again: " + log.lives(CALC));

    // A declaration made after the retirement starts it, on the node where it was retired as well.
    assertEquals(new Declaration.Declared(CALC, true), ServerPlacement.get(cluster.system(caller)).declare(log.spec(CALC)));
    int next = awaitRunningOnOneNode(CALC, List.of(0, 1, 2));
    awaitRegisteredOn(CALC, next, List.of(0, 1, 2));
  }

  /** Three nodes that all declare {@link #CALC}; returns the node it runs on once every node finds it there. */
  private int startWithCalc(String name, String overrides) {
    cluster = TestCluster.start(name, 3, overrides);
    declareEverywhere(CALC);
    int host = awaitRunningOnOneNode(CALC, List.of(0, 1, 2));
    awaitRegisteredOn(CALC, host, List.of(0, 1, 2));
    return host;
  }

  private void declareEverywhere(String server) {
    for (int i = 0; i < cluster.size(); i++) {
      assertEquals(new Declaration.Declared(server, true), ServerPlacement.get(cluster.system(i)).declare(log.spec(server)));
    }
  }

  /** Waits until exactly one of {@code nodes} runs {@code server} and no other instance lives; returns that node. */
  private int awaitRunningOnOneNode(String server, List<Integer> nodes) {
    int[] host = new int[1];
    cluster.eventually(() -> {
      List<Integer> running = new ArrayList<>();
      for (int node : nodes) {
        if (ServerPlacement.get(cluster.system(node)).runningHere().contains(server)) {
          running.add(node);
        }
      }
      assertEquals(1, running.size(), server + " runs on nodes " + running);
      assertEquals(List.of(cluster.system(running.get(0)).address().toString()), log.runningOn(server),
          "the live instances of " + server);
      host[0] = running.get(0);
    });
    return host[0];
  }

  /** Waits until every one of {@code readers} finds {@code server} registered by node {@code host}. */
  private void awaitRegisteredOn(String server, int host, List<Integer> readers) {
    cluster.eventually(() -> {
      for (int reader : readers) {
        Optional<Registration> found = McpRegistry.get(cluster.system(reader)).whereis(Kind.SERVER, server);
        assertTrue(found.isPresent(), "node " + reader + " does not find " + server);
        assertEquals(cluster.system(host).address(), found.get().node(), "node " + reader + " finds " + server);
      }
    });
  }

  private static List<Integer> others(int node) {
    List<Integer> others = new ArrayList<>(List.of(0, 1, 2));
    others.remove(Integer.valueOf(node));
    return others;
  }
}
