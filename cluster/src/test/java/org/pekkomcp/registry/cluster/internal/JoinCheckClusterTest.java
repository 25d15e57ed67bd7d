/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.registry.cluster.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.testkit.typed.javadsl.FishingOutcomes;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.eventstream.EventStream;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;
import org.apache.pekko.cluster.typed.JoinSeedNodes;
import org.apache.pekko.event.Logging;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Two nodes in this JVM: the second joins the first through its seed-node process, as a node
 * with {@code pekko.cluster.seed-nodes} does, and is let in only when the settings that must
 * agree are equal.
 */
class JoinCheckClusterTest {

  private static final Duration PATIENCE = Duration.ofSeconds(60);

  private final List<ActorTestKit> kits = new ArrayList<>();

  @AfterEach
  void stop() {
    kits.forEach(ActorTestKit::shutdownTestKit);
  }

  @Test
  void aNodeWithOtherNameKeysIsRefusedAndTheClusterSaysWhy() {
    ActorSystem<Void> first = startFirst();
    TestProbe<Logging.Warning> warnings = TestProbe.create(first);
    first.eventStream().tell(new EventStream.Subscribe<>(Logging.Warning.class, warnings.ref()));

    ActorSystem<Void> second = joining(first, "mcp.registry.cluster.name-keys = 128");

    Logging.Warning refusal = warnings.fishForMessage(PATIENCE, warning -> String.valueOf(warning.message())
        .contains("Found incompatible settings") ? FishingOutcomes.complete() : FishingOutcomes.continueAndIgnore()).get(0);
    String message = String.valueOf(refusal.message());
    assertContains(message, second.address().toString());
    assertContains(message, "mcp.registry.cluster.name-keys is 128 on the other node and 4096 on this one");
    // Refused, the joining node shuts itself down, never having been a member.
    second.getWhenTerminated().toCompletableFuture().orTimeout(PATIENCE.toSeconds(), TimeUnit.SECONDS).join();
    assertEquals(Set.of(first.address()), members(first));
  }

  @Test
  void aNodeWithEqualSettingsJoins() {
    ActorSystem<Void> first = startFirst();
    ActorSystem<Void> second = joining(first, "mcp.registry.cluster.write-consistency = MAJORITY");
    TestProbe<Object> probe = TestProbe.create(first);
    probe.awaitAssert(PATIENCE, Duration.ofMillis(100), () -> {
      assertEquals(Set.of(first.address(), second.address()), upMembers(first));
      assertEquals(Set.of(first.address(), second.address()), upMembers(second));
      return null;
    });
  }

  /** A one-node cluster. */
  private ActorSystem<Void> startFirst() {
    ActorSystem<Void> first = start("");
    Cluster.get(first).manager().tell(Join.create(Cluster.get(first).selfMember().address()));
    TestProbe<Object> probe = TestProbe.create(first);
    probe.awaitAssert(PATIENCE, Duration.ofMillis(100), () -> {
      assertEquals(Set.of(first.address()), upMembers(first));
      return null;
    });
    return first;
  }

  /** A node with {@code overrides} that joins {@code seed} as a node whose seed node it is. */
  private ActorSystem<Void> joining(ActorSystem<Void> seed, String overrides) {
    ActorSystem<Void> node = start(overrides);
    Cluster.get(node).manager().tell(new JoinSeedNodes(List.of(seed.address())));
    return node;
  }

  private ActorSystem<Void> start(String overrides) {
    ActorTestKit kit = ActorTestKit.create("join-check", config(overrides));
    kits.add(kit);
    return kit.system();
  }

  private static Config config(String overrides) {
    return ConfigFactory.parseString(overrides).withFallback(ConfigFactory.parseString("""
            mcp.registry.backend = cluster
            mcp.registry.cluster.self-join = off
            pekko.actor.provider = cluster
            pekko.remote.artery.canonical { hostname = "127.0.0.1", port = 0 }
            pekko.cluster.jmx.multi-mbeans-in-same-jvm = on
            pekko { loglevel = WARNING, stdout-loglevel = OFF, loggers = ["org.apache.pekko.event.slf4j.Slf4jLogger"] }
            pekko.actor.testkit.typed.throw-on-shutdown-timeout = off
            """))
        .withFallback(ConfigFactory.load());
  }

  private static Set<Address> members(ActorSystem<?> system) {
    return StreamSupport.stream(Cluster.get(system).state().getMembers().spliterator(), false)
        .map(m -> m.address()).collect(Collectors.toSet());
  }

  private static Set<Address> upMembers(ActorSystem<?> system) {
    return StreamSupport.stream(Cluster.get(system).state().getMembers().spliterator(), false)
        .filter(m -> m.status() == MemberStatus.up())
        .map(m -> m.address()).collect(Collectors.toSet());
  }

  private static void assertContains(String text, String part) {
    if (!text.contains(part)) {
      throw new AssertionError("expected \"" + part + "\" in: " + text);
    }
  }
}
