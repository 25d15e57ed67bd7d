/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.registry.cluster.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.UniqueAddress;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.pekkomcp.registry.EntryConfig;
import org.pekkomcp.registry.Kind;
import org.pekkomcp.registry.Registration;
import org.pekkomcp.registry.RegistryEvent;
import org.pekkomcp.registry.RegistryEvent.RemovalReason;
import org.pekkomcp.registry.cluster.Claim;
import org.pekkomcp.registry.cluster.ClusterRegistrySettings;
import org.pekkomcp.registry.cluster.TestActors;
import org.pekkomcp.registry.spi.RegistryView;

/**
 * The replica's rules, without the actor: which copy of an entry is applied, what a tombstone
 * blocks, how a conflict is settled, who may be shown, and that each owner's digest follows what
 * the replica holds.
 */
class RegistryReplicaTest {

  private static ActorTestKit kit;
  private static ActorRef<Object> ref;
  private static ActorRef<Object> other;

  private final UniqueAddress self = node(1);
  private final UniqueAddress peer = node(2);
  private final ClusterRegistrySettings settings = ClusterRegistrySettings.from(ConfigFactory.load());
  private final Members members = new Members(self, settings.writeConsistency());
  private final OwnerSync sync = new OwnerSync(settings.digestInterval());
  private final RegistryView view = new RegistryView();
  private final List<RegistryEvent> events = new ArrayList<>();
  private final List<Registration> registered = new ArrayList<>();
  private final List<String> effects = new ArrayList<>();
  private RegistryReplica replica;

  @BeforeAll
  static void start() {
    kit = ActorTestKit.create("registry-replica");
    ref = TestActors.spawn(kit.system(), "claimant");
    other = TestActors.spawn(kit.system(), "other");
  }

  @AfterAll
  static void stop() {
    kit.shutdownTestKit();
  }

  @BeforeEach
  void replica() {
    replica = new RegistryReplica(self, settings, members, sync, view, new RegistryReplica.Effects() {
      @Override
      public void ownClaimRemoved(Claim claim, RemovalReason reason) {
        effects.add("removed " + claim.id() + " " + reason);
      }

      @Override
      public void ownMembershipRemoved(Membership membership) {
        effects.add("left " + membership.group());
      }

      @Override
      public void lost(Claim loser, Claim winner) {
        effects.add("lost " + loser.id() + " to " + winner.id());
      }
    }, events::add, registered::add, new ViewWriter.Mirror() {
      @Override
      public void added(String group, Claim claim, boolean joined) {}

      @Override
      public void removed(String group, Claim claim) {}
    });
    members.statusChanged(peer, MemberStatus.up());
    synced(peer);
  }

  private static UniqueAddress node(int n) {
    return new UniqueAddress(new Address("pekko", "mcp", "10.0.0." + n, 25520), n);
  }

  private static Claim claim(UniqueAddress owner, String name, long time, long id) {
    return new Claim(Kind.SERVER, name, ref, owner, EntryConfig.empty(), time, id, 0);
  }

  /** The owner's snapshot, answering a request, has been applied: its entries may be shown. */
  private void synced(UniqueAddress owner) {
    sync.begin(owner, 0, sync.ticket());
    sync.end(owner);
  }

  /** The events about names, in order: the standard groups' Joined and Left left out. */
  private List<RegistryEvent> nameEvents() {
    return events.stream().filter(e -> !(e instanceof RegistryEvent.Joined) && !(e instanceof RegistryEvent.Left)).toList();
  }

  private Optional<Registration> shown(String name) {
    return view.whereis(Kind.SERVER, name);
  }

