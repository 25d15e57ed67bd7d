/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.registry.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.pekkomcp.registry.cluster.TestActors.await;

import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.apache.pekko.actor.typed.receptionist.ServiceKey;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;
import org.junit.jupiter.api.Test;
import org.pekkomcp.registry.Groups;
import org.pekkomcp.registry.Kind;
import org.pekkomcp.registry.McpRegistry;
import org.pekkomcp.registry.Outcome;
import org.pekkomcp.registry.Registration;

/** A node with no cluster set-up at all is a working one-node cluster; a wrong provider is a clear error. */
class SingleNodeTest {

  @Test
  void withoutSeedNodesTheNodeJoinsItselfAndRegisters() {
    ActorTestKit kit = singleNode("single", "");
    try {
      McpRegistry registry = McpRegistry.get(kit.system());
      assertTrue(registry.isDistributed());
      TestProbe<Object> probe = kit.createTestProbe();
      probe.awaitAssert(Duration.ofSeconds(30), () -> {
        assertEquals(MemberStatus.up(), Cluster.get(kit.system()).selfMember().status());
        return null;
      });
      ActorRef<Object> server = kit.spawn(Behaviors.empty(), "lonely");
      assertInstanceOf(Outcome.Registered.class, await(registry.register(Kind.SERVER, "lonely", server)));
      assertEquals(server, registry.whereis(Kind.SERVER, "lonely").orElseThrow().ref());
    } finally {
      kit.shutdownTestKit();
    }
  }

  @Test
  void theReceptionistMirrorStopsAtItsLimitWhileTheRegistryKeepsEveryMember() {
    ActorTestKit kit = singleNode("mirror-limit", "mcp.registry.cluster.receptionist-mirror-limit = 2");
    try {
      McpRegistry registry = McpRegistry.get(kit.system());
      for (int i = 0; i < 3; i++) {
        ActorRef<Object> server = kit.spawn(Behaviors.empty(), "server-" + i);
        assertInstanceOf(Outcome.Registered.class, await(registry.register(Kind.SERVER, "server-" + i, server)));
      }
      assertEquals(3, registry.members(Groups.SERVERS).size());
      TestProbe<Receptionist.Listing> probe = kit.createTestProbe();
      ServiceKey<Object> key = ClusterBackend.serviceKey(Groups.SERVERS);
      probe.awaitAssert(Duration.ofSeconds(10), Duration.ofMillis(50), () -> {
        kit.system().receptionist().tell(Receptionist.find(key, probe.getRef()));
        assertEquals(2, probe.receiveMessage(Duration.ofSeconds(5)).getServiceInstances(key).size());
        return null;
      });
      // Stays at the limit, rather than passing through 2 on its way to 3.
      long until = System.nanoTime() + Duration.ofSeconds(1).toNanos();
      Set<ActorRef<Object>> mirrored = Set.of();
      while (System.nanoTime() < until) {
        kit.system().receptionist().tell(Receptionist.find(key, probe.getRef()));
        mirrored = probe.receiveMessage(Duration.ofSeconds(5)).getServiceInstances(key);
        assertEquals(2, mirrored.size());
      }
      // A place freed by one leaving goes to the next newcomer, not to a member already past the limit.
      ActorRef<Object> leaving = mirrored.iterator().next();
      Registration gone = registry.list(Kind.SERVER).stream().filter(r -> r.ref().equals(leaving)).findFirst().orElseThrow();
      assertInstanceOf(Outcome.Unregistered.class, await(registry.unregister(Kind.SERVER, gone.name())));
      ActorRef<Object> newcomer = kit.spawn(Behaviors.empty(), "server-3");
      assertInstanceOf(Outcome.Registered.class, await(registry.register(Kind.SERVER, "server-3", newcomer)));
      Set<ActorRef<Object>> stayed = new HashSet<>(mirrored);
      stayed.remove(leaving);
      stayed.add(newcomer);
      probe.awaitAssert(Duration.ofSeconds(10), Duration.ofMillis(50), () -> {
        kit.system().receptionist().tell(Receptionist.find(key, probe.getRef()));
        assertEquals(stayed, probe.receiveMessage(Duration.ofSeconds(5)).getServiceInstances(key));
        return null;
      });
    } finally {
      kit.shutdownTestKit();
    }
  }

  @Test
  void theClusterBackendOnALocalProviderSaysWhatToSet() {
    IllegalStateException failure = assertThrows(IllegalStateException.class, () -> {
      ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "wrong-provider",
          ConfigFactory.parseString("mcp.registry.backend = cluster").withFallback(ConfigFactory.load()));
      try {
        McpRegistry.get(system);
      } finally {
        system.terminate();
      }
    });
    assertTrue(rootMessage(failure).contains("pekko.actor.provider = cluster"), rootMessage(failure));
  }

  private static ActorTestKit singleNode(String name, String extraConfig) {
    return ActorTestKit.create(name, ConfigFactory.parseString(extraConfig + """

        pekko.actor.provider = cluster
        pekko.remote.artery.canonical.hostname = "127.0.0.1"
        pekko.remote.artery.canonical.port = 0
        pekko.cluster.jmx.multi-mbeans-in-same-jvm = on
        mcp.registry.backend = cluster
        """).withFallback(ConfigFactory.load()));
  }

  private static String rootMessage(Throwable failure) {
    Throwable t = failure;
    StringBuilder messages = new StringBuilder();
    while (t != null) {
      messages.append(t.getMessage()).append(" / ");
      t = t.getCause();
    }
    return messages.toString();
  }
}
