/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.registry.cluster.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.pekkomcp.registry.cluster.TestActors.await;
import static org.pekkomcp.registry.cluster.TestActors.id;
import static org.pekkomcp.registry.cluster.TestActors.ids;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.StreamSupport;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorRefResolver;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.cluster.UniqueAddress;
import org.apache.pekko.cluster.ddata.SelfUniqueAddress;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;
import org.junit.jupiter.api.Test;
import org.pekkomcp.registry.EntryConfig;
import org.pekkomcp.registry.Kind;
import org.pekkomcp.registry.Outcome;
import org.pekkomcp.registry.cluster.Claim;
import org.pekkomcp.registry.cluster.ClusterBackend;
import org.pekkomcp.registry.cluster.ClusterNodes;
import org.pekkomcp.registry.cluster.ClusterRegistrySettings;
import org.pekkomcp.registry.cluster.TestActors;

/**
 * The owner-authority anti-entropy ({@link OwnerSync}): a replica that missed an owner's removal,
 * or learned entries it should not hold from the CRDT, converges on what the owner holds.
 */
class OwnerSyncTest {

  private static final Duration BOUND = Duration.ofSeconds(45);

  /**
   * What {@code catchingUpWith} is made of: caught up with an owner whose snapshot, asked for since it was last out of
   * sight, was applied, until a gap in its pushes or its unreachability; an unsolicited snapshot
   * repairs but does not vouch.
   */
  @Test
  void caughtUpWithAnOwnerFromAVouchingSnapshotUntilAGapOrUnreachability() {
    OwnerSync sync = new OwnerSync(Duration.ofSeconds(1));
    UniqueAddress owner = new UniqueAddress(new org.apache.pekko.actor.Address("pekko", "mcp", "10.0.0.2", 25520), 2);
    assertFalse(sync.caughtUpWith(owner), "nothing applied yet");
    sync.reconnected(owner);
    sync.begin(owner, 5, sync.ticket());
    assertFalse(sync.caughtUpWith(owner), "a snapshot counts once it ends");
    long changes = sync.syncChanges();
    sync.end(owner);
    assertTrue(sync.caughtUpWith(owner));
    assertTrue(sync.syncChanges() != changes, "the change is visible to the publisher");
    assertTrue(sync.inSequence(owner, 6));
    assertTrue(sync.caughtUpWith(owner), "the next push in sequence");

    assertFalse(sync.inSequence(owner, 8), "push 7 was missed");
    assertFalse(sync.caughtUpWith(owner));
    sync.begin(owner, 9, sync.ticket());
    sync.end(owner);
    assertTrue(sync.caughtUpWith(owner), "repaired by its snapshot");

    sync.unsynced(owner);
    assertFalse(sync.caughtUpWith(owner), "seen unreachable");
    sync.begin(owner, 10, 0);
    sync.end(owner);
    assertFalse(sync.caughtUpWith(owner), "an unsolicited snapshot does not vouch");
  }

  /**
   * Node 3 is cut off, node 1 removes a name and a membership while the cut lasts, the cut heals.
   * The CRDT is never read here (crdt-read-interval = 1h): only the owner's snapshot and digests
   * can tell node 3 that the entries are gone.
   */
  @Test
  void removalsMissedDuringAPartitionReachTheCutNodeAfterHealing() throws Exception {
    try (ClusterNodes nodes = ClusterNodes.start("ownersync-partition", 3, """
        pekko.cluster.downing-provider-class = ""
        pekko.cluster.failure-detector.acceptable-heartbeat-pause = 3s
        mcp.registry.cluster.crdt-read-interval = 1h
        mcp.registry.cluster.register-timeout = 30s
        mcp.registry.cluster.pending-timeout = 45s
        """)) {
      ActorRef<Object> server = TestActors.spawn(nodes.system(0), "cut-server");
      assertInstanceOf(Outcome.Registered.class, await(nodes.backend(0).register(Kind.SERVER, "cut-name", server)));
      await(nodes.backend(0).join("cut-group", server));
      eventually(nodes, () -> {
        assertTrue(nodes.backend(2).whereis(Kind.SERVER, "cut-name").isPresent());
        assertTrue(ids(nodes.backend(2).members("cut-group")).contains(id(server)));
      });

      nodes.isolate(2, true);
      assertInstanceOf(Outcome.Unregistered.class, await(nodes.backend(0).unregister(Kind.SERVER, "cut-name")));
      await(nodes.backend(0).leave("cut-group", server));
      nodes.awaitUnreachable(0, 1);
      nodes.awaitUnreachable(2, 2);
      assertTrue(nodes.backend(2).whereis(Kind.SERVER, "cut-name").isEmpty(), "hidden while its owner is unreachable");
      // One node of three is no majority of the members: its claim waits for the heal.
      CompletableFuture<Outcome.RegisterOutcome> minority = nodes.backend(2)
          .register(Kind.SERVER, "minority-name", TestActors.spawn(nodes.system(2), "minority-server")).toCompletableFuture();
      TestProbe.create(nodes.system(2)).expectNoMessage(Duration.ofSeconds(1));
      assertFalse(minority.isDone(), "a node cut off from the majority committed a claim: " + minority.getNow(null));

      nodes.isolate(2, false);
      nodes.awaitUp(3);
      assertInstanceOf(Outcome.Registered.class, minority.get(30, TimeUnit.SECONDS), "the waiting claim commits after the heal");
      eventually(nodes, () -> {
        assertEquals(java.util.Set.of(), nodes.backend(2).catchingUpWith(), "caught up again after the heal");
        for (int node = 0; node < 3; node++) {
          assertTrue(nodes.backend(node).whereis(Kind.SERVER, "cut-name").isEmpty(), "gone on node " + node);
          assertFalse(ids(nodes.backend(node).members("cut-group")).contains(id(server)), "left on node " + node);
        }
      });
      ActorRef<Object> next = TestActors.spawn(nodes.system(2), "next-server");
      assertInstanceOf(Outcome.Registered.class, await(nodes.backend(2).register(Kind.SERVER, "cut-name", next)),
          "no replica still holds the removed claim");
      eventually(nodes, () -> {
        for (int node = 0; node < 3; node++) {
          assertEquals(id(next), id(nodes.backend(node).whereis(Kind.SERVER, "cut-name").orElseThrow().ref()), "node " + node);
        }
      });
    }
  }

