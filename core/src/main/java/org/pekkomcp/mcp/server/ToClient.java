/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.mcp.server;

import java.util.Objects;
import java.util.Optional;

/**
 * What a server sends to a client session: the protocol of every session actor, wherever it runs.
 * Each carries the session id and one JSON-RPC message as text.
 */
public sealed interface ToClient extends McpWireMessage {

  String sessionId();

  String json();

  /**
   * The one answer to a request.
   *
   * @param requestId the request's id as compact JSON ({@code "abc"} or {@code 7}), to correlate
   */
  record Response(String sessionId, String requestId, String json) implements ToClient {
    public Response {
      Objects.requireNonNull(sessionId, "sessionId");
      Objects.requireNonNull(requestId, "requestId");
      Objects.requireNonNull(json, "json");
    }
  }

  /**
   * A message that is not the answer to a client's request: a notification, or a request of the
   * server's own to the client (a handler's question, {@link ClientRequest}), whose answer the
   * client sends back like any message. {@code relatedRequestId} names the client's request it
   * belongs to (progress, logs, questions of a tool call), so HTTP can send it on that request's
   * stream.
   */
  record Notification(String sessionId, Optional<String> relatedRequestId, String json) implements ToClient {
    public Notification {
      Objects.requireNonNull(sessionId, "sessionId");
      Objects.requireNonNull(relatedRequestId, "relatedRequestId");
      Objects.requireNonNull(json, "json");
    }
  }
}
