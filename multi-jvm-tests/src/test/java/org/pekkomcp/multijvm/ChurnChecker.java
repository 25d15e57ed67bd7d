/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.multijvm;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Replays the churn test's recorded operations against the registry the nodes agreed on at the
 * end, and lists every broken invariant:
 * <ol>
 *   <li>each name has one owner (the nodes' identical dumps hold each name once);</li>
 *   <li>every registration that was answered {@code Registered}, whose actor was not stopped or
 *       unregistered, whose node did not die, and which did not lose a conflict (a
 *       {@code Conflict} event naming it the loser) is there, with that actor and its last
 *       config: so no {@code Registered} answer was given for a name another live actor kept
 *       unless a Conflict followed;</li>
 *   <li>nothing is there that no one registered, or that was unregistered or stopped since;</li>
 *   <li>every stopped actor and every name of a dead node is gone, from names and groups.</li>
 * </ol>
 * An operation that got no answer (its node died, a timeout) may or may not have happened, so
 * an entry it would explain is accepted but nothing is required of it.
 */
final class ChurnChecker {

  private ChurnChecker() {}

  /** The final entry of a name, from the agreed dump. */
  private record Entry(String ref, String node, JsonNode config) {}

  static List<String> violations(List<Operation> ops, JsonNode dump, Set<String> conflictLosers, Set<String> deadNodes) {
    List<String> violations = new ArrayList<>();
    Map<String, Entry> finals = new HashMap<>();
    for (JsonNode e : dump.get("names")) {
      Entry previous = finals.put(e.get("name").asText(), new Entry(e.get("ref").asText(), e.get("node").asText(), e.get("config")));
      if (previous != null) {
        violations.add("name " + e.get("name").asText() + " has two owners");
      }
    }

    Set<String> stopped = new HashSet<>();
    Set<String> maybeStopped = new HashSet<>();
    Set<String> unregistered = new HashSet<>();
    Set<String> maybeRegistered = new HashSet<>();
    Map<String, String> lastConfig = new HashMap<>();
    for (Operation op : ops) {
      if (op.is("stop", "stopped")) {
        stopped.add(op.ref());
      } else if (op.is("stop", Operation.ERROR)) {
        maybeStopped.add(op.ref());
      } else if (op.is("unregister", "Unregistered")) {
        unregistered.add(op.name() + " " + op.ref());
      } else if (op.is("register", Operation.ERROR)) {
        maybeRegistered.add(op.name() + " " + op.ref());
      } else if (op.is("update", "Updated")) {
        lastConfig.put(op.ref(), op.config());
      }
    }

    Set<String> registered = new HashSet<>();
    for (Operation op : ops) {
      if (!op.is("register", "Registered")) {
        continue;
      }
      registered.add(op.name() + " " + op.ref());
      lastConfig.putIfAbsent(op.ref(), op.config());
      boolean ended = stopped.contains(op.ref()) || maybeStopped.contains(op.ref())
          || unregistered.contains(op.name() + " " + op.ref()) || deadNodes.contains(op.node());
      if (ended || conflictLosers.contains(op.ref())) {
        continue;
      }
      Entry now = finals.get(op.name());
      if (now == null) {
        violations.add("lost: " + op.name() + " was Registered to live " + op.ref() + " at " + op.end()
            + ", never unregistered, stopped or told of a conflict, and is gone");
      } else if (!now.ref().equals(op.ref())) {
        violations.add("overtaken: " + op.name() + " was Registered to live " + op.ref() + " at " + op.end()
            + " and no Conflict followed, but " + now.ref() + " holds it");
      } else if (!now.config().toString().equals(lastConfig.get(op.ref()))) {
        violations.add("stale config: " + op.name() + " shows " + now.config() + ", the last update set "
            + lastConfig.get(op.ref()));
      }
    }

    finals.forEach((name, entry) -> {
      String key = name + " " + entry.ref();
      if (!registered.contains(key) && !maybeRegistered.contains(key)) {
        violations.add("phantom: " + name + " -> " + entry.ref() + " was never registered");
      }
      if (unregistered.contains(key)) {
        violations.add("resurrected: " + name + " -> " + entry.ref() + " was unregistered");
      }
      if (stopped.contains(entry.ref())) {
        violations.add("stopped actor still named: " + name + " -> " + entry.ref());
      }
      if (deadNodes.contains(entry.node())) {
        violations.add("dead node's name survived: " + name + " on " + entry.node());
      }
    });
    dump.get("groups").fields().forEachRemaining(group -> group.getValue().forEach(member -> {
      if (stopped.contains(member.asText())) {
        violations.add("stopped actor still in group " + group.getKey() + ": " + member.asText());
      }
      if (deadNodes.stream().anyMatch(dead -> member.asText().startsWith(dead + "/"))) {
        violations.add("dead node's actor still in group " + group.getKey() + ": " + member.asText());
      }
    }));
    return violations;
  }
}
