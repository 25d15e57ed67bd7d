/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.multijvm;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The failover tests' judge of a call record catches each kind of violation and accepts a clean move. */
class CallsTest {

  private static long t;

  private static Calls.Call ok(String instance) {
    t += 50;
    return new Calls.Call(t, t + 2, true, "node-" + instance, instance, "");
  }

  private static Calls.Call failed() {
    t += 50;
    return new Calls.Call(t, t + 2, false, "", "", "MCP server 's' went away before answering (unreachable)");
  }

  @Test
  void oneFailedCallAtAMoveIsTheCallInFlight() {
    Calls calls = new Calls(List.of(ok("a"), ok("a"), failed(), ok("b"), ok("b")));
    assertEquals(List.of(), calls.failedAwayFromAMove(0));
    assertEquals(1, calls.moves());
    assertEquals(Set.of(), calls.interleaved());
  }

  @Test
  void aSecondFailureAtOneMoveAndAFailureWithoutAMoveAreNot() {
    Calls.Call second = failed();
    Calls twoAtAMove = new Calls(List.of(ok("a"), failed(), second, ok("b")));
    assertEquals(List.of(second), twoAtAMove.failedAwayFromAMove(0));
    Calls.Call lone = failed();
    Calls noMove = new Calls(List.of(ok("a"), lone, ok("a")));
    assertEquals(List.of(lone), noMove.failedAwayFromAMove(0));
    Calls.Call last = failed();
    assertEquals(List.of(last), new Calls(List.of(ok("a"), last)).failedAwayFromAMove(0));
  }

  @Test
  void failuresBeforeTheWindowAreNotJudged() {
    Calls.Call early = failed();
    Calls calls = new Calls(List.of(ok("a"), early, ok("a"), ok("a")));
    assertEquals(List.of(), calls.failedAwayFromAMove(early.ended() + 1));
  }

  @Test
  void anInstanceAnsweringAfterAnotherTookOverIsInterleaved() {
    Calls calls = new Calls(List.of(ok("a"), ok("b"), ok("a"), ok("c")));
    assertEquals(Set.of("a"), calls.interleaved());
    assertEquals(List.of("a", "b", "a", "c"), calls.instanceRuns());
  }
}