  @Test
  void aPeersClaimIsShownOnceAndOnlyANewerVersionReplacesIt() {
    Claim claim = claim(peer, "calc", 1_000, 7);
    replica.applyCommitted(claim);
    replica.applyCommitted(claim);
    assertEquals(List.of(new RegistryEvent.Registered(claim.registration())), nameEvents());
    assertEquals(List.of(claim.registration()), registered, "an awaiting caller is told");
    Claim updated = claim.withConfig(EntryConfig.withCapabilities("tools"));
    replica.applyCommitted(updated);
    replica.applyCommitted(claim);
    assertEquals(new RegistryEvent.Updated(claim.registration(), updated.registration()), nameEvents().get(1));
    assertEquals(2, nameEvents().size(), "the older version came late and was ignored");
    assertEquals(Optional.of(updated.registration()), shown("calc"));
    assertEquals(new OwnerSync.Digest(1, OwnerSync.entryHash(claim.entryId(), 1)), sync.digestOf(peer),
        "the digest holds the version the replica holds");
  }

  @Test
  void aRemovedEntryIsTombstonedUntilItsOwnerListsItAgain() {
    Claim claim = claim(peer, "calc", 1_000, 7);
    replica.applyCommitted(claim);
    replica.applyRemoved(NameKey.of(claim), claim.entryId(), -1, RemovalReason.TERMINATED);
    assertEquals(new RegistryEvent.Unregistered(claim.registration(), RemovalReason.TERMINATED), nameEvents().get(1));
    assertEquals(new OwnerSync.Digest(0, 0), sync.digestOf(peer));
    assertTrue(replica.isGone(claim));
    replica.applyCommitted(claim);
    assertEquals(Optional.empty(), shown("calc"), "a late copy of a removed claim is not applied again");
    assertFalse(replica.vote(claim, 1, false, 0).ack(), "nor voted for");
    replica.listedAgain(claim.entryId());
    replica.applyCommitted(claim);
    assertEquals(Optional.of(claim.registration()), shown("calc"));
  }

  @Test
  void aVersionedRemovalRemovesOnlyThatVersion() {
    Claim claim = claim(peer, "calc", 1_000, 7);
    replica.applyCommitted(claim);
    replica.applyRemoved(NameKey.of(claim), claim.entryId(), 1);
    assertEquals(Optional.of(claim.registration()), shown("calc"));
    assertFalse(replica.isGone(claim));
    replica.applyRemoved(NameKey.of(claim), claim.entryId(), 0);
    assertEquals(Optional.empty(), shown("calc"));
  }

  @Test
  void anOwnClaimThatLosesToAnOlderPeerClaimIsDroppedAndReportedAsAConflict() {
    Claim own = claim(self, "calc", 2_000, 1);
    assertEquals(Optional.of(own), replica.commitOwn(own));
    Claim older = claim(peer, "calc", 1_000, 9);
    replica.applyCommitted(older);
    assertEquals(Optional.of(older.registration()), shown("calc"));
    assertEquals(List.of("removed 1 CONFLICT", "lost 1 to 9"), effects);
    assertEquals(new RegistryEvent.Conflict(older.registration(), own.registration()), nameEvents().get(nameEvents().size() - 1),
        "the Conflict follows the view's change");
    assertEquals(new OwnerSync.Digest(0, 0), sync.digestOf(self), "the loser is gone from the own digest");
    assertTrue(replica.isGone(own));
    assertEquals(List.of(), replica.ownClaims());
  }

  @Test
  void anOwnClaimCommittedIntoALostConflictAnswersItsCallerInsteadOfAnEvent() {
    Claim older = claim(peer, "calc", 1_000, 9);
    replica.applyCommitted(older);
    Claim own = claim(self, "calc", 2_000, 1);
    assertEquals(Optional.of(older), replica.commitOwn(own));
    assertEquals(List.of("removed 1 CONFLICT"), effects, "no NameConflict for a register call still open");
    assertTrue(events.stream().noneMatch(e -> e instanceof RegistryEvent.Conflict));
  }

