/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.mcp.transport.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.pekkomcp.mcp.jsonrpc.JsonRpcCodec;
import org.pekkomcp.mcp.jsonrpc.JsonRpcMessage.Request;

/**
 * The per-session state a server keeps for a legacy client that the client set with requests of
 * its own: the capabilities it declared ({@code initialize}), the log level
 * ({@code logging/setLevel}) and the resource subscriptions ({@code resources/subscribe} /
 * {@code unsubscribe}). A server that moves to another node starts without it; the session sends
 * these requests again to the new instance so that the client keeps its log level, its
 * {@code notifications/resources/updated} and the server's questions to it (which need its
 * capabilities) without knowing of the move.
 *
 * @param initialize the params of the client's {@code initialize}
 * @param level the params of the client's last {@code logging/setLevel}
 * @param subscriptions the URIs the client is subscribed to
 */
record SessionReplay(Optional<JsonNode> initialize, Optional<JsonNode> level, Set<String> subscriptions) {

  SessionReplay {
    subscriptions = Set.copyOf(subscriptions);
  }

  static SessionReplay empty() {
    return new SessionReplay(Optional.empty(), Optional.empty(), Set.of());
  }

  /** The state after the client sent {@code request}. */
  SessionReplay after(Request request) {
    Optional<String> uri = request.params().map(p -> p.path("uri")).filter(JsonNode::isTextual).map(JsonNode::textValue);
    return switch (request.method()) {
      // As on the server, an initialize starts the session's state afresh.
      case "initialize" -> new SessionReplay(request.params(), Optional.empty(), Set.of());
      case "logging/setLevel" -> new SessionReplay(initialize, request.params(), subscriptions);
      case "resources/subscribe" -> uri.map(u -> with(u, true)).orElse(this);
      case "resources/unsubscribe" -> uri.map(u -> with(u, false)).orElse(this);
      default -> this;
    };
  }

  private SessionReplay with(String uri, boolean subscribed) {
    Set<String> next = new TreeSet<>(subscriptions);
    if (subscribed) {
      next.add(uri);
    } else {
      next.remove(uri);
    }
    return new SessionReplay(initialize, level, next);
  }

  /** The requests that restore this state on a new instance, with ids made from {@code idPrefix}. */
  List<Request> requests(String idPrefix) {
    List<Request> out = new ArrayList<>();
    initialize.ifPresent(params -> out.add(new Request(new TextNode(idPrefix + out.size()), "initialize",
        Optional.<JsonNode>of(params.deepCopy()))));
    level.ifPresent(params -> out.add(new Request(new TextNode(idPrefix + out.size()), "logging/setLevel",
        Optional.<JsonNode>of(params.deepCopy()))));
    for (String uri : new TreeSet<>(subscriptions)) {
      out.add(new Request(new TextNode(idPrefix + out.size()), "resources/subscribe",
          Optional.<JsonNode>of(JsonRpcCodec.object().put("uri", uri))));
    }
    return out;
  }
}
