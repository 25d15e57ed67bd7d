/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.registry.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.pekkomcp.registry.cluster.TestActors.await;
import static org.pekkomcp.registry.cluster.TestActors.id;
import static org.pekkomcp.registry.cluster.TestActors.ids;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.pekkomcp.registry.EntryConfig;
import org.pekkomcp.registry.Groups;
import org.pekkomcp.registry.Kind;
import org.pekkomcp.registry.Outcome;
import org.pekkomcp.registry.Registration;

/** What one node does, the others see: names, configs, groups, cleanup, authority, races. */
class CrossNodeTest {

  private static final Duration BOUND = Duration.ofSeconds(20);

  @RegisterExtension
  static final ClusterNodes nodes = ClusterNodes.of("cross", 3, "");

  @Test
  void registerOnNode1IsFoundOnNode3WithItsConfig() {
    ActorRef<Object> server = TestActors.spawn(nodes.system(0), "found-server");
    EntryConfig config = EntryConfig.parse("{\"capabilities\":{\"tools\":{}},\"region\":\"eu\"}");
    assertInstanceOf(Outcome.Registered.class, await(nodes.backend(0).register(Kind.SERVER, "found", server, config)));
    eventually(() -> {
      Registration seen = nodes.backend(2).whereis(Kind.SERVER, "found").orElseThrow();
      assertEquals(id(server), id(seen.ref()));
      assertEquals(config, seen.config());
      assertEquals(nodes.system(0).address(), seen.node());
    });
  }

  @Test
  void anActorStoppedOnNode1IsGoneFromNode3NamesAndGroups() {
    ActorRef<Object> server = TestActors.spawn(nodes.system(0), "mortal-server");
    await(nodes.backend(0).register(Kind.SERVER, "mortal", server, EntryConfig.withCapabilities("tools")));
    await(nodes.backend(0).join("mortal-group", server));
    eventually(() -> {
      assertTrue(nodes.backend(2).whereis(Kind.SERVER, "mortal").isPresent());
      assertTrue(ids(nodes.backend(2).members("mortal-group")).contains(id(server)));
      assertTrue(ids(nodes.backend(2).members(Groups.TOOLS)).contains(id(server)));
    });

    server.tell(TestActors.STOP);

    eventually(() -> {
      assertTrue(nodes.backend(2).whereis(Kind.SERVER, "mortal").isEmpty());
      assertFalse(nodes.backend(2).groups().contains("mortal-group"));
      assertFalse(ids(nodes.backend(2).members(Groups.TOOLS)).contains(id(server)));
      assertFalse(ids(nodes.backend(2).members(Groups.SERVERS)).contains(id(server)));
    });
  }

  @Test
  void anUpdateOnNode1IsSeenOnNode3() {
    ActorRef<Object> server = TestActors.spawn(nodes.system(0), "updated-server");
    await(nodes.backend(0).register(Kind.SERVER, "updated", server, EntryConfig.withCapabilities("tools")));
    eventually(() -> assertTrue(ids(nodes.backend(2).members(Groups.TOOLS)).contains(id(server))));
    EntryConfig next = EntryConfig.withCapabilities("prompts");
    assertInstanceOf(Outcome.Updated.class, await(nodes.backend(0).update(Kind.SERVER, "updated", next)));
    eventually(() -> {
      assertEquals(next, nodes.backend(2).whereis(Kind.SERVER, "updated").orElseThrow().config());
      assertTrue(ids(nodes.backend(2).members(Groups.PROMPTS)).contains(id(server)));
      assertFalse(ids(nodes.backend(2).members(Groups.TOOLS)).contains(id(server)));
    });
  }

  @Test
  void onlyTheOwnerNodeMayUnregisterOrUpdate() {
    ActorRef<Object> server = TestActors.spawn(nodes.system(0), "owned-server");
    await(nodes.backend(0).register(Kind.SERVER, "owned", server, EntryConfig.parse("{\"v\":1}")));
    eventually(() -> assertTrue(nodes.backend(1).whereis(Kind.SERVER, "owned").isPresent()));

    Outcome.NotOwner notOwner = assertInstanceOf(Outcome.NotOwner.class, await(nodes.backend(1).unregister(Kind.SERVER, "owned")));
    assertEquals(nodes.system(0).address(), notOwner.existing().node());
    assertInstanceOf(Outcome.NotOwner.class, await(nodes.backend(1).update(Kind.SERVER, "owned", EntryConfig.parse("{\"v\":2}"))));

    assertInstanceOf(Outcome.Unregistered.class, await(nodes.backend(0).unregister(Kind.SERVER, "owned")));
    eventually(() -> {
      for (int node = 0; node < nodes.size(); node++) {
        assertTrue(nodes.backend(node).whereis(Kind.SERVER, "owned").isEmpty());
      }
    });
  }

