/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.util.function.Consumer;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.junit.jupiter.api.Test;
import org.pekkomcp.registry.local.LocalBackend;

/** The extension: how a backend is chosen, and what a user sees when the choice is wrong. */
class McpRegistryTest {

  @Test
  void theLocalBackendIsTheDefaultAndStartsWithTheSystem() {
    withSystem(ConfigFactory.empty(), system -> {
      // Listed in pekko.actor.typed.extensions: the registry actor exists before anyone asks.
      TestProbe<Object> probe = TestProbe.create(system);
      probe.awaitAssert(() -> {
        assertTrue(system.printTree().contains(LocalBackend.ACTOR_NAME));
        return null;
      });
      McpRegistry registry = McpRegistry.get(system);
      assertSame(registry, McpRegistry.get(system));
      assertEquals("local", registry.settings().backend());
      assertEquals(64 * 1024, registry.settings().maxConfigBytes());
      assertTrue(registry.backend() instanceof LocalBackend);
    });
  }

  @Test
  void theClusterBackendWithoutItsModuleFailsWithAClearMessage() {
    withSystem(lazily("mcp.registry.backend = cluster"), system -> {
      IllegalStateException error = assertThrows(IllegalStateException.class, () -> McpRegistry.get(system));
      assertTrue(error.getMessage().contains("pekko-mcp-cluster"), error.getMessage());
    });
  }

  @Test
  void anUnknownBackendNamesTheKnownOnes() {
    withSystem(lazily("mcp.registry.backend = zookeeper"), system -> {
      IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> McpRegistry.get(system));
      assertTrue(error.getMessage().contains("zookeeper") && error.getMessage().contains("local"), error.getMessage());
    });
  }

  @Test
  void theConfigLimitIsConfigurable() {
    withSystem(ConfigFactory.parseString("mcp.registry.max-config-bytes = 16"), system -> {
      McpRegistry registry = McpRegistry.get(system);
      var ref = system.systemActorOf(Behaviors.empty(), "limited", org.apache.pekko.actor.typed.Props.empty());
      var outcome = registry.register(Kind.SERVER, "s", ref, EntryConfig.parse("{\"a\":\"0123456789abcdef\"}"))
          .toCompletableFuture().join();
      assertTrue(outcome instanceof Outcome.Rejected r && r.reason().contains("16"), outcome.toString());
    });
  }

  /** A system with no eagerly loaded extensions, so a bad backend setting fails in the test's own call. */
  private static Config lazily(String overrides) {
    return ConfigFactory.parseString(overrides + "\npekko.actor.typed.extensions = []");
  }

  private static void withSystem(Config overrides, Consumer<ActorSystem<?>> body) {
    ActorTestKit testKit = ActorTestKit.create(overrides.withFallback(ConfigFactory.load("application-test")));
    try {
      body.accept(testKit.system());
    } finally {
      testKit.shutdownTestKit();
    }
  }
}
