/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.multijvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The churn checker must catch each kind of broken invariant, and accept a correct history. */
class ChurnCheckerTest {

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final String N1 = "pekko://mcp@127.0.0.1:1001";
  private static final String N2 = "pekko://mcp@127.0.0.1:1002";
  private static final String A = N1 + "/system/test-a#1";
  private static final String B = N2 + "/system/test-b#2";

  private final List<Operation> ops = new ArrayList<>();
  private long clock;

  private void op(String node, String op, String name, String ref, String outcome, String config) {
    clock += 10;
    ops.add(new Operation(clock, clock + 5, node, op, name, ref, outcome, ref, config));
  }

  private static JsonNode dump(String... nameRefNode) {
    ObjectNode dump = MAPPER.createObjectNode();
    ArrayNode names = dump.putArray("names");
    ArrayNode servers = dump.putObject("groups").putArray("mcp.servers");
    for (int i = 0; i < nameRefNode.length; i += 3) {
      ObjectNode e = names.addObject().put("kind", "SERVER").put("name", nameRefNode[i]).put("ref", nameRefNode[i + 1])
          .put("node", nameRefNode[i + 2]);
      e.putObject("config").put("v", 0);
      servers.add(nameRefNode[i + 1]);
    }
    return dump;
  }

  private List<String> check(JsonNode dump, Set<String> losers, Set<String> dead) {
    return ChurnChecker.violations(ops, dump, losers, dead);
  }

  @Test
  void acceptsAConsistentHistory() {
    op(N1, "register", "x", A, "Registered", "{\"v\":0}");
    op(N2, "register", "x", B, "AlreadyRegistered", "{\"v\":0}");
    op(N2, "register", "y", B, "Registered", "{\"v\":0}");
    op(N2, "unregister", "y", B, "Unregistered", "");
    assertEquals(List.of(), check(dump("x", A, N1), Set.of(), Set.of()));
  }

  @Test
  void flagsALiveRegistrationThatIsGone() {
    op(N1, "register", "x", A, "Registered", "{\"v\":0}");
    assertTrue(check(dump(), Set.of(), Set.of()).get(0).startsWith("lost: x"));
  }

  @Test
  void flagsARegisteredAnswerOvertakenWithoutAConflictButAcceptsOneWithIt() {
    op(N1, "register", "x", A, "Registered", "{\"v\":0}");
    op(N2, "register", "x", B, "Registered", "{\"v\":0}");
    assertTrue(check(dump("x", B, N2), Set.of(), Set.of()).get(0).startsWith("overtaken: x"));
    assertEquals(List.of(), check(dump("x", B, N2), Set.of(A), Set.of()));
  }

  @Test
  void flagsStoppedUnregisteredDeadAndPhantomEntries() {
    op(N1, "register", "x", A, "Registered", "{\"v\":0}");
    op(N1, "stop", "x", A, "stopped", "");
    assertTrue(check(dump("x", A, N1), Set.of(), Set.of()).contains("stopped actor still named: x -> " + A));

    ops.clear();
    op(N1, "register", "x", A, "Registered", "{\"v\":0}");
    op(N1, "unregister", "x", A, "Unregistered", "");
    assertTrue(check(dump("x", A, N1), Set.of(), Set.of()).get(0).startsWith("resurrected: x"));

    ops.clear();
    op(N2, "register", "y", B, "Registered", "{\"v\":0}");
    assertTrue(check(dump("y", B, N2), Set.of(), Set.of(N2)).get(0).startsWith("dead node's name survived: y"));
    assertTrue(check(dump("y", B, N2, "z", A, N1), Set.of(), Set.of()).get(0).startsWith("phantom: z"));
  }

  @Test
  void flagsAStaleConfigAfterAnUpdate() {
    op(N1, "register", "x", A, "Registered", "{\"v\":0}");
    op(N1, "update", "x", A, "Updated", "{\"v\":7}");
    assertTrue(check(dump("x", A, N1), Set.of(), Set.of()).get(0).startsWith("stale config: x"));
  }
}
