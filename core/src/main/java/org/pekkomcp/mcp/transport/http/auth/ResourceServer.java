/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.mcp.transport.http.auth;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.pekkomcp.mcp.jsonrpc.JsonRpcCodec;

/**
 * The endpoint as an OAuth 2.1 protected resource (RFC 9728): who issues its tokens, which scopes
 * each server needs, and the metadata documents clients discover that from.
 *
 * <p>{@code resource} is the endpoint's public canonical URI, e.g. {@code https://mcp.example.com/mcp}
 * (what clients reach, which behind a proxy is not the bound address). Each MCP server is the
 * resource {@code <resource>/<server name>}; its metadata is at
 * {@code /.well-known/oauth-protected-resource/<resource path>/<server name>}, the URL every 401
 * names in {@code resource_metadata}. The endpoint's own document is at
 * {@code /.well-known/oauth-protected-resource/<resource path>} and, for clients that try only the
 * root, at {@code /.well-known/oauth-protected-resource}.
 */
public record ResourceServer(URI resource, List<URI> authorizationServers, RequiredScopes scopes) {

  static final String WELL_KNOWN = "/.well-known/oauth-protected-resource";

  public ResourceServer {
    Objects.requireNonNull(resource, "resource");
    String given = resource.toString();
    resource = ProtectedResource.canonical(given).orElseThrow(() -> new IllegalArgumentException(
        "the resource must be an absolute http(s) URI without query or fragment, got " + given));
    authorizationServers = List.copyOf(authorizationServers);
    if (authorizationServers.isEmpty()) {
      throw new IllegalArgumentException("a resource server names at least one authorization server");
    }
    Objects.requireNonNull(scopes, "scopes");
  }

  public ProtectedResource protectedResource(String serverName) {
    return new ProtectedResource(serverName, URI.create(resource + "/" + segment(serverName)), resource);
  }

  /** Where the metadata of {@code serverName} is: the {@code resource_metadata} of its challenges. */
  public String metadataUrl(String serverName) {
    String origin = resource.getScheme() + "://" + resource.getRawAuthority();
    return origin + WELL_KNOWN + resource.getRawPath() + "/" + segment(serverName);
  }

  /**
   * The metadata document served at {@code path}, if it is one of this resource's: a server's, or
   * the endpoint's. A server's {@code /mcp} alias (the endpoint serves {@code /<server>/mcp} too)
   * has the server's document.
   */
  public Optional<String> metadataAt(String path) {
    if (!path.startsWith(WELL_KNOWN)) {
      return Optional.empty();
    }
    String rest = path.substring(WELL_KNOWN.length());
    String endpointPath = resource.getRawPath();
    if (rest.isEmpty() || rest.equals("/") || rest.equals(endpointPath)) {
      return Optional.of(document(resource.toString(), scopes.all()));
    }
    if (!rest.startsWith(endpointPath + "/")) {
      return Optional.empty();
    }
    String server = rest.substring(endpointPath.length() + 1);
    if (server.endsWith("/mcp") && server.indexOf('/') == server.length() - 4) {
      server = server.substring(0, server.length() - 4);
    }
    if (server.isEmpty() || server.contains("/")) {
      return Optional.empty();
    }
    String name = URLDecoder.decode(server, StandardCharsets.UTF_8);
    return Optional.of(document(protectedResource(name).uri().toString(), scopes.forServer(name)));
  }

  private String document(String resourceUri, Set<String> scopesSupported) {
    ObjectNode doc = JsonRpcCodec.object().put("resource", resourceUri);
    ArrayNode servers = doc.putArray("authorization_servers");
    authorizationServers.forEach(s -> servers.add(s.toString()));
    ArrayNode supported = doc.putArray("scopes_supported");
    scopesSupported.forEach(supported::add);
    doc.putArray("bearer_methods_supported").add("header");
    return doc.toString();
  }

  private static String segment(String serverName) {
    return URLEncoder.encode(serverName, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
