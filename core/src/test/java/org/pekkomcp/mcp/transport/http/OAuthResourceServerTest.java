/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.mcp.transport.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.client.transport.customizer.McpHttpClientAuthorizationErrorHandler;
import io.modelcontextprotocol.spec.McpSchema;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;
import java.util.stream.StreamSupport;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.japi.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.pekkomcp.mcp.jsonrpc.JsonRpc;
import org.pekkomcp.mcp.server.McpServer;
import org.pekkomcp.mcp.server.ServerDefinition;
import org.pekkomcp.mcp.server.Tool;
import org.pekkomcp.mcp.server.ToolResult;
import org.pekkomcp.mcp.transport.http.auth.ResourceServer;
import org.pekkomcp.mcp.transport.http.auth.ResourceServerAuthorizer;
import org.pekkomcp.mcp.transport.http.auth.TokenCheck;
import org.pekkomcp.registry.Kind;
import org.pekkomcp.registry.McpRegistry;

/**
 * The endpoint as an OAuth resource server, over real HTTP on loopback: JWTs signed with keys made
 * here, whose JWK set a loopback server of this test publishes, and an opaque-token validator.
 */
class OAuthResourceServerTest {

  private static final String RESOURCE = "https://mcp.example.test/mcp";
  private static final String ISSUER = "https://issuer.example.test/realms/mcp";
  private static final String INIT = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":"
      + "\"2025-11-25\",\"capabilities\":{},\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}";

  private static final ActorTestKit kit = ActorTestKit.create();
  private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private static RSAKey rsa;
  private static ECKey ec;
  /** What the issuer's JWKS URL answers; a test rotates a key in. */
  private static final AtomicReference<JWKSet> published = new AtomicReference<>();
  private static ServerBinding jwksServer;
  private static String base;
  private static String origin;
  private static String opaqueBase;

  @BeforeAll
  static void start() throws Exception {
    rsa = new RSAKeyGenerator(2048).keyID("rsa-1").generate();
    ec = new ECKeyGenerator(Curve.P_256).keyID("ec-1").generate();
    published.set(new JWKSet(List.of(rsa.toPublicJWK(), ec.toPublicJWK())));
    Function<org.apache.pekko.http.javadsl.model.HttpRequest, CompletionStage<org.apache.pekko.http.javadsl.model.HttpResponse>>
        issuer = request -> {
          request.discardEntityBytes(kit.system());
          return CompletableFuture.completedFuture(org.apache.pekko.http.javadsl.model.HttpResponse.create()
              .withStatus(StatusCodes.OK).withEntity(ContentTypes.APPLICATION_JSON, published.get().toString()));
        };
    jwksServer = Http.get(kit.system()).newServerAt("127.0.0.1", 0).bind(issuer).toCompletableFuture().get();
    for (String name : List.of("alpha", "beta")) {
      kit.spawn(McpServer.create(ServerDefinition.of(name, "1").withTool(Tool.of("echo", "echoes", Tool.emptySchema(),
          call -> CompletableFuture.completedFuture(ToolResult.text("echo"))))));
    }
    Config config = ConfigFactory.parseString("""
        mcp.transport.http.oauth {
          resource = "%s"
          issuer = "%s"
          jwks-url = "http://127.0.0.1:%d/jwks"
          jwks-min-refresh = 0s
          scopes { default = ["mcp:use"], servers { beta = ["beta:read", "beta:admin"] } }
        }""".formatted(RESOURCE, ISSUER, jwksServer.localAddress().getPort())).withFallback(kit.system().settings().config());
    HttpSettings settings = HttpSettings.fromConfig(config).withPort(0);
    kit.spawn(HttpTransport.create(settings.withName("oauth-jwt")));
    ResourceServer resourceServer = settings.authorizer().resourceServer().orElseThrow();
    kit.spawn(HttpTransport.create(settings.withName("oauth-opaque").withAuthorizer(new ResourceServerAuthorizer(
        resourceServer, (token, resource) -> CompletableFuture.supplyAsync(() -> switch (token) {
          case "opaque-good" -> new TokenCheck.Valid("service-account", Set.of("mcp:use"));
          case "opaque-down" -> throw new IllegalStateException("introspection endpoint unreachable");
          default -> new TokenCheck.Invalid("the introspection endpoint does not know this token");
        })))));
    base = url("oauth-jwt");
    origin = base.substring(0, base.indexOf('/', "http://".length()));
    opaqueBase = url("oauth-opaque");
    for (String name : List.of("alpha", "beta")) {
      McpRegistry.get(kit.system()).await(Kind.SERVER, name, Duration.ofSeconds(5)).toCompletableFuture().get();
    }
  }

