/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.mcp.transport.http.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.pekkomcp.mcp.jsonrpc.JsonRpc;

/** Resource identifiers, audiences, metadata paths and scope rules, as values. */
class ResourceServerTest {

  private static final List<URI> ISSUER = List.of(URI.create("https://sso.example.test"));

  @Test
  void canonicalUrisHaveLowerCaseSchemeAndHostAndNoTrailingSlash() {
    assertEquals(Optional.of(URI.create("https://mcp.example.test:8443/MCP")),
        ProtectedResource.canonical("HTTPS://MCP.Example.TEST:8443/MCP/"));
    assertEquals(Optional.empty(), ProtectedResource.canonical("mcp.example.test"));
    assertEquals(Optional.empty(), ProtectedResource.canonical("https://mcp.example.test/mcp#part"));
    assertEquals(Optional.empty(), ProtectedResource.canonical("https://mcp.example.test/mcp?x=1"));
    assertEquals(Optional.empty(), ProtectedResource.canonical("urn:mcp"));
    assertThrows(IllegalArgumentException.class,
        () -> new ResourceServer(URI.create("https://mcp.example.test/mcp?x=1"), ISSUER, RequiredScopes.none()));
    assertThrows(IllegalArgumentException.class,
        () -> new ResourceServer(URI.create("https://mcp.example.test/mcp"), List.of(), RequiredScopes.none()));
  }

  @Test
  void aServersAudienceIsItsOwnUriOrTheEndpoints() {
    ResourceServer server = new ResourceServer(URI.create("https://mcp.example.test/mcp/"), ISSUER, RequiredScopes.none());
    ProtectedResource alpha = server.protectedResource("alpha");
    assertEquals(URI.create("https://mcp.example.test/mcp/alpha"), alpha.uri());
    assertTrue(alpha.isAudienceIn(List.of("account", "https://mcp.example.test/mcp/alpha")));
    assertTrue(alpha.isAudienceIn(List.of("https://MCP.example.test/mcp/")));
    assertFalse(alpha.isAudienceIn(List.of("https://mcp.example.test/mcp/beta")));
    assertFalse(alpha.isAudienceIn(List.of("https://mcp.example.test/mcp/alpha/more", "https://mcp.example.test")));
    assertFalse(alpha.isAudienceIn(List.of()));
  }

  @Test
  void aResourceAtTheRootServesItsServersAtTheirNames() throws Exception {
    ResourceServer server = new ResourceServer(URI.create("https://mcp.example.test"), ISSUER,
        new RequiredScopes(Set.of("use"), Map.of("a b", Set.of("ab"))));
    assertEquals("https://mcp.example.test/.well-known/oauth-protected-resource/a%20b", server.metadataUrl("a b"));
    JsonNode ab = JsonRpc.MAPPER.readTree(server.metadataAt("/.well-known/oauth-protected-resource/a%20b").orElseThrow());
    assertEquals("https://mcp.example.test/a%20b", ab.get("resource").asText());
    assertEquals("ab", ab.get("scopes_supported").get(0).asText());
    JsonNode endpoint = JsonRpc.MAPPER.readTree(server.metadataAt("/.well-known/oauth-protected-resource").orElseThrow());
    assertEquals("https://mcp.example.test", endpoint.get("resource").asText());
    assertEquals(Optional.empty(), server.metadataAt("/.well-known/oauth-protected-resource-other"));
    assertEquals(Optional.empty(), server.metadataAt("/.well-known/oauth-protected-resource/a/b"));
    assertEquals(Optional.empty(), server.metadataAt("/mcp/a"));
  }

  @Test
  void aServersScopesReplaceTheDefault() {
    RequiredScopes scopes = new RequiredScopes(Set.of("use"), Map.of()).withServer("open", Set.of())
        .withServer("notes", Set.of("use", "notes:write"));
    assertEquals(Set.of("use"), scopes.forServer("calculator"));
    assertEquals(Set.of(), scopes.forServer("open"));
    assertEquals(List.of("notes:write", "use"), List.copyOf(scopes.forServer("notes")));
    assertEquals(List.of("notes:write", "use"), List.copyOf(scopes.all()));
  }
}