  @Test
  void anUnreachableOwnersEntriesAreHiddenUntilItsSnapshotIsAppliedAgain() {
    Claim claim = claim(peer, "calc", 1_000, 7);
    replica.applyCommitted(claim);
    members.unreachable(peer);
    sync.unsynced(peer);
    replica.refreshOwner(peer, RemovalReason.UNREACHABLE);
    assertEquals(new RegistryEvent.Unregistered(claim.registration(), RemovalReason.UNREACHABLE), nameEvents().get(1));
    members.reachable(peer);
    replica.refreshOwner(peer, RemovalReason.CONFLICT);
    assertEquals(Optional.empty(), shown("calc"), "reachable, but not yet in sync");
    synced(peer);
    replica.refreshOwner(peer, RemovalReason.CONFLICT);
    assertEquals(Optional.of(claim.registration()), shown("calc"));
  }

  @Test
  void anOwnersSnapshotDropsWhatItDoesNotList() {
    Claim kept = claim(peer, "kept", 1_000, 1);
    Claim stale = claim(peer, "stale", 1_000, 2);
    Membership member = new Membership("tools", other, peer, 3);
    replica.applyCommitted(kept);
    replica.applyCommitted(stale);
    replica.applyMembership(member);
    assertEquals(Set.of(other), view.members("tools"));
    replica.dropUnlisted(peer, Set.of(kept.entryId()));
    assertEquals(Optional.of(kept.registration()), shown("kept"));
    assertEquals(Optional.empty(), shown("stale"));
    assertEquals(Set.of(), view.members("tools"));
    assertEquals(new OwnerSync.Digest(1, OwnerSync.entryHash(kept.entryId(), 0)), sync.digestOf(peer));
    replica.applyMembership(member);
    assertEquals(Set.of(), view.members("tools"), "the dropped membership is tombstoned");
  }

  @Test
  void aRemovedNodesEntriesArePrunedAndNeverComeBack() {
    Claim claim = claim(peer, "calc", 1_000, 7);
    replica.applyCommitted(claim);
    replica.applyMembership(new Membership("tools", other, peer, 8));
    members.removed(peer);
    sync.forget(peer);
    replica.prune(peer);
    assertEquals(new RegistryEvent.Unregistered(claim.registration(), RemovalReason.NODE_REMOVED), nameEvents().get(1));
    assertEquals(Set.of(), view.members("tools"));
    replica.applyCommitted(claim);
    replica.applyMembership(new Membership("tools", other, peer, 9));
    assertEquals(Optional.empty(), shown("calc"));
    assertEquals(Set.of(), view.members("tools"));
    assertTrue(replica.isGone(claim(node(3), "x", 1, 1)), "a claim of a node that is no member is gone");
  }

  @Test
  void ownMembershipsAreOnePerGroupAndRefAndTheirRemovalIsTold() {
    Optional<Membership> joined = replica.join("tools", ref, 5);
    assertTrue(joined.isPresent());
    assertEquals(Optional.empty(), replica.join("tools", ref, 6), "joined already");
    assertEquals(List.of(joined.get()), replica.ownMemberships());
    assertEquals(Set.of(ref), view.members("tools"));
    replica.removeOwnMembership(replica.ownMembership("tools", ref).orElseThrow());
    assertEquals(List.of("left tools"), effects);
    assertEquals(Set.of(), view.members("tools"));
    assertEquals(Optional.empty(), replica.ownMembership("tools", ref));
    replica.applyMembership(new Membership("bad\u0001group", other, peer, 4));
    assertEquals(Set.of(), view.members("bad\u0001group"), "a peer's membership with a bad group name is dropped");
  }

  @Test
  void anOwnClaimUpdatedAndRemovedKeepsTheDigestAndTellsTheRemoval() {
    Claim own = claim(self, "calc", 1_000, 1);
    replica.commitOwn(own);
    Claim updated = replica.updateOwn(own, EntryConfig.withCapabilities("tools"));
    assertEquals(1, updated.version());
    assertEquals(new OwnerSync.Digest(1, OwnerSync.entryHash(own.entryId(), 1)), sync.digestOf(self));
    replica.removeOwnOf(ref, List.of(NameKey.of(own)), RemovalReason.TERMINATED);
    assertEquals(List.of("removed 1 TERMINATED"), effects);
    assertEquals(Optional.empty(), shown("calc"));
    assertEquals(new OwnerSync.Digest(0, 0), sync.digestOf(self));
  }

