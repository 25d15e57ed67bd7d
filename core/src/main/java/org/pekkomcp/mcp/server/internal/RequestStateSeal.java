/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.mcp.server.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.typesafe.config.Config;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.pekkomcp.mcp.jsonrpc.JsonRpcCodec;

/**
 * The {@code requestState} of a 2026-07-28 {@code InputRequiredResult}: the answers a request has
 * gathered in its earlier rounds, carried by the client, since a stateless server keeps nothing
 * between rounds. The client must not be able to change them, so the state is the answers as
 * JSON plus an HMAC-SHA256 over them, bound to the request's method and target (a tool's name,
 * a prompt's name, a resource's URI) so that a state cannot be replayed against another request.
 *
 * <p>The key is {@code mcp.server.request-state-secret}. Left empty, each server instance draws a
 * random key: a retry is routed to the server by name, so it reaches the instance that sealed
 * the state, unless the server moved to another node between two rounds; the client then gets
 * -32602 and starts over. Give every node the same secret to let a moved server accept it too.
 */
final class RequestStateSeal {

  static final String SECRET_PATH = "mcp.server.request-state-secret";
  private static final String ALGORITHM = "HmacSHA256";

  private final SecretKeySpec key;

  private RequestStateSeal(byte[] secret) {
    this.key = new SecretKeySpec(secret, ALGORITHM);
  }

  static RequestStateSeal fromConfig(Config config) {
    String secret = config.hasPath(SECRET_PATH) ? config.getString(SECRET_PATH) : "";
    if (!secret.isEmpty()) {
      return new RequestStateSeal(secret.getBytes(StandardCharsets.UTF_8));
    }
    byte[] random = new byte[32];
    new SecureRandom().nextBytes(random);
    return new RequestStateSeal(random);
  }

  static RequestStateSeal withSecret(String secret) {
    return new RequestStateSeal(secret.getBytes(StandardCharsets.UTF_8));
  }

  /** The sealed state of a request ({@code method} on {@code target}) that gathered {@code answers}. */
  String seal(String method, String target, Map<String, JsonNode> answers) {
    ObjectNode state = JsonRpcCodec.object();
    state.put("m", method);
    state.put("t", target);
    ObjectNode a = state.putObject("a");
    answers.forEach(a::set);
    byte[] body = state.toString().getBytes(StandardCharsets.UTF_8);
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    return b64.encodeToString(body) + "." + b64.encodeToString(mac(body));
  }

  /**
   * The answers of a state this seal made for {@code method} on {@code target}; empty when the
   * state was changed, made with another key, or made for another request.
   */
  Optional<Map<String, JsonNode>> open(String state, String method, String target) {
    int dot = state.indexOf('.');
    if (dot < 0) {
      return Optional.empty();
    }
    byte[] body;
    byte[] tag;
    try {
      body = Base64.getUrlDecoder().decode(state.substring(0, dot));
      tag = Base64.getUrlDecoder().decode(state.substring(dot + 1));
    } catch (IllegalArgumentException notBase64) {
      return Optional.empty();
    }
    if (!MessageDigest.isEqual(mac(body), tag)) {
      return Optional.empty();
    }
    Optional<JsonNode> tree = JsonRpcCodec.parseTree(new String(body, StandardCharsets.UTF_8));
    if (tree.isEmpty() || !method.equals(tree.get().path("m").asText()) || !target.equals(tree.get().path("t").asText())
        || !tree.get().path("a").isObject()) {
      return Optional.empty();
    }
    Map<String, JsonNode> answers = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = tree.get().get("a").fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      answers.put(e.getKey(), e.getValue());
    }
    return Optional.of(answers);
  }

  private byte[] mac(byte[] body) {
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(key);
      return mac.doFinal(body);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available", e);
    }
  }
}
