/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.mcp.jsonrpc;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;
import java.util.Optional;

/**
 * One JSON-RPC 2.0 message. Ids are kept as the JSON the peer sent (a string or a number) so they
 * are echoed exactly; {@link #idKey(JsonNode)} gives the text form used to correlate answers.
 */
public sealed interface JsonRpcMessage {

  /** A call that expects exactly one response carrying the same id. */
  record Request(JsonNode id, String method, Optional<JsonNode> params) implements JsonRpcMessage {
    public Request {
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(method, "method");
      Objects.requireNonNull(params, "params");
    }
  }

  /** A one-way message: never answered, not even with an error. */
  record Notification(String method, Optional<JsonNode> params) implements JsonRpcMessage {
    public Notification {
      Objects.requireNonNull(method, "method");
      Objects.requireNonNull(params, "params");
    }
  }

  /** A successful answer to a request. */
  record Response(JsonNode id, JsonNode result) implements JsonRpcMessage {
    public Response {
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(result, "result");
    }
  }

  /** A failed answer; the id is absent when the request's id could not be read. */
  record ErrorResponse(Optional<JsonNode> id, JsonRpcError error) implements JsonRpcMessage {
    public ErrorResponse {
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(error, "error");
    }

    public static ErrorResponse to(JsonNode id, JsonRpcError error) {
      return new ErrorResponse(Optional.of(id), error);
    }
  }

  /** The compact JSON text of an id: {@code "abc"} (with quotes) or {@code 7}. Distinct ids give distinct keys. */
  static String idKey(JsonNode id) {
    // The usual id, an integer, without running a JSON generator for it (the same text).
    return id.isInt() || id.isLong() ? Long.toString(id.longValue()) : id.toString();
  }
}
