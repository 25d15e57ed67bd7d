/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.mcp.transport.http;

import com.typesafe.config.Config;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.pekkomcp.mcp.transport.http.auth.BearerAuthorizer;
import org.pekkomcp.mcp.transport.http.auth.ResourceServerAuthorizer;
import org.pekkomcp.mcp.transport.http.auth.StaticTokenAuthorizer;

/**
 * The settings of one Streamable HTTP endpoint, read from {@code mcp.transport.http} (see
 * reference.conf for each one's meaning) and adjustable with the {@code with...} methods.
 *
 * @param name the transport's registry name; by default {@code http-<host>:<port>} once bound
 * @param allowedHosts host names (lower case, IPv6 in brackets) that {@code Host} and
 *     {@code Origin} headers may name
 * @param authorizer who may call which server: everyone, holders of a static token, or holders
 *     of OAuth access tokens (see {@link BearerAuthorizer})
 */
public record HttpSettings(
    String host,
    int port,
    String pathPrefix,
    Set<String> allowedHosts,
    BearerAuthorizer authorizer,
    long maxBodyBytes,
    Duration requestTimeout,
    Duration sessionIdleTimeout,
    Duration sseKeepAlive,
    Optional<String> name) {

  public HttpSettings {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(pathPrefix, "pathPrefix");
    Objects.requireNonNull(authorizer, "authorizer");
    Objects.requireNonNull(requestTimeout, "requestTimeout");
    Objects.requireNonNull(sessionIdleTimeout, "sessionIdleTimeout");
    Objects.requireNonNull(sseKeepAlive, "sseKeepAlive");
    Objects.requireNonNull(name, "name");
    allowedHosts = allowedHosts.stream().map(h -> h.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be 0-65535, got " + port);
    }
    if (maxBodyBytes < 1) {
      throw new IllegalArgumentException("maxBodyBytes must be positive, got " + maxBodyBytes);
    }
    if (pathPrefix.isBlank() || pathPrefix.contains("/")) {
      throw new IllegalArgumentException("pathPrefix must be one non-blank path segment, got \"" + pathPrefix + "\"");
    }
  }

  /** The settings in an actor system's configuration. */
  public static HttpSettings fromConfig(Config systemConfig) {
    Config c = systemConfig.getConfig("mcp.transport.http");
    return new HttpSettings(
        c.getString("host"),
        c.getInt("port"),
        c.getString("path-prefix"),
        Set.copyOf(c.getStringList("allowed-hosts")),
        authorizer(c),
        c.getBytes("max-body-size"),
        systemConfig.getDuration("mcp.transport.request-timeout"),
        c.getDuration("session-idle-timeout"),
        c.getDuration("sse-keep-alive"),
        Optional.empty());
  }

  private static BearerAuthorizer authorizer(Config http) {
    String token = http.getString("bearer-token");
    boolean oauth = !http.getString("oauth.resource").isBlank();
    if (oauth && !token.isEmpty()) {
      throw new IllegalArgumentException(
          "mcp.transport.http: set bearer-token or oauth.resource, not both (a static token is no OAuth access token)");
    }
    if (oauth) {
      return ResourceServerAuthorizer.fromConfig(http.getConfig("oauth"));
    }
    return token.isEmpty() ? BearerAuthorizer.open() : new StaticTokenAuthorizer(token);
  }

  public HttpSettings withHost(String newHost) {
    return new HttpSettings(newHost, port, pathPrefix, allowedHosts, authorizer, maxBodyBytes, requestTimeout,
        sessionIdleTimeout, sseKeepAlive, name);
  }

  public HttpSettings withPort(int newPort) {
    return new HttpSettings(host, newPort, pathPrefix, allowedHosts, authorizer, maxBodyBytes, requestTimeout,
        sessionIdleTimeout, sseKeepAlive, name);
  }

  public HttpSettings withAllowedHosts(List<String> hosts) {
    return new HttpSettings(host, port, pathPrefix, Set.copyOf(hosts), authorizer, maxBodyBytes, requestTimeout,
        sessionIdleTimeout, sseKeepAlive, name);
  }

  /** Every request must carry {@code token}: a {@link StaticTokenAuthorizer}. */
  public HttpSettings withBearerToken(String token) {
    return withAuthorizer(new StaticTokenAuthorizer(token));
  }

  public HttpSettings withAuthorizer(BearerAuthorizer newAuthorizer) {
    return new HttpSettings(host, port, pathPrefix, allowedHosts, newAuthorizer, maxBodyBytes, requestTimeout,
        sessionIdleTimeout, sseKeepAlive, name);
  }

  /** The static token every request must carry, when that is how this endpoint authorizes. */
  public Optional<String> bearerToken() {
    return authorizer instanceof StaticTokenAuthorizer s ? Optional.of(s.token()) : Optional.empty();
  }

  public HttpSettings withMaxBodyBytes(long bytes) {
    return new HttpSettings(host, port, pathPrefix, allowedHosts, authorizer, bytes, requestTimeout,
        sessionIdleTimeout, sseKeepAlive, name);
  }

  public HttpSettings withName(String transportName) {
    return new HttpSettings(host, port, pathPrefix, allowedHosts, authorizer, maxBodyBytes, requestTimeout,
        sessionIdleTimeout, sseKeepAlive, Optional.of(transportName));
  }
}
