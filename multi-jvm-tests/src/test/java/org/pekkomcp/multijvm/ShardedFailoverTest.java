/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.multijvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Servers declared once for the cluster ({@code ServerPlacement}, Cluster Sharding), moved by
 * every kind of event while clients keep calling them: real node JVMs, a client node that hosts
 * nothing, and on it one client session per server calling the server's {@code where} tool every
 * 50 ms for the whole class (see {@link McpCommands}: a session as every transport runs it).
 *
 * <p>One cluster serves the steps in order, each starting from the cluster the previous one
 * left (fewer start-ups: the class stays within the CI budget); each step judges only the calls
 * made since it began. Every answer names the instance that gave it, so a step checks that no
 * instance answered again after another had taken over: never two serving in turn.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class ShardedFailoverTest {

  @RegisterExtension
  static final JvmCluster cluster = new JvmCluster();

  private static final List<String> SERVERS = Placement.names("s", 6);
  private static final List<NodeProcess> hosts = new ArrayList<>();
  private static NodeProcess client;
  private static int started = 3;

  @BeforeAll
  static void formAndLoad() {
    List<NodeProcess> nodes = cluster.form(List.of(
        Placement.host("h1"), Placement.host("h2"), Placement.host("h3"), Placement.client("client")));
    hosts.addAll(nodes.subList(0, 3));
    client = nodes.get(3);
    nodes.forEach(n -> Placement.declare(n, SERVERS));
    awaitEveryServer();
    SERVERS.forEach(s -> Placement.startLoad(client, "c-" + s, s));
  }

  @Test
  @Order(1)
  void aJoiningNodeTakesOverSomeServersByHandOff() {
    awaitEveryServer();
    long joinedAt = System.currentTimeMillis();
    NodeProcess joined = startHost();
    assertTrue(Polling.until(Placement.MOVE_TIMEOUT, () -> !serversOn(joined).isEmpty()),
        "no server moved to the new node " + joined.name() + " within " + Placement.MOVE_TIMEOUT);
    Set<String> moved = serversOn(joined);
    assertTrue(Polling.until(Placement.MOVE_TIMEOUT, () -> moved.stream().allMatch(server ->
            Placement.calls(client, "c-" + server).since(joinedAt).all().stream()
                .anyMatch(c -> c.ok() && c.node().equals(joined.address())))),
        "the servers moved to " + joined.name() + " did not answer from it: " + moved);
    System.out.printf("[multi-jvm] %s joined; %s moved to it; calls failed at a hand-off: %s%n",
        joined.name(), moved, failedSince(joinedAt));
    assertOnlyCallsInFlightAtAMoveFailed(joinedAt);
  }

  @Test
  @Order(2)
  void killedHostsServersStartElsewhereAndOnlyTheCallInFlightFails() {
    NodeProcess victim = hostOfAtRest("s0");
    Set<String> moved = serversOn(victim);
    long killedAt = System.currentTimeMillis();
    victim.kill9();
    hosts.remove(victim);
    List<String> times = new ArrayList<>();
    for (String server : moved) {
      Calls.Call first = Placement.awaitAnsweredElsewhere(client, "c-" + server, victim.address(), killedAt);
      times.add(server + " " + (first.ended() - killedAt) + " ms");
    }
    System.out.printf("[multi-jvm] kill -9 of %s, the host of %s: kill -> first answer from another node: %s%n",
        victim.name(), moved, times);

    JvmCluster.awaitMembers(client, hosts.size() + 1, 0);
    long removedAt = NodeEvents.firstMemberEvent(client, "MemberRemoved", victim.address(), killedAt)
        .orElseThrow(() -> new AssertionError("the client node never saw " + victim.name() + " removed"));
    for (String server : moved) {
      Calls since = Placement.calls(client, "c-" + server).since(killedAt);
      assertTrue(since.failed().size() <= 1, server + ": at most the call in flight may fail; " + since.describe());
      since.failed().forEach(c -> assertTrue(c.sent() <= killedAt + 100 && c.error().contains("'" + server + "'"),
          server + ": only a call in flight at the kill may fail, with an error naming the server; " + since.describe()));
      // It ends when the node is seen unreachable, not when it is removed.
      since.failed().forEach(c -> assertTrue(c.ended() < removedAt, server + ": the call in flight ended at " + c.ended()
          + ", not before the node's removal at " + removedAt + "; " + since.describe()));
    }
    assertOnlyCallsInFlightAtAMoveFailed(killedAt);
  }

  @Test
  @Order(3)
  void aLeavingNodeHandsItsServersOffUnderLoad() {
    NodeProcess leaving = hostOfAtRest("s1");
    Set<String> moved = serversOn(leaving);
    long leftAt = System.currentTimeMillis();
    leave(leaving);
    moved.forEach(server -> Placement.awaitAnsweredElsewhere(client, "c-" + server, leaving.address(), leftAt));
    System.out.printf("[multi-jvm] %s left; %s moved; calls failed at a hand-off: %s%n",
        leaving.name(), moved, failedSince(leftAt));
    assertOnlyCallsInFlightAtAMoveFailed(leftAt);
  }

  @Test
  @Order(4)
  void aSessionKeepsItsLogLevelAndSubscriptionAcrossAMove() {
    String server = "s2";
    awaitEveryServer();
    client.call("client-open state " + server);
    client.call("client-call state logging/setLevel {\"level\":\"debug\"}");
    client.call("client-call state resources/subscribe {\"uri\":\"" + ProbeServer.STATE_URI + "\"}");
    NodeProcess oldHost = hostNamed(Placement.hostOf(client, server));
    assertStateHolds(server, oldHost, "before the move");

    startHost();
    leave(oldHost);
    assertTrue(Polling.until(Placement.MOVE_TIMEOUT, () -> !where("state").path("node").asText().equals(oldHost.address())),
        server + " did not answer from another node than " + oldHost.name());
    assertStateHolds(server, hostNamed(Placement.hostOf(client, server)), "after the move from " + oldHost.name());
  }

  @Test
  @Order(5)
  void rollingRestartOfEveryHostUnderLoad() {
    long from = System.currentTimeMillis();
    // The replacements' JVMs start together, before the first move; each joins at its turn.
    List<NodeProcess> olds = List.copyOf(hosts);
    List<NodeProcess> replacements = olds.stream().map(old -> cluster.startUnjoined(Placement.host("h" + ++started))).toList();
    for (int i = 0; i < olds.size(); i++) {
      joinHost(replacements.get(i));
      leave(olds.get(i));
      awaitEveryServer();
    }
    for (String server : SERVERS) {
      Placement.awaitAnsweredElsewhere(client, "c-" + server, "none", System.currentTimeMillis());
    }
    int moves = SERVERS.stream().mapToInt(s -> Placement.calls(client, "c-" + s).since(from).moves()).sum();
    System.out.printf("[multi-jvm] rolling restart of every host: %d moves; calls failed at a hand-off: %s%n",
        moves, failedSince(from));
    assertOnlyCallsInFlightAtAMoveFailed(from);
  }

  /**
   * The session's log level and subscription are in force on {@code server}'s instance on
   * {@code host}: a {@code where} call brings its debug log message from that instance, and the
   * instance's resource update reaches the session.
   */
  private static void assertStateHolds(String server, NodeProcess host, String when) {
    int mark = NodeEvents.all(client).size();
    String instance = where("state").path("instance").asText();
    host.call("resource-updated " + server + " " + ProbeServer.STATE_URI);
    assertTrue(Polling.until(Duration.ofSeconds(30), () -> notificationsSince(mark).stream()
            .anyMatch(m -> m.contains("notifications/resources/updated") && m.contains(ProbeServer.STATE_URI))),
        when + ": no notifications/resources/updated from " + host.name() + "; notifications: " + notificationsSince(mark));
    assertTrue(notificationsSince(mark).stream()
            .anyMatch(m -> m.contains("notifications/message") && m.contains("where answered by " + instance)),
        when + ": no debug log message from instance " + instance + "; notifications: " + notificationsSince(mark));
  }

  /** The structured answer of {@code where} in client {@code clientId}'s session. */
  private static JsonNode where(String clientId) {
    JsonNode answer = client.call("client-call " + clientId + " tools/call {\"name\":\"where\",\"arguments\":{}}",
        Placement.MOVE_TIMEOUT).path("answer");
    assertTrue(answer.has("result"), "where failed: " + answer);
    return answer.path("result").path("structuredContent");
  }

  /** The notifications the client node's sessions got, from event {@code mark} on. */
  private static List<String> notificationsSince(int mark) {
    List<String> out = new ArrayList<>();
    client.call("events " + mark).get("events").forEach(e -> {
      if (e.path("type").asText().equals("notification")) {
        out.add(e.path("message").asText());
      }
    });
    return out;
  }

  /** Starts a host that joins through the client node and declares the servers, as every node does. */
  private static NodeProcess startHost() {
    return joinHost(cluster.startUnjoined(Placement.host("h" + ++started)));
  }

  /** Joins a host started by {@link JvmCluster#startUnjoined} through the client node and declares the servers. */
  private static NodeProcess joinHost(NodeProcess node) {
    JvmCluster.join(node, client);
    Placement.declare(node, SERVERS);
    hosts.add(node);
    JvmCluster.awaitMembers(client, hosts.size() + 1, 0);
    return node;
  }

  /** A graceful leave: the node hands its servers off, leaves the cluster and exits. */
  private static void leave(NodeProcess node) {
    node.call("cluster-leave");
    assertTrue(node.awaitExit(Placement.MOVE_TIMEOUT), node.name() + " did not exit after leaving");
    hosts.remove(node);
    JvmCluster.awaitMembers(client, hosts.size() + 1, 0);
  }

  /** The calls that failed since {@code from}, over every server's client: how many, and why. */
  private static String failedSince(long from) {
    List<String> errors = SERVERS.stream()
        .flatMap(s -> Placement.calls(client, "c-" + s).since(from).failed().stream().map(c -> s + ": " + c.error()))
        .toList();
    return errors.size() + (errors.isEmpty() ? "" : " " + errors);
  }

  /**
   * For every server since {@code from}: each failed call was in flight at a move (at most one
   * per move), and no instance answered again once another had answered.
   */
  private static void assertOnlyCallsInFlightAtAMoveFailed(long from) {
    for (String server : SERVERS) {
      Calls calls = Placement.calls(client, "c-" + server);
      Calls since = calls.since(from);
      assertEquals(List.of(), calls.failedAwayFromAMove(from),
          server + ": a call failed that was not in flight at a move; " + since.describe());
      assertEquals(Set.of(), since.interleaved(), server + ": an instance answered after another took over; " + since.describe());
    }
  }

  /** The servers whose instance runs on {@code node} now, as the client node's registry says. */
  private static Set<String> serversOn(NodeProcess node) {
    Set<String> on = new TreeSet<>();
    for (String server : SERVERS) {
      JsonNode found = client.call("whereis server " + server);
      if (found.path("entry").path("node").asText().equals(node.address())) {
        on.add(server);
      }
    }
    return on;
  }

  /** The host node of {@code server}, once every server is registered. */
  private static NodeProcess hostOfAtRest(String server) {
    awaitEveryServer();
    return hostNamed(Placement.hostOf(client, server));
  }

  /** Waits until every server is registered, so that a step starts from a cluster at rest. */
  private static void awaitEveryServer() {
    client.call("await-count server " + SERVERS.size() + " 60000", Placement.MOVE_TIMEOUT);
  }

  private static NodeProcess hostNamed(String address) {
    return hosts.stream().filter(h -> h.address().equals(address)).findFirst()
        .orElseThrow(() -> new AssertionError("no host node at " + address));
  }
}