  @Test
  void aClaimHeldHereIsNotGoneAndTheCrdtReadsSeeWhatTheReplicaHolds() {
    Claim own = claim(self, "own", 1_000, 1);
    Claim peers = claim(peer, "peers", 1_000, 2);
    replica.commitOwn(own);
    replica.applyCommitted(peers);
    assertFalse(replica.isGone(own), "this node holds its own claim");
    assertFalse(replica.isGone(peers), "a member's claim, not removed");
    assertEquals(List.of(own), replica.ownClaims());
    assertEquals(Optional.of(peers), replica.knownClaim(NameKey.of(peers), peers.entryId()));
    assertEquals(Optional.empty(), replica.knownClaim(NameKey.of(peers), own.entryId()));
    assertEquals(Optional.empty(), replica.knownClaim(new NameKey(Kind.SERVER, "nothing"), peers.entryId()));
    assertTrue(replica.isSynced(peer));
    assertFalse(replica.isSynced(node(3)));
    assertTrue(replica.isMember(peer));
    assertFalse(replica.wasRemoved(peer));
    Membership member = new Membership("tools", other, peer, 3);
    assertFalse(replica.holdsMembership(member.entryId()));
    replica.applyMembership(member);
    assertTrue(replica.holdsMembership(member.entryId()));
  }

  @Test
  void anUnreachableOwnersMembershipsAreHiddenAndShownAgainWithItsNames() {
    Membership member = new Membership("tools", other, peer, 3);
    replica.applyMembership(member);
    members.unreachable(peer);
    sync.unsynced(peer);
    replica.refreshOwner(peer, RemovalReason.UNREACHABLE);
    assertEquals(Set.of(), view.members("tools"));
    assertEquals(new RegistryEvent.Left("tools", other), events.get(events.size() - 1));
    members.reachable(peer);
    synced(peer);
    replica.refreshOwner(peer, RemovalReason.CONFLICT);
    assertEquals(Set.of(other), view.members("tools"));
  }

  @Test
  void tombstonesAreForgottenAfterTheirTtl() {
    Claim claim = claim(peer, "calc", 1_000, 7);
    replica.applyCommitted(claim);
    replica.applyRemoved(NameKey.of(claim), claim.entryId(), -1, RemovalReason.UNREGISTERED);
    replica.expire(System.nanoTime());
    assertTrue(replica.isGone(claim), "within tombstone-ttl");
    replica.expire(System.nanoTime() + settings.tombstoneTtl().toNanos() + 1);
    assertFalse(replica.isGone(claim), "the tombstone expired");
    replica.applyCommitted(claim);
    assertEquals(Optional.of(claim.registration()), shown("calc"), "a copy after the ttl is applied again");
  }

  @Test
  void aClaimHeldPendingIsReleasedByACommitOfAnotherAndByItsOwnersRemoval() {
    Claim pending = claim(peer, "calc", 1_000, 7);
    assertTrue(replica.vote(pending, 1, false, 0).ack());
    members.statusChanged(node(3), MemberStatus.up());
    Claim rival = claim(node(3), "calc", 2_000, 8);
    assertFalse(replica.vote(rival, 1, false, 0).ack(), "the name is held pending for the first claim");
    replica.release(NameKey.of(pending), pending.entryId());
    assertFalse(replica.vote(rival, 1, true, 0).ack(), "refuse nacks whatever the slot holds");
    assertTrue(replica.vote(rival, 2, false, 0).ack(), "released: the rival gets the name");
    members.removed(node(3));
    replica.prune(node(3));
    assertTrue(replica.vote(pending, 2, false, 0).ack(), "the removed node's pending claim was released");
  }
}
