/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.multijvm;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.function.Predicate;

/** Reads a node's {@code events} log and measures from it. */
final class NodeEvents {

  private NodeEvents() {}

  static List<JsonNode> all(NodeProcess node) {
    List<JsonNode> events = new ArrayList<>();
    node.call("events 0").get("events").forEach(events::add);
    return events;
  }

  /** When {@code node} first saw an event of {@code type} about cluster member {@code member}. */
  static OptionalLong firstMemberEvent(NodeProcess node, String type, String member, long notBefore) {
    return first(node, e -> e.path("type").asText().equals(type)
        && e.path("member").asText().equals(member)
        && e.path("t").asLong() >= notBefore);
  }

  /** A registry {@code Registered} event for {@code name}. */
  static Predicate<JsonNode> registered(String name) {
    return e -> e.path("type").asText().equals("Registered") && e.path("entry").path("name").asText().equals(name);
  }

  static OptionalLong first(NodeProcess node, Predicate<JsonNode> which) {
    return all(node).stream().filter(which).mapToLong(e -> e.path("t").asLong()).findFirst();
  }

  static OptionalLong last(NodeProcess node, Predicate<JsonNode> which) {
    return all(node).stream().filter(which).mapToLong(e -> e.path("t").asLong()).max();
  }

  static long count(NodeProcess node, Predicate<JsonNode> which) {
    return all(node).stream().filter(which).count();
  }

  /** A registry {@code Unregistered} event with {@code reason} for a name starting with {@code prefix}. */
  static Predicate<JsonNode> unregistered(String prefix, String reason) {
    return e -> e.path("type").asText().equals("Unregistered")
        && e.path("reason").asText().equals(reason)
        && e.path("entry").path("name").asText().startsWith(prefix);
  }

  /** "1234 ms" or "not seen", for the printed figures. */
  static String since(OptionalLong at, long start) {
    return at.isPresent() ? (at.getAsLong() - start) + " ms" : "not seen";
  }
}
