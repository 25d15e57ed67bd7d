/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.mcp.transport.http.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * One shared secret every client sends as its bearer token: the simple option for a trusted
 * network or a single client. It carries no scopes and publishes no metadata; the comparison takes
 * the same time however much of the token matches.
 */
public record StaticTokenAuthorizer(String token) implements BearerAuthorizer {

  public StaticTokenAuthorizer {
    if (token == null || token.isBlank()) {
      throw new IllegalArgumentException("the static bearer token must not be blank");
    }
  }

  @Override
  public CompletionStage<AuthorizationResult> authorize(Optional<String> given, String serverName) {
    boolean match = given.isPresent()
        && MessageDigest.isEqual(token.getBytes(StandardCharsets.UTF_8), given.get().getBytes(StandardCharsets.UTF_8));
    return CompletableFuture.completedFuture(match
        ? new AuthorizationResult.Authorized("static-token", Set.of())
        : new AuthorizationResult.Unauthorized(false, "a valid bearer token is required", Set.of()));
  }

  @Override
  public String toString() {
    return "StaticTokenAuthorizer[token=***]";
  }
}
