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

  static OptionalLong first(NodeProcess node, Predicate<JsonNode> which) {
    return all(node).stream().filter(which).mapToLong(e -> e.path("t").asLong()).findFirst();
  }

  /** "1234 ms" or "not seen", for the printed figures. */
  static String since(OptionalLong at, long start) {
    return at.isPresent() ? (at.getAsLong() - start) + " ms" : "not seen";
  }
}
