/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.mcp.server;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** Reading request parameters leniently: a field of the wrong type counts as absent. */
final class Params {

  private Params() {}

  static Optional<String> text(JsonNode node, String field) {
    JsonNode value = node == null ? null : node.get(field);
    return value != null && value.isTextual() ? Optional.of(value.textValue()) : Optional.empty();
  }

  /** An object's fields as strings (non-string values as their JSON text); empty for anything else. */
  static Map<String, String> stringMap(JsonNode object) {
    Map<String, String> out = new LinkedHashMap<>();
    if (object != null && object.isObject()) {
      object.fields().forEachRemaining(e -> out.put(e.getKey(),
          e.getValue().isTextual() ? e.getValue().textValue() : e.getValue().toString()));
    }
    return out;
  }
}
