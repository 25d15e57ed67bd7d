/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.mcp.server.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The 2026-07-28 {@code Mcp-Param-<Name>} headers: a tool marks an argument with
 * {@code "x-mcp-header": "<Name>"} in its input schema, and an HTTP client then mirrors that
 * argument in the header, so that proxies can route on it. The server must refuse a call whose
 * header is missing or says something else than the argument (-32020, HTTP 400).
 *
 * <p>The check belongs with the tool's schema, which lives with the server, possibly on another
 * node than the endpoint that read the headers. So the endpoint forwards the call's
 * {@code Mcp-Param-*} headers inside the request, under {@link #META} in {@code params._meta}
 * (replacing whatever a client put there), and the server compares them here. A call that did not
 * come over HTTP carries no such entry and is not checked.
 *
 * <p>Internal API: public for the HTTP endpoint, which forwards the headers; the server, in this
 * package, checks them.
 */
public final class ParamHeaders {

  /** Where the endpoint puts the call's headers: an object from lower-case {@code <Name>} to the raw value. */
  public static final String META = "org.pekkomcp/mcpParamHeaders";
  private static final String B64_PREFIX = "=?base64?";
  private static final String B64_SUFFIX = "?=";

  private ParamHeaders() {}

  /**
   * A header value as it is, or a {@code =?base64?...?=} one decoded as UTF-8; empty when the
   * latter is not valid base64 (padding included) or not UTF-8.
   */
  public static Optional<String> decode(String value) {
    if (!(value.startsWith(B64_PREFIX) && value.endsWith(B64_SUFFIX) && value.length() >= B64_PREFIX.length() + B64_SUFFIX.length())) {
      return Optional.of(value);
    }
    String encoded = value.substring(B64_PREFIX.length(), value.length() - B64_SUFFIX.length());
    if (encoded.length() % 4 != 0) {
      return Optional.empty(); // the JDK's decoder accepts missing padding; the revision does not
    }
    try {
      byte[] bytes = Base64.getDecoder().decode(encoded);
      return Optional.of(StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes)).toString());
    } catch (IllegalArgumentException | CharacterCodingException e) {
      return Optional.empty();
    }
  }

  /**
   * Why the headers forwarded in {@code meta} do not match {@code arguments}, for the arguments
   * that {@code headerParams} (header name to argument name) marks; empty when they match or the
   * call carries no forwarded headers.
   */
  public static Optional<String> mismatch(JsonNode meta, Map<String, String> headerParams, JsonNode arguments) {
    JsonNode headers = meta.path(META);
    if (!headers.isObject() || headerParams.isEmpty()) {
      return Optional.empty();
    }
    for (Map.Entry<String, String> marked : headerParams.entrySet()) {
      String header = "Mcp-Param-" + marked.getKey();
      JsonNode argument = arguments.get(marked.getValue());
      JsonNode raw = headers.get(marked.getKey().toLowerCase(Locale.ROOT));
      boolean hasArgument = argument != null && !argument.isNull();
      if (raw == null) {
        if (hasArgument) {
          return Optional.of("Header mismatch: " + header + " header is required when the argument " + marked.getValue() + " is given");
        }
        continue;
      }
      Optional<String> decoded = decode(raw.asText());
      if (decoded.isEmpty()) {
        return Optional.of("Header mismatch: " + header + " header is not valid base64-encoded UTF-8");
      }
      String expected = !hasArgument ? "" : argument.isTextual() ? argument.textValue() : argument.toString();
      if (!decoded.get().equals(expected)) {
        return Optional.of("Header mismatch: " + header + " header value '" + decoded.get()
            + "' does not match the argument " + marked.getValue() + " '" + expected + "'");
      }
    }
    return Optional.empty();
  }
}
