/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.mcp.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;
import org.pekkomcp.mcp.jsonrpc.JsonRpcCodec;

/**
 * What a handler can ask the client while it serves a request ({@link RequestContext#ask}): one
 * type for both eras. A legacy session gets it as a server-to-client request on the request's
 * stream; a 2026-07-28 request gets it back as an entry of {@code inputRequests} in an
 * {@code InputRequiredResult}. Each kind knows the capability the client must have declared and
 * how to read the client's answer.
 */
public sealed interface ClientRequest {

  /** The JSON-RPC method the client receives. */
  String method();

  /** The request's params as the client receives them. */
  ObjectNode params();

  /**
   * The capability the client must have declared, as a {@code ClientCapabilities} object: the
   * first word of the method ({@code {"sampling": {}}}, {@code {"roots": {}}}) unless a kind says
   * otherwise.
   */
  default ObjectNode requiredCapability() {
    return capability(method().substring(0, method().indexOf('/')));
  }

  /** Whether {@code capabilities} (what the client declared) allow this request: they hold {@link #requiredCapability()}. */
  default boolean allowedBy(JsonNode capabilities) {
    JsonNode declared = capabilities;
    for (JsonNode required = requiredCapability(); !required.isEmpty(); required = required.elements().next()) {
      declared = declared.path(required.fieldNames().next());
      if (!declared.isObject()) {
        return false;
      }
    }
    return true;
  }

  /** The client's result read as a {@link ClientReply}; a result of the wrong shape is {@link ClientReply.Failed}. */
  ClientReply replyFrom(JsonNode result);

  /** {@code elicitation/create} in form mode: the user fills in {@code requestedSchema} (a flat object schema). */
  static ClientRequest elicit(String message, ObjectNode requestedSchema) {
    return new Elicitation(message, requestedSchema);
  }

  /** {@code elicitation/create} in URL mode: the user is sent to {@code url}, out of band. */
  static ClientRequest elicitUrl(String message, String url, String elicitationId) {
    return new UrlElicitation(message, url, elicitationId);
  }

  /** {@code sampling/createMessage} with {@code params} ({@code messages}, {@code maxTokens}, ...). */
  static ClientRequest createMessage(ObjectNode params) {
    return new Sampling(params);
  }

  /** {@code roots/list}. */
  static ClientRequest listRoots() {
    return new ListRoots();
  }

  record Elicitation(String message, ObjectNode requestedSchema) implements ClientRequest {
    public Elicitation {
      Objects.requireNonNull(message, "message");
      requestedSchema = Objects.requireNonNull(requestedSchema, "requestedSchema").deepCopy();
    }

    @Override
    public String method() {
      return "elicitation/create";
    }

    @Override
    public ObjectNode params() {
      ObjectNode params = JsonRpcCodec.object();
      params.put("message", message);
      params.set("requestedSchema", requestedSchema.deepCopy());
      return params;
    }

    /** An empty {@code elicitation} object declares form mode, for compatibility with 2025-06-18. */
    @Override
    public boolean allowedBy(JsonNode capabilities) {
      JsonNode elicitation = capabilities.path("elicitation");
      return elicitation.isObject() && (elicitation.isEmpty() || elicitation.has("form"));
    }

    @Override
    public ClientReply replyFrom(JsonNode result) {
      return elicitationReply(result);
    }
  }

  record UrlElicitation(String message, String url, String elicitationId) implements ClientRequest {
    public UrlElicitation {
      Objects.requireNonNull(message, "message");
      Objects.requireNonNull(url, "url");
      Objects.requireNonNull(elicitationId, "elicitationId");
    }

    @Override
    public String method() {
      return "elicitation/create";
    }

    @Override
    public ObjectNode params() {
      ObjectNode params = JsonRpcCodec.object();
      params.put("mode", "url");
      params.put("message", message);
      params.put("url", url);
      params.put("elicitationId", elicitationId);
      return params;
    }

    @Override
    public ObjectNode requiredCapability() {
      return capability("elicitation", "url");
    }

    @Override
    public ClientReply replyFrom(JsonNode result) {
      return elicitationReply(result);
    }
  }

  record Sampling(ObjectNode createMessageParams) implements ClientRequest {
    public Sampling {
      createMessageParams = Objects.requireNonNull(createMessageParams, "createMessageParams").deepCopy();
    }

    @Override
    public String method() {
      return "sampling/createMessage";
    }

    @Override
    public ObjectNode params() {
      return createMessageParams.deepCopy();
    }

    @Override
    public ClientReply replyFrom(JsonNode result) {
      return result.isObject() && result.has("content") && result.has("role")
          ? new ClientReply.Accepted(result)
          : new ClientReply.Failed("the client's sampling/createMessage result has no role and content");
    }
  }

  record ListRoots() implements ClientRequest {
    @Override
    public String method() {
      return "roots/list";
    }

    @Override
    public ObjectNode params() {
      return JsonRpcCodec.object();
    }

    @Override
    public ClientReply replyFrom(JsonNode result) {
      return result.path("roots").isArray()
          ? new ClientReply.Accepted(result)
          : new ClientReply.Failed("the client's roots/list result has no roots array");
    }
  }

  /** A {@code ClientCapabilities} object that declares the nested capability {@code path}. */
  private static ObjectNode capability(String... path) {
    ObjectNode root = JsonRpcCodec.object();
    ObjectNode at = root;
    for (String name : path) {
      at = at.putObject(name);
    }
    return root;
  }

  /** An {@code ElicitResult} read as a reply. */
  private static ClientReply elicitationReply(JsonNode result) {
    String action = result.path("action").asText("");
    return switch (action) {
      case "accept" -> new ClientReply.Accepted(result.path("content").isObject() ? result.get("content") : JsonRpcCodec.object());
      case "decline" -> new ClientReply.Declined();
      case "cancel" -> new ClientReply.Cancelled();
      default -> new ClientReply.Failed("the client's elicitation result has no action accept, decline or cancel");
    };
  }
}
