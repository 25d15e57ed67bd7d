package org.pekkomcp.multijvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
    client.call("await-count server " + SERVERS.size() + " 60000", Placement.MOVE_TIMEOUT);
    SERVERS.forEach(s -> Placement.startLoad(client, "c-" + s, s));
  }

  @Test
  @Order(1)
  void killedHostsServersStartElsewhereAndOnlyTheCallInFlightFails() {
    NodeProcess victim = hostNamed(Placement.hostOf(client, "s0"));
    Map<String, String> moved = serversOn(victim);
    long killedAt = System.currentTimeMillis();
    victim.kill9();
    hosts.remove(victim);
    List<String> times = new ArrayList<>();
    for (String server : moved.keySet()) {
      Calls.Call first = Placement.awaitAnsweredElsewhere(client, "c-" + server, victim.address(), killedAt);
      times.add(server + " " + (first.ended() - killedAt) + " ms");
    }
    System.out.printf("[multi-jvm] kill -9 of %s, the host of %s: kill -> first answer from another node: %s%n",
        victim.name(), moved.keySet(), times);

    for (String server : moved.keySet()) {
      Calls since = Placement.calls(client, "c-" + server).since(killedAt);
      assertTrue(since.failed().size() <= 1, server + ": at most the call in flight may fail; " + since.describe());
      since.failed().forEach(c -> assertTrue(c.sent() <= killedAt + 100 && c.error().contains("'" + server + "'"),
          server + ": only a call in flight at the kill may fail, with an error naming the server; " + since.describe()));
    }
    assertOnlyCallsInFlightAtAMoveFailed(killedAt);
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

  /** The servers whose instance runs on {@code node} (as the client node's registry says), with that node's address. */
  private static Map<String, String> serversOn(NodeProcess node) {
    Map<String, String> on = new LinkedHashMap<>();
    for (String server : SERVERS) {
      if (Placement.hostOf(client, server).equals(node.address())) {
        on.put(server, node.address());
      }
    }
    return on;
  }

  private static NodeProcess hostNamed(String address) {
    return hosts.stream().filter(h -> h.address().equals(address)).findFirst()
        .orElseThrow(() -> new AssertionError("no host node at " + address));
  }
}
