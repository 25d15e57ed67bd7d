/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.mcp.server.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashSet;
import java.util.Set;
import org.pekkomcp.mcp.jsonrpc.JsonRpcCodec;

/**
 * What a 2026-07-28 {@code subscriptions/listen} stream opted in to: each change notification is
 * sent only when asked for, and only the kinds the server can produce are agreed to.
 */
record SubscriptionFilter(boolean tools, boolean prompts, boolean resources, Set<String> resourceUris) {

  SubscriptionFilter {
    resourceUris = Set.copyOf(resourceUris);
  }

  /** The request's {@code notifications} object, narrowed to what the server offers. */
  static SubscriptionFilter agreed(JsonNode requested, Offers offers) {
    Set<String> uris = new LinkedHashSet<>();
    if (offers.resources()) {
      requested.path("resourceSubscriptions").forEach(uri -> {
        if (uri.isTextual()) {
          uris.add(uri.textValue());
        }
      });
    }
    return new SubscriptionFilter(offers.tools() && requested.path("toolsListChanged").asBoolean(false),
        offers.prompts() && requested.path("promptsListChanged").asBoolean(false),
        offers.resources() && requested.path("resourcesListChanged").asBoolean(false), uris);
  }

  /** Whether {@code method} (about {@code uri}, for resource updates) goes to this stream. */
  boolean wants(String method, String uri) {
    return switch (method) {
      case "notifications/tools/list_changed" -> tools;
      case "notifications/prompts/list_changed" -> prompts;
      case "notifications/resources/list_changed" -> resources;
      case "notifications/resources/updated" -> resourceUris.contains(uri);
      default -> false;
    };
  }

  /** The {@code notifications} object of the acknowledgement. */
  ObjectNode toJson() {
    ObjectNode out = JsonRpcCodec.object();
    if (tools) {
      out.put("toolsListChanged", true);
    }
    if (prompts) {
      out.put("promptsListChanged", true);
    }
    if (resources) {
      out.put("resourcesListChanged", true);
    }
    if (!resourceUris.isEmpty()) {
      resourceUris.forEach(out.putArray("resourceSubscriptions")::add);
    }
    return out;
  }
}
