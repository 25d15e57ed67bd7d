package org.pekkomcp.registry.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.pekkomcp.registry.cluster.TestActors.await;

import com.typesafe.config.ConfigFactory;
import java.time.Duration;
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
      while (System.nanoTime() < until) {
        kit.system().receptionist().tell(Receptionist.find(key, probe.getRef()));
        assertEquals(2, probe.receiveMessage(Duration.ofSeconds(5)).getServiceInstances(key).size());
      }
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