  private static String url(String transport) throws Exception {
    return McpRegistry.get(kit.system()).await(Kind.TRANSPORT, transport, Duration.ofSeconds(10)).toCompletableFuture().get()
        .orElseThrow().config().get("url").orElseThrow().asText();
  }

  @AfterAll
  static void shutdown() {
    jwksServer.unbind();
    kit.shutdownTestKit();
  }

  // ---- tokens ----

  private static JWTClaimsSet.Builder claims() {
    Instant now = Instant.now();
    return new JWTClaimsSet.Builder().issuer(ISSUER).subject("alice").audience(RESOURCE + "/alpha")
        .issueTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(300))).claim("scope", "openid mcp:use");
  }

  private static String token(JWK key, UnaryOperator<JWTClaimsSet.Builder> claims) throws JOSEException {
    return token(key, JOSEObjectType.JWT, claims);
  }

  private static String token(JWK key, JOSEObjectType type, UnaryOperator<JWTClaimsSet.Builder> claims)
      throws JOSEException {
    JWSAlgorithm algorithm = key instanceof RSAKey ? JWSAlgorithm.RS256 : JWSAlgorithm.ES256;
    JWSSigner signer = key instanceof RSAKey r ? new RSASSASigner(r) : new ECDSASigner((ECKey) key);
    SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(algorithm).type(type).keyID(key.getKeyID()).build(),
        claims.apply(claims()).build());
    jwt.sign(signer);
    return jwt.serialize();
  }

  private static HttpResponse<String> initialize(String url, String token) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
        .header("Content-Type", "application/json").header("Accept", "application/json, text/event-stream")
        .POST(HttpRequest.BodyPublishers.ofString(INIT));
    if (!token.isEmpty()) {
      request.header("Authorization", "Bearer " + token);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String challenge(HttpResponse<String> response) {
    return response.headers().firstValue("WWW-Authenticate").orElseThrow(() -> new AssertionError("no challenge"));
  }

  private static void assertRefused(HttpResponse<String> response, String why) {
    assertEquals(401, response.statusCode(), response::body);
    String challenge = challenge(response);
    assertTrue(challenge.startsWith("Bearer error=\"invalid_token\""), challenge);
    assertTrue(challenge.contains(why), challenge);
    assertTrue(response.body().contains(why), response::body);
  }

  // ---- JWT access tokens ----

  @Test
  void aValidTokenForTheServerIsServed() throws Exception {
    HttpResponse<String> r = initialize(base + "/alpha", token(rsa, c -> c));
    assertEquals(200, r.statusCode(), r::body);
    assertEquals("alpha", JsonRpc.MAPPER.readTree(r.body()).get("result").get("serverInfo").get("name").asText());
  }

  @Test
  void aTokenForTheWholeEndpointServesEveryServerItsScopesAllow() throws Exception {
    String token = token(ec, c -> c.audience(List.of("account", "HTTPS://MCP.example.test/mcp/"))
        .claim("scope", null).claim("scp", List.of("mcp:use", "beta:admin", "beta:read")));
    assertEquals(200, initialize(base + "/alpha", token).statusCode());
    assertEquals(200, initialize(base + "/beta", token).statusCode());
  }

  @Test
  void accessTokenTypesAreServedAndOtherTypesRefused() throws Exception {
    assertEquals(200, initialize(base + "/alpha", token(ec, new JOSEObjectType("at+jwt"), c -> c)).statusCode());
    assertEquals(200, initialize(base + "/alpha", token(ec, new JOSEObjectType("application/at+jwt"), c -> c)).statusCode());
    assertRefused(initialize(base + "/alpha", token(ec, new JOSEObjectType("dpop+jwt"), c -> c)),
        "the token's type (typ) is not JWT or at+jwt");
  }

  @Test
  void anExpiredTokenIsRefused() throws Exception {
    Instant past = Instant.now().minusSeconds(600);
    assertRefused(initialize(base + "/alpha", token(rsa, c -> c.issueTime(Date.from(past.minusSeconds(300)))
        .expirationTime(Date.from(past)))), "the token has expired");
  }

  @Test
  void aTokenExpiredWithinTheClockSkewIsServed() throws Exception {
    Instant justNow = Instant.now().minusSeconds(20);
    assertEquals(200, initialize(base + "/alpha", token(rsa, c -> c.expirationTime(Date.from(justNow)))).statusCode());
  }

  @Test
  void aTokenForAnotherAudienceIsRefused() throws Exception {
    assertRefused(initialize(base + "/alpha", token(rsa, c -> c.audience("https://other.example.test/mcp"))),
        "the token's audience is not " + RESOURCE + "/alpha");
    // A token for one server does not open another.
    assertRefused(initialize(base + "/alpha", token(rsa, c -> c.audience(RESOURCE + "/beta"))),
        "the token's audience is not");
  }

  @Test
  void aTokenFromAnotherIssuerIsRefused() throws Exception {
    assertRefused(initialize(base + "/alpha", token(rsa, c -> c.issuer("https://evil.example.test"))),
        "the token's issuer is not " + ISSUER);
  }

  @Test
  void aTokenWithoutTheServersScopesGets403WithTheScopesNeeded() throws Exception {
    HttpResponse<String> r = initialize(base + "/beta", token(rsa, c -> c.audience(RESOURCE).claim("scope", "mcp:use beta:read")));
    assertEquals(403, r.statusCode(), r::body);
    assertEquals("Bearer error=\"insufficient_scope\", scope=\"beta:admin beta:read\", resource_metadata=\"https://mcp.example.test"
        + "/.well-known/oauth-protected-resource/mcp/beta\", error_description=\"MCP server 'beta' needs the scopes "
        + "beta:admin beta:read; missing beta:admin\"", challenge(r));
  }

  @Test
  void aTamperedTokenIsRefused() throws Exception {
    String[] good = token(rsa, c -> c).split("\\.");
    String[] wider = token(rsa, c -> c.claim("scope", "mcp:use beta:admin beta:read").audience(RESOURCE)).split("\\.");
    assertRefused(initialize(base + "/beta", good[0] + "." + wider[1] + "." + good[2]), "the token's signature is not valid");
  }

  @Test
  void aTokenSignedWithAKeyTheIssuerDoesNotPublishIsRefused() throws Exception {
    RSAKey rogue = new RSAKeyGenerator(2048).keyID("rogue").generate();
    assertRefused(initialize(base + "/alpha", token(rogue, c -> c)), "the token's key id rogue is not one of the issuer's keys");
    // Without a key id, it is checked against every key of the issuer, and none fits.
    RSAKey anonymous = new RSAKeyGenerator(2048).generate();
    assertRefused(initialize(base + "/alpha", token(anonymous, c -> c)), "the token's signature");
  }

  @Test
  void aKeyTheIssuerRotatesInIsFetched() throws Exception {
    RSAKey rotated = new RSAKeyGenerator(2048).keyID("rsa-2").generate();
    published.set(new JWKSet(List.of(rsa.toPublicJWK(), ec.toPublicJWK(), rotated.toPublicJWK())));
    assertEquals(200, initialize(base + "/alpha", token(rotated, c -> c)).statusCode());
  }

  @Test
  void aNoneAlgorithmTokenIsRefused() throws Exception {
    String[] good = token(rsa, c -> c).split("\\.");
    String none = Base64.getUrlEncoder().withoutPadding().encodeToString("{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8));
    HttpResponse<String> r = initialize(base + "/alpha", none + "." + good[1] + ".");
    assertEquals(401, r.statusCode(), r::body);
    assertTrue(challenge(r).startsWith("Bearer error=\"invalid_token\""), challenge(r));
  }

  @Test
  void theOfficialJavaClientWorksWithAnAccessTokenAndIsChallengedWithout() throws Exception {
    String token = token(rsa, c -> c);
    McpSyncClient client = McpClient.sync(sdkTransport()
        .httpRequestCustomizer((request, method, uri, body, context) -> request.header("Authorization", "Bearer " + token))
        .build()).requestTimeout(Duration.ofSeconds(20)).build();
    try {
      client.initialize();
      McpSchema.CallToolResult echo = client.callTool(new McpSchema.CallToolRequest("echo", Map.of()));
      assertEquals("echo", ((McpSchema.TextContent) echo.content().get(0)).text());
    } finally {
      client.close();
    }
    AtomicReference<String> challenge = new AtomicReference<>("");
    McpSyncClient anonymous = McpClient.sync(sdkTransport()
        .authorizationErrorHandler(McpHttpClientAuthorizationErrorHandler.fromSync((response, context) -> {
          challenge.set(response.headers().firstValue("WWW-Authenticate").orElse("none"));
          return false;
        })).build()).requestTimeout(Duration.ofSeconds(20)).build();
    try {
      assertThrows(RuntimeException.class, anonymous::initialize);
    } finally {
      anonymous.close();
    }
    assertEquals("Bearer scope=\"mcp:use\", resource_metadata=\"https://mcp.example.test"
        + "/.well-known/oauth-protected-resource/mcp/alpha\"", challenge.get());
  }

  private static HttpClientStreamableHttpTransport.Builder sdkTransport() {
    URI endpoint = URI.create(base);
    return HttpClientStreamableHttpTransport.builder("http://" + endpoint.getAuthority()).endpoint(endpoint.getPath() + "/alpha");
  }

  // ---- discovery ----

  @Test
  void noTokenGets401NamingTheScopesAndTheMetadata() throws Exception {
    HttpResponse<String> r = initialize(base + "/alpha", "");
    assertEquals(401, r.statusCode(), r::body);
    assertEquals("Bearer scope=\"mcp:use\", resource_metadata=\"https://mcp.example.test"
        + "/.well-known/oauth-protected-resource/mcp/alpha\"", challenge(r));
  }

  @Test
  void theProtectedResourceMetadataDescribesEachServerAndTheEndpoint() throws Exception {
    JsonNode beta = metadata("/.well-known/oauth-protected-resource/mcp/beta");
    assertEquals(RESOURCE + "/beta", beta.get("resource").asText());
    assertEquals(List.of(ISSUER), strings(beta.get("authorization_servers")));
    assertEquals(List.of("beta:admin", "beta:read"), strings(beta.get("scopes_supported")));
    assertEquals(List.of("header"), strings(beta.get("bearer_methods_supported")));
    assertEquals(RESOURCE + "/alpha", metadata("/.well-known/oauth-protected-resource/mcp/alpha/mcp").get("resource").asText());
    for (String path : List.of("/.well-known/oauth-protected-resource/mcp", "/.well-known/oauth-protected-resource")) {
      JsonNode endpoint = metadata(path);
      assertEquals(RESOURCE, endpoint.get("resource").asText());
      assertEquals(List.of("beta:admin", "beta:read", "mcp:use"), strings(endpoint.get("scopes_supported")));
    }
    HttpResponse<String> elsewhere = http.send(HttpRequest.newBuilder(URI.create(origin
        + "/.well-known/oauth-protected-resource/other/alpha")).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(404, elsewhere.statusCode());
  }

  private static JsonNode metadata(String path) throws Exception {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(origin + path)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(200, r.statusCode(), r::body);
    assertEquals("application/json", r.headers().firstValue("Content-Type").orElseThrow());
    return JsonRpc.MAPPER.readTree(r.body());
  }

  private static List<String> strings(JsonNode array) {
    return StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).toList();
  }

  // ---- a validator of opaque tokens ----

  @Test
  void anOpaqueTokenValidatorDecides() throws Exception {
    assertEquals(200, initialize(opaqueBase + "/alpha", "opaque-good").statusCode());
    assertRefused(initialize(opaqueBase + "/alpha", "opaque-other"), "the introspection endpoint does not know this token");
    HttpResponse<String> beta = initialize(opaqueBase + "/beta", "opaque-good");
    assertEquals(403, beta.statusCode(), beta::body);
    assertTrue(challenge(beta).startsWith("Bearer error=\"insufficient_scope\", scope=\"beta:admin beta:read\""), challenge(beta));
  }

  @Test
  void aValidatorThatCannotAnswerGets503NotAccess() throws Exception {
    HttpResponse<String> r = initialize(opaqueBase + "/alpha", "opaque-down");
    assertEquals(503, r.statusCode(), r::body);
  }

  // ---- configuration ----

  @Test
  void aStaticTokenAndOAuthTogetherAreRefused() {
    Config both = ConfigFactory.parseString("mcp.transport.http { bearer-token = s3cret, oauth { resource = \""
        + RESOURCE + "\", issuer = \"" + ISSUER + "\", jwks = \"{\\\"keys\\\":[]}\" } }").withFallback(ConfigFactory.load());
    assertTrue(assertThrows(IllegalArgumentException.class, () -> HttpSettings.fromConfig(both)).getMessage()
        .contains("not both"));
  }

  @Test
  void oauthWithoutKeysOrIssuerIsRefused() {
    Config noKeys = ConfigFactory.parseString("mcp.transport.http.oauth { resource = \"" + RESOURCE + "\", issuer = \""
        + ISSUER + "\" }").withFallback(ConfigFactory.load());
    assertTrue(assertThrows(IllegalArgumentException.class, () -> HttpSettings.fromConfig(noKeys)).getMessage()
        .contains("jwks-url"));
    Config noIssuer = ConfigFactory.parseString("mcp.transport.http.oauth { resource = \"" + RESOURCE
        + "\", jwks = \"{\\\"keys\\\":[]}\" }").withFallback(ConfigFactory.load());
    assertTrue(assertThrows(IllegalArgumentException.class, () -> HttpSettings.fromConfig(noIssuer)).getMessage()
        .contains("issuer"));
    Config hmac = ConfigFactory.parseString("mcp.transport.http.oauth { resource = \"" + RESOURCE + "\", issuer = \""
        + ISSUER + "\", jwks = \"{\\\"keys\\\":[]}\", algorithms = [HS256] }").withFallback(ConfigFactory.load());
    assertTrue(assertThrows(IllegalArgumentException.class, () -> HttpSettings.fromConfig(hmac)).getMessage()
        .contains("asymmetric"));
  }
}
