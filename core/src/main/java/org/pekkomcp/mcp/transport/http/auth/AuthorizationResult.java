/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.mcp.transport.http.auth;

import java.util.Objects;
import java.util.Set;

/** What a {@link BearerAuthorizer} decided about one request: each outcome has its own HTTP answer. */
public sealed interface AuthorizationResult {

  /** The request may proceed, on behalf of {@code subject}, holding {@code scopes}. */
  record Authorized(String subject, Set<String> scopes) implements AuthorizationResult {
    public Authorized {
      Objects.requireNonNull(subject, "subject");
      scopes = Set.copyOf(scopes);
    }
  }

  /**
   * 401: no token, or one that is not valid here.
   *
   * @param invalidToken true when a token was given and refused ({@code error="invalid_token"})
   * @param reason said to the client, so it names the failed check and nothing secret
   * @param scopes the scopes to ask the authorization server for, if the authorizer knows them
   */
  record Unauthorized(boolean invalidToken, String reason, Set<String> scopes) implements AuthorizationResult {
    public Unauthorized {
      Objects.requireNonNull(reason, "reason");
      scopes = Set.copyOf(scopes);
    }
  }

  /** 403: a valid token without every scope in {@code required}. */
  record InsufficientScope(Set<String> required, String reason) implements AuthorizationResult {
    public InsufficientScope {
      required = Set.copyOf(required);
      Objects.requireNonNull(reason, "reason");
    }
  }
}
