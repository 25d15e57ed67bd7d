/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.multijvm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What the nodes' registries show: dumps (every name with its owner, every group), and waiting
 * until every node shows the same.
 */
final class Views {

  private Views() {}

  /** A node's dump without the answer's id, so dumps from different nodes compare equal. */
  static JsonNode dump(NodeProcess node) {
    ObjectNode dump = (ObjectNode) node.call("dump");
    dump.remove(List.of("id", "ok"));
    return dump;
  }

  /** A node's names as {@code KIND:name -> ref}. */
  static Map<String, String> names(JsonNode dump) {
    Map<String, String> names = new TreeMap<>();
    dump.get("names").forEach(e -> names.put(e.get("kind").asText() + ":" + e.get("name").asText(), e.get("ref").asText()));
    return names;
  }

  /** The agreed dump and how long agreement took from {@code since}. */
  record Agreement(JsonNode dump, long afterMs) {}

  /**
   * Waits until every node's dump (names, owners, configs, groups) is identical and returns it;
   * fails with every node's last dump when they still differ after {@code timeout}.
   */
  static Agreement awaitAgreement(List<NodeProcess> nodes, Duration timeout, long since) {
    List<JsonNode> last = new ArrayList<>();
    boolean agreed = Polling.until(timeout, () -> {
      last.clear();
      nodes.forEach(n -> last.add(dump(n)));
      return last.stream().distinct().count() == 1;
    });
    if (!agreed) {
      throw new AssertionError("the nodes' registries still differ after " + timeout + ":" + differences(nodes, last));
    }
    return new Agreement(last.get(0), System.currentTimeMillis() - since);
  }

  /** What each node shows differently from the first: names and group members, both ways. */
  private static String differences(List<NodeProcess> nodes, List<JsonNode> dumps) {
    Map<String, String> base = entries(dumps.get(0));
    StringBuilder out = new StringBuilder();
    for (int i = 1; i < nodes.size(); i++) {
      Map<String, String> other = entries(dumps.get(i));
      out.append("\n  ").append(nodes.get(i).name()).append(" vs ").append(nodes.get(0).name()).append(":");
      Set<String> keys = new TreeSet<>(base.keySet());
      keys.addAll(other.keySet());
      int shown = 0;
      for (String key : keys) {
        if (!Objects.equals(base.get(key), other.get(key)) && shown++ < 20) {
          out.append("\n    ").append(key).append(": ").append(other.get(key))
              .append(" vs ").append(base.get(key));
        }
      }
      out.append("\n    (").append(shown).append(" differences)");
    }
    return out.toString();
  }

  /** A dump flattened to comparable lines: each name's entry, and each group membership. */
  private static Map<String, String> entries(JsonNode dump) {
    Map<String, String> entries = new TreeMap<>();
    dump.get("names").forEach(e -> entries.put("name " + e.get("kind").asText() + ":" + e.get("name").asText(), e.toString()));
    dump.get("groups").fields().forEachRemaining(g ->
        g.getValue().forEach(m -> entries.put("group " + g.getKey() + " " + m.asText(), "member")));
    return entries;
  }

  /** Every node shows exactly {@code count} names of {@code kind}; waits on each node. */
  static void awaitCount(List<NodeProcess> nodes, String kind, int count) {
    nodes.forEach(n -> n.call("await-count " + kind + " " + count + " 60000", Duration.ofSeconds(70)));
  }
}
