/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.multijvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The uniqueness checker finds each kind of violation, and accepts a history without any. */
class UniquenessCheckerTest {

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final String N1 = "pekko://mcp@10.0.0.1:1";
  private static final String N2 = "pekko://mcp@10.0.0.2:1";
  private static final String N3 = "pekko://mcp@10.0.0.3:1";
  private static final String A = N1 + "/system/test-a#1";
  private static final String B = N2 + "/system/test-b#2";

  private final List<Operation> ops = new ArrayList<>();
  private final Map<String, List<JsonNode>> events = new HashMap<>();
  private final List<UniquenessChecker.Cut> cuts = new ArrayList<>();

  /** Each node's log starts when it does, as a node's real log does (with its cluster events). */
  UniquenessCheckerTest() {
    for (String node : List.of(N1, N2, N3)) {
      events.put(node, new ArrayList<>());
      member(node, 0, "MemberUp", node);
    }
  }

  private void registered(String node, String ref, long start, long end) {
    ops.add(new Operation(start, end, node, "register", "x", ref, "Registered", ref, ""));
  }

  private void event(String node, long t, String type, String ref, String reason) {
    ObjectNode e = MAPPER.createObjectNode().put("t", t).put("type", type);
    ObjectNode entry = e.putObject("entry").put("kind", "SERVER").put("name", "x").put("ref", ref)
        .put("node", UniquenessChecker.ownerOfRef(ref));
    if (type.equals("Conflict")) {
      e.set("loser", entry.deepCopy());
    }
    if (reason != null) {
      e.put("reason", reason);
    }
    events.get(node).add(e);
  }

  private void member(String node, long t, String type, String member) {
    events.get(node).add(MAPPER.createObjectNode().put("t", t).put("type", type).put("member", member));
  }

  private UniquenessChecker.Report check(long end) {
    return UniquenessChecker.check(new UniquenessChecker.History(ops, events, cuts, Map.of(), end));
  }

  @Test
  void acceptsAHandOverAndAPartitionConflictSettledAfterHeal() {
    registered(N1, A, 100, 110);
    event(N1, 111, "Registered", A, null);
    event(N2, 130, "Registered", A, null);
    ops.add(new Operation(200, 210, N1, "unregister", "x", A, "Unregistered", "", ""));
    event(N1, 205, "Unregistered", A, "UNREGISTERED");
    event(N2, 215, "Unregistered", A, "UNREGISTERED");
    registered(N2, B, 220, 240);
    event(N2, 241, "Registered", B, null);
    // A partition {1}|{2}: both claim again, the conflict is settled after the heal.
    cuts.add(new UniquenessChecker.Cut(Set.of(N1), Set.of(N2, N3), 300, 900));
    registered(N1, N1 + "/system/test-c#3", 400, 410);
    event(N1, 1000, "Conflict", N1 + "/system/test-c#3", null);
    event(N2, 1000, "Unregistered", N1 + "/system/test-c#3", "CONFLICT");
    UniquenessChecker.Report report = check(2000);
    assertTrue(report.clean(), report.details(10));
    assertEquals(1, report.acrossCut().size(), report.details(10));
  }

  @Test
  void flagsTwoHoldersThatCouldTalk() {
    registered(N1, A, 100, 110);
    registered(N2, B, 100, 112);
    event(N2, 150, "Conflict", B, null);
    UniquenessChecker.Report report = check(2000);
    assertEquals(1, report.canTalk().size(), report.details(10));
    assertTrue(report.canTalk().get(0).contains("38 ms"), report.canTalk().get(0));
  }

  @Test
  void flagsAnEntryShownAgainAfterItsOwnerRemovedIt() {
    event(N1, 100, "Registered", A, null);
    event(N2, 120, "Registered", A, null);
    event(N2, 3000, "Unregistered", A, "UNREACHABLE");
    event(N1, 4000, "Unregistered", A, "TERMINATED");
    member(N2, 6000, "ReachableMember", N1);
    event(N2, 6010, "Registered", A, null);
    event(N2, 6500, "Unregistered", A, "UNREGISTERED");
    ops.add(new Operation(6100, 6101, N2, "whereis", "x", "", "found", A, ""));
    UniquenessChecker.Report report = check(7000);
    assertEquals(1, report.resurrected().size(), report.details(10));
    assertEquals(1, report.staleReads().size(), report.details(10));
    assertEquals(1, report.wrongReasons().size(), report.details(10));
    assertTrue(report.wrongReasons().get(0).contains("UNREGISTERED, its owner decided TERMINATED"), report.details(10));
  }

  @Test
  void aReadOfAnOwnerCutOffBeforeItsRemovalReachedTheReaderIsNotStaleButOneLongAfterIs() {
    event(N1, 100, "Registered", A, null);
    event(N2, 120, "Registered", A, null);
    event(N1, 1000, "Unregistered", A, "UNREGISTERED");
    ops.add(new Operation(5000, 5001, N2, "whereis", "x", "", "found", A, ""));
    cuts.add(new UniquenessChecker.Cut(Set.of(N1), Set.of(N2), 900, 8000));
    assertTrue(check(9000).clean(), check(9000).details(10));
    cuts.clear();
    assertEquals(1, check(9000).staleReads().size(), check(9000).details(10));
  }

  @Test
  void aRemovalStillInFlightIsNotAResurrection() {
    event(N1, 100, "Registered", A, null);
    event(N1, 130, "Unregistered", A, "UNREGISTERED");
    event(N2, 140, "Registered", A, null);
    event(N2, 160, "Unregistered", A, "UNREGISTERED");
    ops.add(new Operation(145, 146, N2, "whereis", "x", "", "found", A, ""));
    assertTrue(check(1000).clean(), check(1000).details(10));
  }
}
