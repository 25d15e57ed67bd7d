/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.mcp.transport.http.auth;

import com.nimbusds.jose.jwk.JWKSet;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The public keys an issuer signs tokens with (a JWK set): fixed (inline JSON or a file, for tests
 * and installations without a route to the issuer) or fetched from the issuer's JWKS URL.
 *
 * <p>A fetched set is cached. Once older than {@code refresh} it is fetched again in the
 * background while the old keys keep answering; a token naming a key id the set lacks (the issuer
 * rotated its keys) waits for a fresh fetch, at most one per {@code minRefresh}, so tokens with
 * made-up key ids cannot make the endpoint hammer the issuer. Fetches are asynchronous (the JDK's
 * HTTP client) and one at a time; when one fails, the keys already held stay in use.
 */
public final class JwksSource {

  private static final Logger log = LoggerFactory.getLogger(JwksSource.class);

  /** The keys held, when they were fetched, and when a fetch was last tried. */
  private record Snapshot(Optional<JWKSet> keys, Instant fetchedAt, Instant triedAt) {}

  private final Optional<URI> url;
  private final Duration refresh;
  private final Duration minRefresh;
  private final Duration timeout;
  private final AtomicReference<Snapshot> current;
  private final AtomicReference<CompletableFuture<JWKSet>> inFlight = new AtomicReference<>();
  private volatile HttpClient client;

  private JwksSource(Optional<URI> url, Optional<JWKSet> keys, Duration refresh, Duration minRefresh, Duration timeout) {
    this.url = url;
    this.refresh = Objects.requireNonNull(refresh, "refresh");
    this.minRefresh = Objects.requireNonNull(minRefresh, "minRefresh");
    this.timeout = Objects.requireNonNull(timeout, "timeout");
    this.current = new AtomicReference<>(new Snapshot(keys, Instant.MIN, Instant.MIN));
  }

  /** Keys fetched from {@code url} when first needed, then kept fresh as described above. */
  public static JwksSource fromUrl(URI url, Duration refresh, Duration minRefresh, Duration timeout) {
    Objects.requireNonNull(url, "url");
    return new JwksSource(Optional.of(url), Optional.empty(), refresh, minRefresh, timeout);
  }

  /** A fixed set, from its JSON ({@code {"keys":[...]}}). */
  public static JwksSource fromJson(String json) {
    try {
      return fixed(JWKSet.parse(json));
    } catch (ParseException e) {
      throw new IllegalArgumentException("not a JWK set: " + e.getMessage(), e);
    }
  }

  /** A fixed set, read once from a JSON file. */
  public static JwksSource fromFile(Path file) {
    try {
      return fromJson(Files.readString(file, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read the JWK set file " + file + ": " + e.getMessage(), e);
    }
  }

  /** A fixed set (public keys only are kept). */
  public static JwksSource fixed(JWKSet keys) {
    return new JwksSource(Optional.empty(), Optional.of(keys.toPublicJWKSet()), Duration.ZERO, Duration.ZERO,
        Duration.ZERO);
  }

  /**
   * The keys to check a token signed with key {@code keyId} against; fails only when no keys
   * could ever be had.
   */
  public CompletionStage<JWKSet> keys(Optional<String> keyId) {
    Snapshot s = current.get();
    if (url.isEmpty()) {
      return CompletableFuture.completedFuture(s.keys().orElseThrow());
    }
    Instant now = Instant.now();
    boolean mayFetch = now.isAfter(s.triedAt().plus(minRefresh));
    if (s.keys().isEmpty()) {
      return mayFetch || inFlight.get() != null ? fetch()
          : CompletableFuture.failedFuture(new IllegalStateException("the JWK set at " + url.get() + " is unavailable"));
    }
    JWKSet keys = s.keys().get();
    boolean unknownKey = keyId.isPresent() && keys.getKeyByKeyId(keyId.get()) == null;
    if (unknownKey && mayFetch) {
      return fetch().exceptionally(failure -> keys);
    }
    if (mayFetch && now.isAfter(s.fetchedAt().plus(refresh))) {
      fetch();
    }
    return CompletableFuture.completedFuture(keys);
  }

  private CompletableFuture<JWKSet> fetch() {
    CompletableFuture<JWKSet> mine = new CompletableFuture<>();
    CompletableFuture<JWKSet> running = inFlight.compareAndExchange(null, mine);
    if (running != null) {
      return running;
    }
    HttpRequest request = HttpRequest.newBuilder(url.get()).timeout(timeout).header("Accept", "application/json").GET().build();
    client().sendAsync(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8)).handle((response, failure) -> {
      Instant now = Instant.now();
      try {
        if (failure != null) {
          throw new IOException(failure.toString(), failure);
        }
        if (response.statusCode() != 200) {
          throw new IOException("HTTP " + response.statusCode());
        }
        JWKSet keys = JWKSet.parse(response.body()).toPublicJWKSet();
        current.set(new Snapshot(Optional.of(keys), now, now));
        inFlight.set(null);
        mine.complete(keys);
      } catch (IOException | ParseException | RuntimeException e) {
        log.warn("could not fetch the JWK set at {}: {}", url.get(), e.getMessage());
        current.updateAndGet(s -> new Snapshot(s.keys(), s.fetchedAt(), now));
        inFlight.set(null);
        mine.completeExceptionally(new IllegalStateException("the JWK set at " + url.get() + " is unavailable", e));
      }
      return null;
    });
    return mine;
  }

  private HttpClient client() {
    HttpClient c = client;
    if (c == null) {
      synchronized (this) {
        if (client == null) {
          client = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NORMAL).build();
        }
        c = client;
      }
    }
    return c;
  }
}
