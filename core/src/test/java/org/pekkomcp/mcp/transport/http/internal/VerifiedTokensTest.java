/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.mcp.transport.http.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.pekkomcp.mcp.transport.http.auth.ProtectedResource;
import org.pekkomcp.mcp.transport.http.auth.RequiredScopes;
import org.pekkomcp.mcp.transport.http.auth.ResourceServer;
import org.pekkomcp.mcp.transport.http.auth.TokenCheck;

/** The cache of valid tokens: per resource, until the token expires, at most its lifetime, bounded. */
class VerifiedTokensTest {

  private static final ResourceServer SERVER = new ResourceServer(URI.create("https://mcp.example.test/mcp"),
      List.of(URI.create("https://sso.example.test")), RequiredScopes.none());
  private static final ProtectedResource ALPHA = SERVER.protectedResource("alpha");
  private static final ProtectedResource BETA = SERVER.protectedResource("beta");
  private static final TokenCheck.Valid ALICE = new TokenCheck.Valid("alice", Set.of("use"));
  private static final Instant NOW = Instant.parse("2026-12-03T12:00:00Z");

  @Test
  void aTokenIsKnownForItsResourceOnlyUntilItExpires() {
    VerifiedTokens tokens = new VerifiedTokens(10, Duration.ofMinutes(5));
    tokens.put("t", ALPHA, ALICE, NOW.plusSeconds(30), NOW);
    assertEquals(Optional.of(ALICE), tokens.get("t", ALPHA, NOW.plusSeconds(29)));
    assertEquals(Optional.empty(), tokens.get("t", ALPHA, NOW.plusSeconds(30)));
    assertEquals(Optional.empty(), tokens.get("t", BETA, NOW), "valid for alpha says nothing about beta");
    assertEquals(Optional.empty(), tokens.get("u", ALPHA, NOW));
  }

  @Test
  void aLongLivedTokenIsCheckedAgainAfterTheLifetime() {
    VerifiedTokens tokens = new VerifiedTokens(10, Duration.ofMinutes(1));
    tokens.put("t", ALPHA, ALICE, NOW.plus(Duration.ofHours(8)), NOW);
    assertEquals(Optional.of(ALICE), tokens.get("t", ALPHA, NOW.plusSeconds(59)));
    assertEquals(Optional.empty(), tokens.get("t", ALPHA, NOW.plusSeconds(60)));
  }

  @Test
  void pastTheCapacityExpiredEntriesGoFirstThenAll() {
    VerifiedTokens tokens = new VerifiedTokens(2, Duration.ofMinutes(5));
    tokens.put("short", ALPHA, ALICE, NOW.plusSeconds(1), NOW);
    tokens.put("long", ALPHA, ALICE, NOW.plusSeconds(100), NOW);
    tokens.put("third", ALPHA, ALICE, NOW.plusSeconds(100), NOW.plusSeconds(2));
    assertEquals(Optional.of(ALICE), tokens.get("long", ALPHA, NOW.plusSeconds(3)));
    assertEquals(Optional.of(ALICE), tokens.get("third", ALPHA, NOW.plusSeconds(3)));
    tokens.put("fourth", ALPHA, ALICE, NOW.plusSeconds(100), NOW.plusSeconds(3));
    assertEquals(Optional.empty(), tokens.get("long", ALPHA, NOW.plusSeconds(4)));
    assertEquals(Optional.of(ALICE), tokens.get("fourth", ALPHA, NOW.plusSeconds(4)));
  }
}
