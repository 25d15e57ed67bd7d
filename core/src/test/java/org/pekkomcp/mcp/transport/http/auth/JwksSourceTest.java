/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.mcp.transport.http.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.sun.net.httpserver.HttpServer;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The JWK set cache against a loopback HTTP server that counts its fetches and can fail them. */
class JwksSourceTest {

  private static final Duration LONG = Duration.ofHours(1);
  private static final Duration TIMEOUT = Duration.ofSeconds(5);

  private HttpServer issuer;
  private final AtomicInteger fetches = new AtomicInteger();
  private final AtomicReference<JWKSet> published = new AtomicReference<>();
  private final AtomicInteger status = new AtomicInteger(200);
  private RSAKey first;
  private URI url;

  @BeforeEach
  void start() throws Exception {
    first = new RSAKeyGenerator(2048).keyID("first").generate();
    published.set(new JWKSet(first.toPublicJWK()));
    issuer = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    issuer.createContext("/jwks", exchange -> {
      fetches.incrementAndGet();
      byte[] body = published.get().toString().getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(status.get(), body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    });
    issuer.start();
    url = URI.create("http://127.0.0.1:" + issuer.getAddress().getPort() + "/jwks");
  }

  @AfterEach
  void stop() {
    issuer.stop(0);
  }

  private static JWKSet keys(JwksSource source, String keyId) throws Exception {
    return source.keys(Optional.of(keyId)).toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  void aKnownKeyIdIsAnsweredFromTheCache() throws Exception {
    JwksSource source = JwksSource.fromUrl(url, LONG, Duration.ZERO, TIMEOUT);
    assertEquals("first", keys(source, "first").getKeys().get(0).getKeyID());
    keys(source, "first");
    assertEquals(1, fetches.get());
  }

  @Test
  void anUnknownKeyIdFetchesAgainButNotMoreOftenThanTheMinimum() throws Exception {
    RSAKey second = new RSAKeyGenerator(2048).keyID("second").generate();
    JwksSource eager = JwksSource.fromUrl(url, LONG, Duration.ZERO, TIMEOUT);
    keys(eager, "first");
    published.set(new JWKSet(List.of(first.toPublicJWK(), second.toPublicJWK())));
    assertEquals(2, keys(eager, "second").getKeys().size());
    assertEquals(2, fetches.get());

    JwksSource patient = JwksSource.fromUrl(url, LONG, LONG, TIMEOUT);
    keys(patient, "first");
    assertEquals(2, keys(patient, "made-up").getKeys().size());
    assertEquals(3, fetches.get(), "one fetch for the patient source, none for the made-up key id");
  }

  @Test
  void whenAFetchFailsTheKeysHeldStayInUse() throws Exception {
    JwksSource source = JwksSource.fromUrl(url, LONG, Duration.ZERO, TIMEOUT);
    keys(source, "first");
    status.set(500);
    assertEquals("first", keys(source, "rotated").getKeys().get(0).getKeyID());
    assertEquals(2, fetches.get());
  }

  @Test
  void withoutAnyKeysTheStageFails() throws Exception {
    int closed;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closed = socket.getLocalPort();
    }
    JwksSource source = JwksSource.fromUrl(URI.create("http://127.0.0.1:" + closed + "/jwks"), LONG, LONG, TIMEOUT);
    ExecutionException failure = assertThrows(ExecutionException.class, () -> keys(source, "first"));
    assertInstanceOf(IllegalStateException.class, failure.getCause());
    // Tried a moment ago: the next request fails at once instead of trying again.
    assertThrows(ExecutionException.class, () -> keys(source, "first"));
  }
}
