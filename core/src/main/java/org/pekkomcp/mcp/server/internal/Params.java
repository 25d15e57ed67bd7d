/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.mcp.server.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.pekkomcp.mcp.server.CompletionRequest;

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

  /** The request that {@code completion/complete}'s params describe; empty when they lack a ref or an argument. */
  static Optional<CompletionRequest> completionRequest(JsonNode params) {
    JsonNode ref = params.path("ref");
    JsonNode argument = params.path("argument");
    Optional<String> refType = text(ref, "type");
    Optional<String> refName = refType.flatMap(t -> text(ref, "ref/resource".equals(t) ? "uri" : "name"));
    Optional<String> argumentName = text(argument, "name");
    Optional<String> argumentValue = text(argument, "value");
    if (refName.isEmpty() || argumentName.isEmpty() || argumentValue.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new CompletionRequest(refType.get(), refName.get(), argumentName.get(), argumentValue.get(),
        stringMap(params.path("context").get("arguments"))));
  }
}
