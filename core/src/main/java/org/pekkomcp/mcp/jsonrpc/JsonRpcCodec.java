/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.mcp.jsonrpc;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.pekkomcp.mcp.jsonrpc.JsonRpcMessage.ErrorResponse;
import org.pekkomcp.mcp.jsonrpc.JsonRpcMessage.Notification;
import org.pekkomcp.mcp.jsonrpc.JsonRpcMessage.Request;
import org.pekkomcp.mcp.jsonrpc.JsonRpcMessage.Response;

/**
 * Our own JSON-RPC 2.0 envelope codec.
 *
 * <p>Owning it (rather than using an SDK's types) lets us answer every malformed input the way
 * the specification says: a parse error or an invalid request is still answered, with the id when
 * it could be read and without one when it could not, and never with a stack trace. MCP narrows
 * JSON-RPC in two ways that are checked here: an id is a string or a number, never null, and
 * params, when present, are structured (an object or an array).
 *
 * <p>Decoding never throws: every input maps to a {@link Decoded}. Encoding is compact and puts
 * {@code jsonrpc} first, as most peers write it.
 */
public final class JsonRpcCodec {

  private JsonRpcCodec() {}

  /** Decodes one text: an object, or an array of objects (a batch). */
  public static Decoded decode(String text) {
    JsonNode root;
    try {
      root = JsonRpc.MAPPER.readTree(text);
    } catch (JacksonException e) {
      return invalid(Optional.empty(), JsonRpcError.parseError(e.getOriginalMessage()));
    }
    if (root == null || root.isMissingNode()) {
      return invalid(Optional.empty(), JsonRpcError.parseError("empty input"));
    }
    if (root.isArray()) {
      if (root.isEmpty()) {
        return invalid(Optional.empty(), JsonRpcError.invalidRequest("empty batch"));
      }
      List<Decoded.One> elements = new ArrayList<>(root.size());
      root.forEach(element -> elements.add(decodeNode(element)));
      return new Decoded.Batch(elements);
    }
    return decodeNode(root);
  }

  /** Decodes one already-parsed message. */
  public static Decoded.One decodeNode(JsonNode node) {
    if (!node.isObject()) {
      return invalid(Optional.empty(), JsonRpcError.invalidRequest("a message must be a JSON object"));
    }
    JsonNode idNode = node.get("id");
    boolean hasId = idNode != null;
    boolean validId = hasId && (idNode.isTextual() || idNode.isNumber());
    Optional<JsonNode> echoId = validId ? Optional.of(idNode) : Optional.empty();
    JsonNode version = node.get("jsonrpc");
    if (version == null || !version.isTextual() || !JsonRpc.VERSION.equals(version.textValue())) {
      return invalid(echoId, JsonRpcError.invalidRequest("\"jsonrpc\" must be \"2.0\""));
    }
    JsonNode method = node.get("method");
    if (method != null) {
      if (hasId && !validId) {
        return invalid(Optional.empty(), JsonRpcError.invalidRequest("\"id\" must be a string or a number"));
      }
      if (!method.isTextual()) {
        return invalid(echoId, JsonRpcError.invalidRequest("\"method\" must be a string"));
      }
      JsonNode params = node.get("params");
      if (params != null && !params.isObject() && !params.isArray()) {
        return invalid(echoId, JsonRpcError.invalidRequest("\"params\" must be an object or an array"));
      }
      Optional<JsonNode> p = Optional.ofNullable(params);
      return new Decoded.Single(hasId ? new Request(idNode, method.textValue(), p) : new Notification(method.textValue(), p));
    }
    JsonNode result = node.get("result");
    JsonNode error = node.get("error");
    if (result != null && error == null && validId) {
      return new Decoded.Single(new Response(idNode, result));
    }
    // An error response's id is null when the peer could not read the id of what it answers.
    if (error != null && result == null && (validId || !hasId || idNode.isNull())) {
      JsonNode code = error.get("code");
      JsonNode message = error.get("message");
      if (error.isObject() && code != null && code.canConvertToInt() && code.isIntegralNumber()
          && message != null && message.isTextual()) {
        JsonRpcError e = new JsonRpcError(code.intValue(), message.textValue(), Optional.ofNullable(error.get("data")));
        return new Decoded.Single(new ErrorResponse(echoId, e));
      }
    }
    return invalid(echoId, JsonRpcError.invalidRequest("not a request, notification or response"));
  }

  /** The compact JSON text of a message. */
  public static String encode(JsonRpcMessage message) {
    return toJson(message).toString();
  }

  /** The JSON object of a message. */
  public static ObjectNode toJson(JsonRpcMessage message) {
    ObjectNode out = JsonRpc.MAPPER.createObjectNode();
    out.put("jsonrpc", JsonRpc.VERSION);
    // Java 17 has no pattern switch; the interface is sealed, so this chain is exhaustive.
    if (message instanceof Request r) {
      out.set("id", r.id());
      out.put("method", r.method());
      r.params().ifPresent(p -> out.set("params", p));
    } else if (message instanceof Notification n) {
      out.put("method", n.method());
      n.params().ifPresent(p -> out.set("params", p));
    } else if (message instanceof Response r) {
      out.set("id", r.id());
      out.set("result", r.result());
    } else if (message instanceof ErrorResponse e) {
      e.id().ifPresent(id -> out.set("id", id));
      ObjectNode err = out.putObject("error");
      err.put("code", e.error().code());
      err.put("message", e.error().message());
      e.error().data().ifPresent(d -> err.set("data", d));
    }
    return out;
  }

  /** The JSON array text of a batch answer. */
  public static String encodeBatch(List<String> encodedMessages) {
    return "[" + String.join(",", encodedMessages) + "]";
  }

  /** Parses a text known to hold one JSON value (used on messages this library encoded). */
  public static Optional<JsonNode> parseTree(String json) {
    try {
      return Optional.ofNullable(JsonRpc.MAPPER.readTree(json));
    } catch (JacksonException e) {
      return Optional.empty();
    }
  }

  /** A convenience for the many places that build params. */
  public static ObjectNode object() {
    return JsonRpc.MAPPER.createObjectNode();
  }

  /** A convenience for the many places that build lists. */
  public static ArrayNode array() {
    return JsonRpc.MAPPER.createArrayNode();
  }

  private static Decoded.Invalid invalid(Optional<JsonNode> id, JsonRpcError error) {
    return new Decoded.Invalid(new ErrorResponse(id, error));
  }
}
