/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** The node's command line: defaults that need no set-up, joining, stdio, and refusals that say why. */
class NodeOptionsTest {

  private static NodeOptions valid(String... args) {
    return assertInstanceOf(NodeOptions.Valid.class, NodeOptions.parse(args)).options();
  }

  private static String invalid(String... args) {
    return assertInstanceOf(NodeOptions.Invalid.class, NodeOptions.parse(args)).problem();
  }

  @Test
  void aBareNodeIsAOneNodeClusterOnTheDefaultPortsHostingEveryExample() {
    NodeOptions options = valid();
    assertEquals(new NodeOptions(List.of(), "127.0.0.1", Optional.empty(), 25520, OptionalInt.of(8080),
        List.of("calculator", "notes"), Optional.empty(), Optional.empty(), List.of()), options);
    Config config = options.config();
    assertEquals("cluster", config.getString("pekko.actor.provider"));
    assertEquals("cluster", config.getString("mcp.registry.backend"));
    assertEquals(List.of(), config.getStringList("pekko.cluster.seed-nodes"));
    assertEquals("off", config.getString("pekko.actor.allow-java-serialization"));
  }

  @Test
  void joiningTakesAnyFreeClusterPortAndSeedsFromTheGivenNode() {
    NodeOptions options = valid("--join", "127.0.0.1:25520", "--servers", "notes");
    assertEquals(0, options.clusterPort());
    assertEquals(List.of("notes"), options.servers());
    assertEquals(List.of("pekko://mcp@127.0.0.1:25520"), options.config().getStringList("pekko.cluster.seed-nodes"));
  }

  @Test
  void aPodIsConfiguredByMcpVariablesWithItsDnsNameAsClusterAddressAndEverySeed() {
    Map<String, String> environment = Map.of(
        "MCP_HOST", "mcp-1.mcp-headless",
        "MCP_BIND", "0.0.0.0",
        "MCP_CLUSTER_PORT", "25520",
        "MCP_JOIN", "mcp-0.mcp-headless:25520, mcp-1.mcp-headless:25520,mcp-2.mcp-headless:25520",
        "MCP_ALLOWED_HOSTS", "mcp,mcp.default.svc",
        "MCP_TOKEN", "secret",
        "MCP_STDIO", "calculator",
        "PATH", "/usr/bin");
    NodeOptions options = assertInstanceOf(NodeOptions.Valid.class, NodeOptions.parse(environment)).options();
    assertEquals(Optional.empty(), options.stdio(), "a node's mode is asked for on its command line only");
    assertEquals(Optional.of("secret"), options.token());
    assertEquals(List.of("mcp", "mcp.default.svc"), options.allowedHosts());
    Config config = options.config();
    assertEquals("mcp-1.mcp-headless", config.getString("pekko.remote.artery.canonical.hostname"));
    assertEquals(25520, config.getInt("pekko.remote.artery.canonical.port"));
    assertEquals("0.0.0.0", config.getString("pekko.remote.artery.bind.hostname"));
    assertEquals(List.of("pekko://mcp@mcp-0.mcp-headless:25520", "pekko://mcp@mcp-1.mcp-headless:25520",
        "pekko://mcp@mcp-2.mcp-headless:25520"), config.getStringList("pekko.cluster.seed-nodes"));
  }

  @Test
  void theCommandLineWinsOverTheEnvironmentAndABadVariableIsNamed() {
    Map<String, String> environment = Map.of("MCP_CLUSTER_PORT", "25521", "MCP_HTTP_PORT", "9000");
    NodeOptions options = assertInstanceOf(NodeOptions.Valid.class,
        NodeOptions.parse(environment, "--cluster-port", "25522")).options();
    assertEquals(25522, options.clusterPort());
    assertEquals(OptionalInt.of(9000), options.httpPort());
    String problem = assertInstanceOf(NodeOptions.Invalid.class,
        NodeOptions.parse(Map.of("MCP_HTTP_PORT", "http"))).problem();
    assertTrue(problem.startsWith("MCP_HTTP_PORT wants 0-65535"), problem);
  }

  @Test
  void aNodeHasTheRoleOfEachServerItMayHost() {
    assertEquals(List.of("serves-calculator", "serves-notes"), valid().config().getStringList("pekko.cluster.roles"));
    assertEquals(List.of("serves-notes"), valid("--servers", "notes").config().getStringList("pekko.cluster.roles"));
    assertEquals(List.of(), valid("--servers", "none").config().getStringList("pekko.cluster.roles"));
  }

  @Test
  void stdioHasNoHttpEndpointUnlessAskedAndKeepsPekkoOffStdout() {
    NodeOptions options = valid("--stdio", "calculator", "--servers", "none");
    assertEquals(OptionalInt.empty(), options.httpPort());
    assertEquals(List.of(), options.servers());
    assertEquals("OFF", options.config().getString("pekko.stdout-loglevel"));
    assertEquals(OptionalInt.of(9000), valid("--stdio", "calculator", "--http-port", "9000").httpPort());
  }

  @Test
  void oauthOptionsMakeTheEndpointAResourceServerAndComeFromTheEnvironmentToo() {
    Config config = assertInstanceOf(NodeOptions.Valid.class, NodeOptions.parse(Map.of(
            "MCP_OAUTH_RESOURCE", "https://mcp.example.com/mcp",
            "MCP_OAUTH_ISSUER", "https://id.example.com/realms/mcp",
            "MCP_OAUTH_JWKS_URL", "https://id.example.com/realms/mcp/certs"),
        "--oauth-scopes", "mcp:tools,mcp:read")).options().config();
    assertEquals("https://mcp.example.com/mcp", config.getString("mcp.transport.http.oauth.resource"));
    assertEquals("https://id.example.com/realms/mcp", config.getString("mcp.transport.http.oauth.issuer"));
    assertEquals("https://id.example.com/realms/mcp/certs", config.getString("mcp.transport.http.oauth.jwks-url"));
    assertEquals(List.of("mcp:tools", "mcp:read"), config.getStringList("mcp.transport.http.oauth.scopes.default"));
    assertEquals(Optional.empty(), valid().oauth());
  }

  @Test
  void oauthOptionsGoTogetherAndExcludeTheStaticToken() {
    assertTrue(invalid("--oauth-resource", "https://mcp.example.com/mcp", "--oauth-issuer", "https://id.example.com")
        .contains("go together"));
    assertTrue(invalid("--oauth-resource", "https://r", "--oauth-issuer", "https://i", "--oauth-jwks-url", "https://k",
        "--token", "secret").contains("exclude each other"));
  }

  @Test
  void badArgumentsAreRefusedWithTheReason() {
    assertTrue(invalid("--join", "nowhere").contains("HOST:PORT"));
    assertTrue(invalid("--join", "a:1,nowhere").contains("HOST:PORT"));
    assertTrue(invalid("--http-port", "70000").contains("0-65535"));
    assertTrue(invalid("--servers", "calculator,weather").contains("[weather]"));
    assertTrue(invalid("--frobnicate", "1").contains("unknown option"));
    assertTrue(invalid("--token").contains("needs a value"));
    assertInstanceOf(NodeOptions.HelpWanted.class, NodeOptions.parse("--help"));
  }
}
