package org.pekkomcp.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import java.util.List;
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
    assertEquals(new NodeOptions(Optional.empty(), "127.0.0.1", 25520, OptionalInt.of(8080),
        List.of("calculator", "notes"), Optional.empty(), Optional.empty()), options);
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
  void badArgumentsAreRefusedWithTheReason() {
    assertTrue(invalid("--join", "nowhere").contains("HOST:PORT"));
    assertTrue(invalid("--http-port", "70000").contains("0-65535"));
    assertTrue(invalid("--servers", "calculator,weather").contains("[weather]"));
    assertTrue(invalid("--frobnicate", "1").contains("unknown option"));
    assertTrue(invalid("--token").contains("needs a value"));
    assertInstanceOf(NodeOptions.HelpWanted.class, NodeOptions.parse("--help"));
  }
}
