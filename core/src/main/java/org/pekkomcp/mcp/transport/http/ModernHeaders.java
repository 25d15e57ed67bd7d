/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.mcp.transport.http;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.Optional;
import org.apache.pekko.http.javadsl.model.HttpHeader;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.pekkomcp.mcp.jsonrpc.JsonRpcMessage.Request;

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
  private static final String B64_PREFIX = "=?base64?";
  private static final String B64_SUFFIX = "?=";

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
    Optional<String> decoded = decode(name.get());
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

  /** A plain value as it is; a {@code =?base64?...?=} one decoded as UTF-8 (empty when it is not valid). */
  static Optional<String> decode(String value) {
    if (!(value.startsWith(B64_PREFIX) && value.endsWith(B64_SUFFIX) && value.length() >= B64_PREFIX.length() + B64_SUFFIX.length())) {
      return Optional.of(value);
    }
    try {
      byte[] bytes = Base64.getDecoder().decode(value.substring(B64_PREFIX.length(), value.length() - B64_SUFFIX.length()));
      return Optional.of(StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes)).toString());
    } catch (IllegalArgumentException | CharacterCodingException e) {
      return Optional.empty();
    }
  }

  private static String differs(String header, String headerValue, String bodyValue) {
    return "Header mismatch: " + header + " header value '" + headerValue + "' does not match body value '" + bodyValue + "'";
  }

  private static Optional<String> header(HttpRequest request, String name) {
    return request.getHeader(name).map(HttpHeader::value).map(String::trim);
  }
}
