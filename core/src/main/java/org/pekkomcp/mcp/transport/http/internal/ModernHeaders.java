/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.mcp.transport.http.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;
import org.apache.pekko.http.javadsl.model.HttpHeader;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.pekkomcp.mcp.jsonrpc.ClientMessage;
import org.pekkomcp.mcp.jsonrpc.JsonRpcMessage.Request;
import org.pekkomcp.mcp.server.internal.ParamHeaders;

/**
 * The 2026-07-28 rule that a POST mirrors its body in headers ({@code MCP-Protocol-Version},
 * {@code Mcp-Method}, and {@code Mcp-Name} for the calls that name a tool, prompt or resource),
 * so that proxies can route on headers without parsing bodies. A header that is missing or says
 * something else than the body is refused: otherwise a proxy and this server could act on two
 * different requests.
 */
final class ModernHeaders {

  static final String METHOD = "Mcp-Method";
  static final String NAME = "Mcp-Name";
  private static final String PARAM_PREFIX = "mcp-param-";

  private ModernHeaders() {}

  /** Why the headers do not match {@code r} (whose {@code _meta} names {@code version}); empty when they do. */
  static Optional<String> mismatch(HttpRequest request, Request r, String version) {
    Optional<String> headerVersion = header(request, McpHttpHandler.VERSION_HEADER);
    if (headerVersion.isEmpty()) {
      return Optional.of(McpHttpHandler.VERSION_HEADER + " header is required");
    }
    if (!headerVersion.get().equals(version)) {
      return Optional.of(differs(McpHttpHandler.VERSION_HEADER, headerVersion.get(), version));
    }
    Optional<String> method = header(request, METHOD);
    if (method.isEmpty()) {
      return Optional.of(METHOD + " header is required");
    }
    if (!method.get().equals(r.method())) {
      return Optional.of(differs(METHOD, method.get(), r.method()));
    }
    Optional<String> named = namedIn(r);
    if (named.isEmpty()) {
      return Optional.empty();
    }
    Optional<String> name = header(request, NAME);
    if (name.isEmpty()) {
      return Optional.of(NAME + " header is required for " + r.method());
    }
    Optional<String> decoded = ParamHeaders.decode(name.get());
    if (decoded.isEmpty()) {
      return Optional.of(NAME + " header is not valid base64-encoded UTF-8");
    }
    return decoded.get().equals(named.get()) ? Optional.empty() : Optional.of(differs(NAME, decoded.get(), named.get()));
  }

  /** What {@code Mcp-Name} must carry: the tool or prompt name, or the resource URI. */
  private static Optional<String> namedIn(Request r) {
    String field = switch (r.method()) {
      case "tools/call", "prompts/get" -> "name";
      case "resources/read" -> "uri";
      default -> null;
    };
    if (field == null) {
      return Optional.empty();
    }
    JsonNode value = r.params().map(p -> p.get(field)).orElse(null);
    // A body without the field is the server's to refuse (invalid params); the header can not match it.
    return Optional.of(value != null && value.isTextual() ? value.textValue() : "");
  }

  /**
   * The request {@code r} parsed from {@code body} as the server gets it: for a {@code tools/call},
   * with the call's {@code Mcp-Param-*} headers put in its {@code _meta} for the server to check
   * against the tool's schema ({@link ParamHeaders}), an empty object when there are none (the
   * call still came over HTTP); every other request as it is, with its text. The parsed params
   * are changed in place (the endpoint is done with them), and the call's text is written only if
   * it leaves the node.
   */
  static ClientMessage withParamHeaders(HttpRequest request, Request r, String body) {
    if (!"tools/call".equals(r.method()) || r.params().isEmpty() || !r.params().get().isObject()) {
      return ClientMessage.of(body, r);
    }
    ObjectNode params = (ObjectNode) r.params().get();
    ObjectNode headers = params.with("_meta").putObject(ParamHeaders.META);
    for (HttpHeader h : request.getHeaders()) {
      String name = h.lowercaseName();
      if (name.startsWith(PARAM_PREFIX)) {
        headers.put(name.substring(PARAM_PREFIX.length()), h.value().trim());
      }
    }
    return ClientMessage.of(r);
  }

  private static String differs(String header, String headerValue, String bodyValue) {
    return "Header mismatch: " + header + " header value '" + headerValue + "' does not match body value '" + bodyValue + "'";
  }

  private static Optional<String> header(HttpRequest request, String name) {
    return request.getHeader(name).map(HttpHeader::value).map(String::trim);
  }
}