  /**
   * A node leaves; a newcomer then finds in its CRDT replica a claim of the departed node and a
   * stale claim of a live node (one that node no longer holds). The departed node's claim is never
   * shown. The stale one may show until the newcomer has the live owner's snapshot (the CRDT
   * fills in only for owners it is not in sync with yet); neither blocks a registration of its
   * name, and in the end every node shows the new owners.
   */
  @Test
  void aNewcomerNeverShowsClaimsOfDepartedNodesAndDropsStaleClaimsOfLiveOnes() {
    try (ClusterNodes nodes = ClusterNodes.start("ownersync-newcomer", 3, "")) {
      UniqueAddress departed = Cluster.get(nodes.system(2)).selfMember().uniqueAddress();
      ActorRef<Object> departedServer = TestActors.spawn(nodes.system(2), "departed-server");
      assertInstanceOf(Outcome.Registered.class, await(nodes.backend(2).register(Kind.SERVER, "departed-name", departedServer)));
      String departedPath = ActorRefResolver.get(nodes.system(2)).toSerializationFormat(departedServer);
      nodes.kit(2).shutdownTestKit();
      nodes.awaitVoters(0, 2);
      // Removed, not only gone from sight (the crash watch hides its names as soon as its process
      // stops): a newcomer that joined while it was still Exiting would see it as a member.
      eventually(nodes, () -> assertTrue(StreamSupport.stream(Cluster.get(nodes.system(0)).state().getMembers().spliterator(), false)
          .noneMatch(member -> member.uniqueAddress().equals(departed)), "node 2 is removed"));
      eventually(nodes, () -> assertTrue(nodes.backend(0).whereis(Kind.SERVER, "departed-name").isEmpty()));

      ActorTestKit newcomer = ActorTestKit.create("ownersync-newcomer", ClusterNodes.config(""));
      try {
        Cluster.get(newcomer.system()).manager().tell(Join.create(Cluster.get(nodes.system(0)).selfMember().address()));
        ClusterBackend newBackend = (ClusterBackend) org.pekkomcp.registry.McpRegistry.get(newcomer.system()).backend();
        TestProbe<Object> probe = TestProbe.create(newcomer.system());
        probe.awaitAssert(ClusterNodes.FORMATION, Duration.ofMillis(100), () -> {
          assertEquals(3, newBackend.voters());
          return null;
        });

        UniqueAddress live = Cluster.get(nodes.system(0)).selfMember().uniqueAddress();
        ActorRef<Object> stopped = TestActors.spawn(nodes.system(0), "stopped-server");
        // Refs as the newcomer would read them from the wire.
        ActorRefResolver newRefs = ActorRefResolver.get(newcomer.system());
        ActorRef<Object> departedHere = newRefs.resolveActorRef(departedPath);
        ActorRef<Object> stoppedHere = newRefs.resolveActorRef(ActorRefResolver.get(nodes.system(0)).toSerializationFormat(stopped));
        Claim ghost = new Claim(Kind.SERVER, "ghost", departedHere, departed, EntryConfig.empty(), 1L, 1_000_000L, 0);
        Claim stale = new Claim(Kind.SERVER, "stale", stoppedHere, live, EntryConfig.empty(), 1L, 1_000_001L, 0);
        writeToLocalCrdt(newcomer, ghost, stale);

        // Several CRDT reads (one per second) later the departed node's claim has never been shown.
        long until = System.nanoTime() + Duration.ofSeconds(3).toNanos();
        while (System.nanoTime() < until) {
          assertTrue(newBackend.whereis(Kind.SERVER, "ghost").isEmpty(), "a departed node's claim is never shown");
          assertTrue(nodes.backend(0).whereis(Kind.SERVER, "ghost").isEmpty());
          assertTrue(nodes.backend(1).whereis(Kind.SERVER, "ghost").isEmpty());
          probe.expectNoMessage(Duration.ofMillis(50));
        }
        assertInstanceOf(Outcome.Registered.class, await(newBackend.register(Kind.SERVER, "ghost", TestActors.spawn(newcomer.system(), "ghost-server"))),
            "a departed node's claim holds no name");
        ActorRef<Object> fresh = TestActors.spawn(nodes.system(0), "fresh-server");
        assertInstanceOf(Outcome.Registered.class, await(nodes.backend(0).register(Kind.SERVER, "stale", fresh)),
            "a stale copy holds no name");
        probe.awaitAssert(BOUND, Duration.ofMillis(50), () -> {
          for (ClusterBackend backend : new ClusterBackend[] {nodes.backend(0), nodes.backend(1), newBackend}) {
            assertEquals(id(fresh), id(backend.whereis(Kind.SERVER, "stale").orElseThrow().ref()));
            assertEquals("ghost-server", backend.whereis(Kind.SERVER, "ghost").orElseThrow().ref().path().name());
            assertTrue(backend.whereis(Kind.SERVER, "departed-name").isEmpty());
          }
          return null;
        });
      } finally {
        newcomer.shutdownTestKit();
      }
    }
  }

