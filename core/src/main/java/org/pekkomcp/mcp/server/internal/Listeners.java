/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.mcp.server.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.pekko.actor.typed.ActorRef;
import org.pekkomcp.mcp.jsonrpc.JsonRpcCodec;
import org.pekkomcp.mcp.jsonrpc.JsonRpcMessage.Notification;
import org.pekkomcp.mcp.jsonrpc.JsonRpcMessage;
import org.pekkomcp.mcp.server.RequestMeta;
import org.pekkomcp.mcp.server.ToClient;

/**
 * A server's open 2026-07-28 {@code subscriptions/listen} streams, each known by the ref of the
 * request that opened it. Every notification on a stream carries the stream's subscription id
 * (the listen request's id) and is sent as belonging to that request, so the transport writes it
 * on that request's own response stream. The server watches each ref and drops the stream when
 * it stops (the client closed the stream).
 */
final class Listeners {

  private record Listener(String sessionId, JsonNode requestId, SubscriptionFilter filter) {}

  private final Map<ActorRef<ToClient>, Listener> open = new HashMap<>();

  /** Opens a stream and sends its acknowledgement, the first message the stream carries. */
  void open(ActorRef<ToClient> ref, String sessionId, JsonNode requestId, SubscriptionFilter filter) {
    Listener listener = new Listener(sessionId, requestId, filter);
    open.put(ref, listener);
    ObjectNode params = JsonRpcCodec.object();
    params.set("notifications", filter.toJson());
    send(ref, listener, "notifications/subscriptions/acknowledged", params);
  }

  void remove(ActorRef<?> ref) {
    open.remove(ref);
  }

  /** Sends {@code method} (about {@code uri}, for resource updates) to every stream that asked for it. */
  void notify(String method, ObjectNode params, String uri) {
    open.forEach((ref, listener) -> {
      if (listener.filter().wants(method, uri)) {
        send(ref, listener, method, params.deepCopy());
      }
    });
  }

  private static void send(ActorRef<ToClient> ref, Listener listener, String method, ObjectNode params) {
    params.putObject("_meta").set(RequestMeta.SUBSCRIPTION_ID, listener.requestId());
    String json = JsonRpcCodec.encode(new Notification(method, Optional.of(params)));
    ref.tell(new ToClient.Notification(listener.sessionId(), Optional.of(JsonRpcMessage.idKey(listener.requestId())), json));
  }
}
