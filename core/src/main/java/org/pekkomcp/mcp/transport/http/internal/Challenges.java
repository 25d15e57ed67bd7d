/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.mcp.transport.http.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.pekkomcp.mcp.transport.http.auth.AuthorizationResult;
import org.pekkomcp.mcp.transport.http.auth.ResourceServer;

/**
 * The answers to a refused request (RFC 6750 section 3, as the MCP authorization specification
 * uses it): 401 or 403 with a {@code WWW-Authenticate: Bearer} challenge that names the error, the
 * scopes to ask for, and where the resource's metadata is, so a client can go and get a token.
 */
final class Challenges {

  private Challenges() {}

  static HttpResponse unauthorized(AuthorizationResult.Unauthorized refusal, Optional<ResourceServer> resource,
      String serverName) {
    List<String> params = new ArrayList<>();
    if (refusal.invalidToken()) {
      params.add(param("error", "invalid_token"));
      params.add(param("error_description", refusal.reason()));
    }
    scope(refusal.scopes()).ifPresent(params::add);
    resource.ifPresent(r -> params.add(param("resource_metadata", r.metadataUrl(serverName))));
    return HttpResponses.plain(StatusCodes.UNAUTHORIZED, refusal.reason()).addHeader(challenge(params));
  }

  static HttpResponse insufficientScope(AuthorizationResult.InsufficientScope refusal,
      Optional<ResourceServer> resource, String serverName) {
    List<String> params = new ArrayList<>();
    params.add(param("error", "insufficient_scope"));
    scope(refusal.required()).ifPresent(params::add);
    resource.ifPresent(r -> params.add(param("resource_metadata", r.metadataUrl(serverName))));
    params.add(param("error_description", refusal.reason()));
    return HttpResponses.plain(StatusCodes.FORBIDDEN, refusal.reason()).addHeader(challenge(params));
  }

  private static Optional<String> scope(Set<String> scopes) {
    return scopes.isEmpty() ? Optional.empty() : Optional.of(param("scope", String.join(" ", new TreeSet<>(scopes))));
  }

  private static RawHeader challenge(List<String> params) {
    return RawHeader.create("WWW-Authenticate", params.isEmpty() ? "Bearer" : "Bearer " + String.join(", ", params));
  }

  /** A quoted auth-param; quotes and backslashes in the value are escaped (RFC 9110 quoted-string). */
  private static String param(String name, String value) {
    return name + "=\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }
}
