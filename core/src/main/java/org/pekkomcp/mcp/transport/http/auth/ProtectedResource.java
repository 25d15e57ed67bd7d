/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.mcp.transport.http.auth;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Collection;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * One MCP server of the endpoint as an OAuth protected resource: its canonical URI
 * ({@code <endpoint>/<server name>}) and the endpoint's. A token is for this resource when its
 * audience names either: the server alone, or the whole endpoint (one audience for every server,
 * which is how most authorization servers are set up; scopes then tell servers apart).
 */
public record ProtectedResource(String serverName, URI uri, URI endpoint) {

  public ProtectedResource {
    Objects.requireNonNull(serverName, "serverName");
    Objects.requireNonNull(uri, "uri");
    Objects.requireNonNull(endpoint, "endpoint");
  }

  /** Whether one of {@code audiences} names this resource (scheme and host compared without case). */
  public boolean isAudienceIn(Collection<String> audiences) {
    return audiences.stream().map(ProtectedResource::canonical)
        .anyMatch(a -> a.equals(Optional.of(uri)) || a.equals(Optional.of(endpoint)));
  }

  /**
   * The canonical form of a resource URI: lower-case scheme and host, no trailing slash; empty for
   * anything that is not an absolute http(s) URI without query or fragment.
   */
  public static Optional<URI> canonical(String uri) {
    try {
      URI u = new URI(uri.trim());
      if (u.getScheme() == null || u.getHost() == null || u.getRawQuery() != null || u.getRawFragment() != null) {
        return Optional.empty();
      }
      String scheme = u.getScheme().toLowerCase(Locale.ROOT);
      if (!scheme.equals("https") && !scheme.equals("http")) {
        return Optional.empty();
      }
      String path = u.getRawPath() == null ? "" : u.getRawPath();
      while (path.endsWith("/")) {
        path = path.substring(0, path.length() - 1);
      }
      String host = u.getHost().toLowerCase(Locale.ROOT);
      return Optional.of(URI.create(scheme + "://" + host + (u.getPort() < 0 ? "" : ":" + u.getPort()) + path));
    } catch (URISyntaxException e) {
      return Optional.empty();
    }
  }
}
