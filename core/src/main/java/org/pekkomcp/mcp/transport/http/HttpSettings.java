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

/**
 * The settings of one Streamable HTTP endpoint, read from {@code mcp.transport.http} (see
 * reference.conf for each one's meaning) and adjustable with the {@code with...} methods.
 *
 * @param name the transport's registry name; by default {@code http-<host>:<port>} once bound
 * @param allowedHosts host names (lower case, IPv6 in brackets) that {@code Host} and
 *     {@code Origin} headers may name
 * @param bearerToken when present, the token every request must carry
 */
public record HttpSettings(
    String host,
    int port,
    String pathPrefix,
    Set<String> allowedHosts,
    Optional<String> bearerToken,
    long maxBodyBytes,
    Duration requestTimeout,
    Duration sessionIdleTimeout,
    Duration sseKeepAlive,
    Optional<String> name) {

  public HttpSettings {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(pathPrefix, "pathPrefix");
    Objects.requireNonNull(bearerToken, "bearerToken");
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
    String token = c.getString("bearer-token");
    return new HttpSettings(
        c.getString("host"),
        c.getInt("port"),
        c.getString("path-prefix"),
        Set.copyOf(c.getStringList("allowed-hosts")),
        token.isEmpty() ? Optional.empty() : Optional.of(token),
        c.getBytes("max-body-size"),
        systemConfig.getDuration("mcp.transport.request-timeout"),
        c.getDuration("session-idle-timeout"),
        c.getDuration("sse-keep-alive"),
        Optional.empty());
  }

  public HttpSettings withHost(String newHost) {
    return new HttpSettings(newHost, port, pathPrefix, allowedHosts, bearerToken, maxBodyBytes, requestTimeout,
        sessionIdleTimeout, sseKeepAlive, name);
  }

  public HttpSettings withPort(int newPort) {
    return new HttpSettings(host, newPort, pathPrefix, allowedHosts, bearerToken, maxBodyBytes, requestTimeout,
        sessionIdleTimeout, sseKeepAlive, name);
  }

  public HttpSettings withAllowedHosts(List<String> hosts) {
    return new HttpSettings(host, port, pathPrefix, Set.copyOf(hosts), bearerToken, maxBodyBytes, requestTimeout,
        sessionIdleTimeout, sseKeepAlive, name);
  }

  public HttpSettings withBearerToken(String token) {
    return new HttpSettings(host, port, pathPrefix, allowedHosts, Optional.of(token), maxBodyBytes, requestTimeout,
        sessionIdleTimeout, sseKeepAlive, name);
  }

  public HttpSettings withMaxBodyBytes(long bytes) {
    return new HttpSettings(host, port, pathPrefix, allowedHosts, bearerToken, bytes, requestTimeout,
        sessionIdleTimeout, sseKeepAlive, name);
  }

  public HttpSettings withName(String transportName) {
    return new HttpSettings(host, port, pathPrefix, allowedHosts, bearerToken, maxBodyBytes, requestTimeout,
        sessionIdleTimeout, sseKeepAlive, Optional.of(transportName));
  }
}
