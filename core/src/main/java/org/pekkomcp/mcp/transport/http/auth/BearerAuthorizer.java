/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.mcp.transport.http.auth;

import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Decides whether a request to one MCP server of the HTTP endpoint may proceed, from the bearer
 * token it carries. The endpoint asks before it reads the body, so the server is known from the
 * path alone.
 *
 * <p>The answer is a {@link CompletionStage} because a validator may have to ask someone (a JWKS
 * endpoint, an introspection endpoint): implementations must not block the calling thread, which
 * is one of pekko-http's. A stage that fails is answered with 503 (the check could not be made),
 * never with access.
 *
 * <p>Three come with the library: {@link #open()} (no check), {@link StaticTokenAuthorizer} (one
 * shared secret) and {@link ResourceServerAuthorizer} (an OAuth 2.1 resource server, as the MCP
 * authorization specification asks, with JWT or any other {@link TokenValidator}).
 */
public interface BearerAuthorizer {

  /**
   * @param token the bearer token of the request's {@code Authorization} header, if it has one
   * @param serverName the MCP server the request is for
   */
  CompletionStage<AuthorizationResult> authorize(Optional<String> token, String serverName);

  /** The OAuth resource server this authorizer is, whose metadata the endpoint publishes and challenges name. */
  default Optional<ResourceServer> resourceServer() {
    return Optional.empty();
  }

  /** Every request is let through; the endpoint's default. */
  static BearerAuthorizer open() {
    return Open.INSTANCE;
  }

  /** The authorizer behind {@link #open()}. */
  enum Open implements BearerAuthorizer {
    INSTANCE;

    private static final CompletionStage<AuthorizationResult> ANYONE =
        CompletableFuture.completedFuture(new AuthorizationResult.Authorized("anonymous", Set.of()));

    @Override
    public CompletionStage<AuthorizationResult> authorize(Optional<String> token, String serverName) {
      return ANYONE;
    }
  }
}
