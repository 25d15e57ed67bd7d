/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.mcp.transport.http.auth;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigUtil;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.stream.Stream;

/**
 * The endpoint as an OAuth 2.1 resource server, as the MCP authorization specification describes:
 * no token gets 401 with the scopes to ask for; a token the {@link TokenValidator} refuses (bad
 * signature, another issuer or audience, expired) gets 401 {@code invalid_token}; a valid token
 * without every scope the server needs gets 403 {@code insufficient_scope}. Tokens are checked,
 * never passed on: the MCP servers behind the endpoint do not see them.
 */
public record ResourceServerAuthorizer(ResourceServer server, TokenValidator validator) implements BearerAuthorizer {

  public ResourceServerAuthorizer {
    Objects.requireNonNull(server, "server");
    Objects.requireNonNull(validator, "validator");
  }

  @Override
  public CompletionStage<AuthorizationResult> authorize(Optional<String> token, String serverName) {
    Set<String> required = server.scopes().forServer(serverName);
    if (token.isEmpty()) {
      return CompletableFuture.completedFuture(
          new AuthorizationResult.Unauthorized(false, "a bearer token is required", required));
    }
    return validator.validate(token.get(), server.protectedResource(serverName)).thenApply(check -> {
      if (check instanceof TokenCheck.Invalid invalid) {
        return new AuthorizationResult.Unauthorized(true, invalid.reason(), required);
      }
      TokenCheck.Valid valid = (TokenCheck.Valid) check;
      if (!valid.scopes().containsAll(required)) {
        Set<String> missing = new TreeSet<>(required);
        missing.removeAll(valid.scopes());
        return new AuthorizationResult.InsufficientScope(required,
            "MCP server '" + serverName + "' needs the scopes " + String.join(" ", required) + "; missing "
                + String.join(" ", missing));
      }
      return new AuthorizationResult.Authorized(valid.subject(), valid.scopes());
    });
  }

  /**
   * The resource server of {@code mcp.transport.http.oauth} (see reference.conf): JWTs from
   * {@code issuer}, checked against the keys at {@code jwks-url}, in {@code jwks-file} or inline in
   * {@code jwks} (exactly one).
   */
  public static ResourceServerAuthorizer fromConfig(Config oauth) {
    String issuer = oauth.getString("issuer");
    if (issuer.isBlank()) {
      throw new IllegalArgumentException("mcp.transport.http.oauth.issuer must be set when oauth.resource is");
    }
    List<String> servers = oauth.getStringList("authorization-servers");
    RequiredScopes scopes = new RequiredScopes(Set.copyOf(oauth.getStringList("scopes.default")), Map.of());
    Config perServer = oauth.getConfig("scopes.servers");
    for (String server : perServer.root().keySet()) {
      scopes = scopes.withServer(server, Set.copyOf(perServer.getStringList(ConfigUtil.quoteString(server))));
    }
    ResourceServer server = new ResourceServer(URI.create(oauth.getString("resource")),
        (servers.isEmpty() ? List.of(issuer) : servers).stream().map(URI::create).toList(), scopes);
    return new ResourceServerAuthorizer(server, new JwtValidator(issuer, jwks(oauth),
        oauth.getStringList("algorithms"), oauth.getDuration("clock-skew")));
  }

  private static JwksSource jwks(Config oauth) {
    String url = oauth.getString("jwks-url");
    String file = oauth.getString("jwks-file");
    String inline = oauth.getString("jwks");
    if (Stream.of(url, file, inline).filter(s -> !s.isBlank()).count() != 1) {
      throw new IllegalArgumentException(
          "set exactly one of mcp.transport.http.oauth.jwks-url, jwks-file and jwks (the issuer's public keys)");
    }
    if (!url.isBlank()) {
      return JwksSource.fromUrl(URI.create(url), oauth.getDuration("jwks-refresh"), oauth.getDuration("jwks-min-refresh"),
          oauth.getDuration("jwks-fetch-timeout"));
    }
    return file.isBlank() ? JwksSource.fromJson(inline) : JwksSource.fromFile(Path.of(file));
  }

  @Override
  public Optional<ResourceServer> resourceServer() {
    return Optional.of(server);
  }
}