  @Test
  void twoNodesRacingForAHundredNamesLeaveOneOwnerPerNameEverywhere() {
    int names = 100;
    Map<String, List<Outcome.RegisterOutcome>> outcomes = new HashMap<>();
    List<java.util.concurrent.CompletableFuture<Void>> all = new ArrayList<>();
    for (int i = 0; i < names; i++) {
      String name = "race-" + i;
      List<Outcome.RegisterOutcome> results = java.util.Collections.synchronizedList(new ArrayList<>());
      outcomes.put(name, results);
      for (int node = 0; node < 2; node++) {
        ActorRef<Object> contender = TestActors.spawn(nodes.system(node), name + "-on-" + node);
        all.add(nodes.backend(node).register(Kind.TRANSPORT, name, contender).thenAccept(results::add).toCompletableFuture());
      }
    }
    all.forEach(TestActors::await);

    eventually(() -> {
      for (int i = 0; i < names; i++) {
        String name = "race-" + i;
        String winner = id(nodes.backend(0).whereis(Kind.TRANSPORT, name).orElseThrow().ref());
        for (int node = 1; node < nodes.size(); node++) {
          assertEquals(winner, id(nodes.backend(node).whereis(Kind.TRANSPORT, name).orElseThrow().ref()), name + " on node " + node);
        }
      }
    });
    for (int i = 0; i < names; i++) {
      String name = "race-" + i;
      String winner = id(nodes.backend(0).whereis(Kind.TRANSPORT, name).orElseThrow().ref());
      int registered = 0;
      for (Outcome.RegisterOutcome outcome : outcomes.get(name)) {
        if (outcome instanceof Outcome.Registered r) {
          registered++;
          assertEquals(winner, id(r.registration().ref()), name + ": a Registered answer was for the final winner");
        } else {
          Outcome.AlreadyRegistered taken = assertInstanceOf(Outcome.AlreadyRegistered.class, outcome, name);
          assertEquals(winner, id(taken.existing().ref()), name + ": AlreadyRegistered names the winner");
        }
      }
      assertEquals(1, registered, name + ": exactly one contender was told Registered: " + outcomes.get(name));
    }
  }

  @Test
  void standardGroupsAreMirroredIntoTheReceptionist() {
    ActorRef<Object> server = TestActors.spawn(nodes.system(0), "mirrored-server");
    await(nodes.backend(0).register(Kind.SERVER, "mirrored", server, EntryConfig.withCapabilities("resources")));
    TestProbe<Receptionist.Listing> probe = TestProbe.create(nodes.system(2));
    eventually(() -> {
      nodes.system(2).receptionist().tell(Receptionist.find(ClusterBackend.serviceKey(Groups.RESOURCES), probe.getRef()));
      Receptionist.Listing listing = probe.receiveMessage(Duration.ofSeconds(5));
      assertTrue(ids(new java.util.HashSet<>(listing.getServiceInstances(ClusterBackend.serviceKey(Groups.RESOURCES)))).contains(id(server)));
    });
    await(nodes.backend(0).unregister(Kind.SERVER, "mirrored"));
    eventually(() -> {
      nodes.system(2).receptionist().tell(Receptionist.find(ClusterBackend.serviceKey(Groups.RESOURCES), probe.getRef()));
      Receptionist.Listing listing = probe.receiveMessage(Duration.ofSeconds(5));
      assertFalse(ids(new java.util.HashSet<>(listing.getServiceInstances(ClusterBackend.serviceKey(Groups.RESOURCES)))).contains(id(server)));
    });
  }

  private static void eventually(Runnable check) {
    TestProbe<Object> probe = TestProbe.create(nodes.system(0));
    probe.awaitAssert(BOUND, Duration.ofMillis(50), () -> {
      check.run();
      return null;
    });
  }
}