  /**
   * Artery drops messages when its outbound queue is full, silently. Node 2 is handed an entry
   * of node 1 that node 1 does not hold (as if node 1's removal of it had been dropped), then a
   * batch of node 1's stream that skips numbers (as if batches had been dropped). Digests and
   * CRDT reads are off (1h), so only the gap in the numbers can make node 2 ask node 1 for its
   * snapshot, which drops the entry.
   */
  @Test
  void aGapInAnOwnersStreamMakesThePeerFetchTheOwnersSnapshot() {
    try (ClusterNodes nodes = ClusterNodes.start("ownersync-gap", 2, """
        mcp.registry.cluster.digest-interval = 1h
        mcp.registry.cluster.crdt-read-interval = 1h
        """)) {
      UniqueAddress owner = Cluster.get(nodes.system(0)).selfMember().uniqueAddress();
      ActorRef<Object> server = TestActors.spawn(nodes.system(0), "gap-server");
      Claim lost = new Claim(Kind.SERVER, "lost-removal", server, owner, EntryConfig.empty(), 1L, 1_000_000L, 0);
      ActorRef<ClusterProtocol.Command> peer = ActorRefResolver.get(nodes.system(0)).resolveActorRef(
          Cluster.get(nodes.system(1)).selfMember().address() + "/system/" + ClusterRegistry.ACTOR_NAME);

      peer.tell(new ClusterProtocol.Batch(owner, 0, java.util.List.of(new ClusterProtocol.Commit(lost))));
      eventually(nodes, () -> assertTrue(nodes.backend(1).whereis(Kind.SERVER, "lost-removal").isPresent()));
      assertTrue(nodes.backend(0).whereis(Kind.SERVER, "lost-removal").isEmpty(), "the owner does not hold it");

      peer.tell(new ClusterProtocol.Batch(owner, Long.MAX_VALUE / 2, java.util.List.of()));
      eventually(nodes, () -> assertTrue(nodes.backend(1).whereis(Kind.SERVER, "lost-removal").isEmpty(),
          "the owner's snapshot replaced the peer's copy"));
      assertInstanceOf(Outcome.Registered.class, await(nodes.backend(1).register(Kind.SERVER, "lost-removal", TestActors.spawn(nodes.system(1), "next"))),
          "the stream goes on after the repair");
      eventually(nodes, () -> assertTrue(nodes.backend(0).whereis(Kind.SERVER, "lost-removal").isPresent()));
    }
  }

  /** Writes claims into one node's local replica of the name shards, as a lagging gossip would. */
  private static void writeToLocalCrdt(ActorTestKit kit, Claim... claims) {
    ClusterRegistrySettings settings = ClusterRegistrySettings.from(kit.system().settings().config());
    CrdtShards<Claim> shards = new CrdtShards<>("mcp-names", settings.nameKeys(),
        ClusterRegistrySerializer.of(Adapter.toClassic(kit.system())).claimCodec());
    for (Claim claim : claims) {
      shards.add(claim);
    }
    ClusterBackend backend = (ClusterBackend) org.pekkomcp.registry.McpRegistry.get(kit.system()).backend();
    shards.flush(backend.replicator(), org.apache.pekko.actor.ActorRef.noSender(),
        new SelfUniqueAddress(Cluster.get(kit.system()).selfMember().uniqueAddress()));
  }

  private static void eventually(ClusterNodes nodes, Runnable check) {
    TestProbe<Object> probe = TestProbe.create(nodes.system(0));
    probe.awaitAssert(BOUND, Duration.ofMillis(50), () -> {
      check.run();
      return null;
    });
  }
}
