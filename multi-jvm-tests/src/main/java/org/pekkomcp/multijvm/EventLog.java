/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.multijvm;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Everything a test node observed, in order, each with a sequence number and the wall-clock time
 * it was seen: registry events from a subscription, cluster membership events, and the messages
 * its spawned actors received (a cluster backend's {@code NameConflict} among them).
 *
 * <p>The wall clock is the point: the test process and every node share one machine clock, so a
 * test subtracts the time it injected a fault from the time a node saw its effect.
 */
final class EventLog {

  private final List<ObjectNode> events = new ArrayList<>();

  /** Appends an event of {@code type} whose other fields {@code fields} fills in. */
  synchronized void add(String type, Consumer<ObjectNode> fields) {
    ObjectNode event = JsonNodeFactory.instance.objectNode();
    event.put("seq", events.size());
    event.put("t", System.currentTimeMillis());
    event.put("type", type);
    fields.accept(event);
    events.add(event);
  }

  /** The events from sequence number {@code from} on, as a JSON array. */
  synchronized ArrayNode since(int from) {
    ArrayNode out = JsonNodeFactory.instance.arrayNode();
    for (int i = Math.max(0, from); i < events.size(); i++) {
      out.add(events.get(i).deepCopy());
    }
    return out;
  }

  synchronized int size() {
    return events.size();
  }
}
