/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.mcp.transport.http.internal;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.pekkomcp.mcp.transport.http.auth.ProtectedResource;
import org.pekkomcp.mcp.transport.http.auth.TokenCheck;

/**
 * Access tokens already found valid for a resource, so that a client's following requests with
 * the same token skip the signature check, which costs more CPU than the rest of the request.
 * An entry lasts until the token expires, and at most {@code lifetime}, so a key the issuer
 * withdraws stops vouching for cached tokens soon after the key set is fetched again. Only valid
 * tokens are kept (refused ones are not worth a client's retrying); past {@code capacity}
 * entries, the expired ones go, and all of them if that is not enough.
 */
public final class VerifiedTokens {

  private record Key(URI resource, String token) {}

  private record Entry(TokenCheck.Valid check, Instant until) {}

  private final int capacity;
  private final Duration lifetime;
  private final ConcurrentHashMap<Key, Entry> entries = new ConcurrentHashMap<>();

  public VerifiedTokens(int capacity, Duration lifetime) {
    this.capacity = capacity;
    this.lifetime = lifetime;
  }

  public Optional<TokenCheck.Valid> get(String token, ProtectedResource resource, Instant now) {
    Entry entry = entries.get(new Key(resource.uri(), token));
    return entry != null && now.isBefore(entry.until()) ? Optional.of(entry.check()) : Optional.empty();
  }

  public void put(String token, ProtectedResource resource, TokenCheck.Valid check, Instant expiry, Instant now) {
    if (entries.size() >= capacity) {
      entries.values().removeIf(e -> !now.isBefore(e.until()));
      if (entries.size() >= capacity) {
        entries.clear();
      }
    }
    Instant cap = now.plus(lifetime);
    entries.put(new Key(resource.uri(), token), new Entry(check, expiry.isBefore(cap) ? expiry : cap));
  }
}
