/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.mcp.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;
import org.pekkomcp.mcp.jsonrpc.JsonRpc;
import org.pekkomcp.mcp.jsonrpc.JsonRpcCodec;
import org.pekkomcp.mcp.jsonrpc.JsonRpcError;

/**
 * The {@code _meta} of a modern (2026-07-28) request, which replaces the legacy session: each
 * request names its protocol version and declares the client's capabilities itself. A request
 * whose {@code _meta} names a protocol version is a modern one, served statelessly; everything
 * else belongs to a legacy session.
 */
public final class RequestMeta {

  public static final String PROTOCOL_VERSION = "io.modelcontextprotocol/protocolVersion";
  public static final String CLIENT_INFO = "io.modelcontextprotocol/clientInfo";
  public static final String CLIENT_CAPABILITIES = "io.modelcontextprotocol/clientCapabilities";
  public static final String LOG_LEVEL = "io.modelcontextprotocol/logLevel";
  public static final String SERVER_INFO = "io.modelcontextprotocol/serverInfo";
  public static final String SUBSCRIPTION_ID = "io.modelcontextprotocol/subscriptionId";

  private RequestMeta() {}

  /** Whether the request claims the modern era: its {@code _meta} has a protocol version field. */
  public static boolean claimsModern(Optional<JsonNode> params) {
    return meta(params).has(PROTOCOL_VERSION);
  }

  /** The version the request's {@code _meta} names, if it names one as a string. */
  public static Optional<String> protocolVersion(Optional<JsonNode> params) {
    JsonNode version = meta(params).get(PROTOCOL_VERSION);
    return version != null && version.isTextual() ? Optional.of(version.textValue()) : Optional.empty();
  }

  /**
   * What makes a modern request unservable, if anything: a missing or malformed {@code _meta}
   * (-32602), or a version this library does not speak (-32022, listing the ones it does).
   */
  public static Optional<JsonRpcError> problem(Optional<JsonNode> params) {
    return shapeProblem(params).or(() -> versionProblem(params));
  }

  /** A {@code _meta} that is missing, or lacks its protocol version or client capabilities (-32602). */
  public static Optional<JsonRpcError> shapeProblem(Optional<JsonNode> params) {
    if (params.isPresent() && !params.get().isObject()) {
      return Optional.of(JsonRpcError.invalidParams("params must be an object"));
    }
    JsonNode meta = params.map(p -> p.get("_meta")).orElse(null);
    if (meta == null || !meta.isObject()) {
      return Optional.of(JsonRpcError.invalidParams("a " + ProtocolVersions.V2026_07_28 + " request carries params._meta with "
          + PROTOCOL_VERSION + " and " + CLIENT_CAPABILITIES));
    }
    if (protocolVersion(params).isEmpty()) {
      return Optional.of(JsonRpcError.invalidParams("params._meta needs " + PROTOCOL_VERSION + " (a string)"));
    }
    JsonNode capabilities = meta.get(CLIENT_CAPABILITIES);
    if (capabilities == null || !capabilities.isObject()) {
      return Optional.of(JsonRpcError.invalidParams("params._meta needs " + CLIENT_CAPABILITIES + " (an object)"));
    }
    return Optional.empty();
  }

  /** A protocol version that is not one of the modern era's (-32022). */
  public static Optional<JsonRpcError> versionProblem(Optional<JsonNode> params) {
    Optional<String> version = protocolVersion(params);
    return version.isPresent() && !ProtocolVersions.isModern(version.get()) ? Optional.of(unsupported(version.get())) : Optional.empty();
  }

  /** The -32022 error for {@code requested}, listing every revision this library speaks. */
  public static JsonRpcError unsupported(String requested) {
    ObjectNode data = JsonRpcCodec.object();
    ProtocolVersions.SUPPORTED.forEach(data.putArray("supported")::add);
    data.put("requested", requested);
    return new JsonRpcError(JsonRpc.UNSUPPORTED_PROTOCOL_VERSION, "Unsupported protocol version", Optional.of(data));
  }

  /** The log level the request opts in to; without one it gets no log messages. */
  public static Optional<LogLevel> logLevel(Optional<JsonNode> params) {
    JsonNode level = meta(params).get(LOG_LEVEL);
    return level != null && level.isTextual() ? LogLevel.fromWire(level.textValue()) : Optional.empty();
  }

  /** The capabilities the request's client declares; none when absent. */
  public static JsonNode clientCapabilities(Optional<JsonNode> params) {
    JsonNode capabilities = meta(params).get(CLIENT_CAPABILITIES);
    return capabilities != null && capabilities.isObject() ? capabilities : JsonRpcCodec.object();
  }

  private static JsonNode meta(Optional<JsonNode> params) {
    return params.map(p -> p.path("_meta")).orElse(JsonRpcCodec.object());
  }
}
