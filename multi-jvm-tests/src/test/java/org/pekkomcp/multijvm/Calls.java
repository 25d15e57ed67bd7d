/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.multijvm;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The record of a client's call loop (a node's {@code load-stop} or {@code load-calls}), and what
 * the failover tests ask of it. Times are wall-clock milliseconds, the clock the test shares with
 * its nodes.
 */
record Calls(List<Call> all) {

  /** One call: sent and ended; answered by {@code node}'s {@code instance}, or failed with {@code error}. */
  record Call(long sent, long ended, boolean ok, String node, String instance, String error) {}

  Calls {
    all = List.copyOf(all);
  }

  static Calls parse(JsonNode array) {
    List<Call> calls = new ArrayList<>();
    for (JsonNode c : array) {
      calls.add(new Call(c.path("sent").asLong(), c.path("ended").asLong(), c.path("ok").asBoolean(),
          c.path("node").asText(""), c.path("instance").asText(""), c.path("error").asText("")));
    }
    return new Calls(calls);
  }

  List<Call> failed() {
    return all.stream().filter(c -> !c.ok()).toList();
  }

  /** The first call answered by a node other than {@code node} that was sent after {@code after}. */
  Optional<Call> firstAnsweredElsewhere(String node, long after) {
    return all.stream().filter(c -> c.ok() && !c.node().equals(node) && c.sent() >= after).findFirst();
  }

  /** The calls that ended after {@code from}. */
  Calls since(long from) {
    return new Calls(all.stream().filter(c -> c.ended() >= from).toList());
  }

  /** The instances in the order they answered, each once per run of answers. */
  List<String> instanceRuns() {
    List<String> runs = new ArrayList<>();
    for (Call c : all) {
      if (c.ok() && (runs.isEmpty() || !runs.get(runs.size() - 1).equals(c.instance()))) {
        runs.add(c.instance());
      }
    }
    return runs;
  }

  /**
   * Instances that answered again after another instance had answered: two instances serving in
   * turn, which a move must never produce (the old one stops before the new one starts).
   */
  Set<String> interleaved() {
    Set<String> seen = new HashSet<>();
    Set<String> again = new HashSet<>();
    for (String instance : instanceRuns()) {
      if (!seen.add(instance)) {
        again.add(instance);
      }
    }
    return again;
  }

  /** How often the answering instance changed. */
  int moves() {
    return Math.max(0, instanceRuns().size() - 1);
  }

  /**
   * The failed calls that did not happen at a move: a failure is at a move when the last answer
   * before it and the first answer after it came from different instances, and a move may
   * explain one failure (the call in flight to the instance that went). Every other failure is
   * returned (of those that ended at {@code from} or later): one with no move around it, or a
   * second one at the same move.
   */
  List<Call> failedAwayFromAMove(long from) {
    List<Call> unexplained = new ArrayList<>();
    String before = null;
    List<Call> pending = new ArrayList<>();
    for (Call c : all) {
      if (!c.ok()) {
        pending.add(c);
        continue;
      }
      boolean move = before != null && !before.equals(c.instance());
      unexplained.addAll(move ? pending.subList(Math.min(1, pending.size()), pending.size()) : pending);
      pending.clear();
      before = c.instance();
    }
    unexplained.addAll(pending);
    return unexplained.stream().filter(c -> c.ended() >= from).toList();
  }

  /** A short account for failure messages: each failure, and the runs of answering instances. */
  String describe() {
    StringBuilder out = new StringBuilder(all.size() + " calls, " + failed().size() + " failed");
    failed().forEach(c -> out.append("\n    failed, sent ").append(c.sent()).append(": ").append(c.error()));
    out.append("\n    instances in answer order: ").append(instanceRuns());
    return out.toString();
  }
}
