/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
/*
 * Why this file is over 400 lines: every path that changes an entry (this node's, a peer's push,
 * a snapshot, the CRDT, a removed node) is here, next to the private methods that keep the
 * owners' digests; split up, a path could change the replica without the digest.
 */
package org.pekkomcp.registry.cluster.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.cluster.UniqueAddress;
import org.pekkomcp.registry.EntryConfig;
import org.pekkomcp.registry.Names;
import org.pekkomcp.registry.Registration;
import org.pekkomcp.registry.RegistryEvent;
import org.pekkomcp.registry.RegistryEvent.RemovalReason;
import org.pekkomcp.registry.cluster.Claim;
import org.pekkomcp.registry.cluster.ClusterRegistrySettings;
import org.pekkomcp.registry.cluster.EntryId;
import org.pekkomcp.registry.spi.RegistryView;

/**
 * One node's full replica of the registry: every committed claim per name ({@link SlotTable}),
 * every explicit membership, the tombstones of entries seen removed, this replica's votes
 * ({@link ReplicaVotes}), and the {@link ViewWriter} that publishes it. Every change of an entry
 * goes through here, which keeps each owner's digest ({@link OwnerSync#entryAdded}) in step with
 * what the replica holds, and settles conflicts as the entries arrive. The rules (which copy
 * wins, what a tombstone blocks, who may be shown) are described in {@code docs/cluster-design.md};
 * the wire and the other copies (pushes, the CRDT) are the registry actor's, told through
 * {@link Effects}.
 *
 * <p>Not thread-safe: the registry actor's own state, testable without it.
 */
final class RegistryReplica implements CrdtAntiEntropy.Replica {

  /** What this node must do elsewhere when the replica drops one of its own entries. */
  interface Effects {
    /** This node's own claim is gone from the replica, for {@code reason}: tell the peers and the CRDT. */
    void ownClaimRemoved(Claim claim, RemovalReason reason);

    /** This node's own membership is gone from the replica: tell the peers and the CRDT. */
    void ownMembershipRemoved(Membership membership);

    /** This node's own claim lost a conflict to {@code winner} (not while its register call was open). */
    void lost(Claim loser, Claim winner);
  }

  private record GroupRef(String group, ActorRef<?> ref) {}

  private final UniqueAddress self;
  private final ClusterRegistrySettings settings;
  private final Members members;
  private final OwnerSync sync;
  private final Effects effects;
  private final Consumer<RegistryEvent> events;
  private final SlotTable slots = new SlotTable();
  private final ReplicaVotes votes;
  private final ViewWriter viewWriter;
  private final Map<EntryId, Membership> memberships = new HashMap<>();
  private final Map<GroupRef, EntryId> ownMemberships = new HashMap<>();
  /** Entries this replica saw removed, so that a late copy of one is not applied again. */
  private final Expiring<EntryId, Boolean> tombstones;

  /**
   * @param members the cluster as this node sees it: who is a member, reachable, removed
   * @param sync the owners' digests, kept here, and whether each owner is in sync
   * @param events where the view's changes and conflicts go, in order
   * @param registered told every registration the view shows anew
   * @param mirror where standard-group changes go besides the view
   */
  RegistryReplica(UniqueAddress self, ClusterRegistrySettings settings, Members members, OwnerSync sync, RegistryView view,
      Effects effects, Consumer<RegistryEvent> events, Consumer<Registration> registered, ViewWriter.Mirror mirror) {
    this.self = self;
    this.settings = settings;
    this.members = members;
    this.sync = sync;
    this.effects = effects;
    this.events = events;
    this.votes = new ReplicaVotes(slots, settings.resolver());
    this.tombstones = new Expiring<>(settings.tombstoneTtl());
    this.viewWriter = new ViewWriter(view, slots, settings.resolver(), this::mayShow, events, registered, mirror);
  }

  // ---- reads ----

  /** The claim the view shows for the name, if any. */
  Optional<Claim> shown(NameKey key) {
    Slot slot = slots.get(key);
    return slot == null ? Optional.empty() : Optional.ofNullable(slot.shown);
  }

  /**
   * Another node's entries are shown while it is reachable, the crash watch has not seen its
   * process gone, and this replica holds its current state: its snapshot was applied, or its last
   * digest matched, since this node last saw it unreachable or gone (or first saw it). Until then what this replica holds of it may include entries
   * it removed meanwhile (lost pushes, a stale CRDT copy), which must not reappear, even briefly.
   */
  boolean mayShow(UniqueAddress owner) {
    if (owner.equals(self)) {
      return true;
    }
    return isMember(owner) && (!settings.hideUnreachable()
        || !members.isUnreachable(owner) && !members.isProcessGone(owner) && sync.isSynced(owner));
  }

  /**
   * Whether a claim a voter named as committed holder is known here to be gone: this node owns
   * it and no longer has it, or applied its owner's removal (entry ids are never reused), or its
   * owner is not a member.
   */
  boolean isGone(Claim holder) {
    if (holder.owner().equals(self)) {
      Slot slot = slots.get(NameKey.of(holder));
      return slot == null || slot.committed(holder.entryId()).isEmpty();
    }
    return tombstones.containsKey(holder.entryId()) || !isMember(holder.owner());
  }

  /** This node's own committed claims, for its snapshot. */
  List<Claim> ownClaims() {
    List<Claim> own = new ArrayList<>();
    for (Slot slot : slots.values()) {
      for (Claim claim : slot.committed()) {
        if (claim.owner().equals(self)) {
          own.add(claim);
        }
      }
    }
    return own;
  }

  /** This node's own memberships, for its snapshot. */
  List<Membership> ownMemberships() {
    List<Membership> own = new ArrayList<>(ownMemberships.size());
    ownMemberships.values().forEach(id -> own.add(memberships.get(id)));
    return own;
  }

  // ---- this replica's votes ----

  /** This replica's vote on a peer's (or this node's) claim; {@code refuse} nacks it whatever the slot holds. */
  ClusterProtocol.Vote vote(Claim claim, int round, boolean refuse, long now) {
    return votes.vote(claim, round, refuse || tombstones.containsKey(claim.entryId()), this::isMember, now);
  }

  /** The claim's round ended without a commit here (retracted): its pending hold is released. */
  void release(NameKey key, EntryId claim) {
    Slot slot = slots.get(key);
    if (slot != null) {
      votes.release(slot, claim);
      slots.dropIfEmpty(key, slot);
    }
  }

  /** Forgets what is kept for a while only: claims held pending whose fate never came, and tombstones. */
  void expire(long now) {
    votes.expire(now, settings.pendingTimeout().toNanos());
    tombstones.expire(now);
  }

  // ---- this node's own entries ----

  /**
   * This node's claim won its vote: it is committed here, and a conflict it makes is settled.
   * Returns what the view shows for the name now.
   */
  Optional<Claim> commitOwn(Claim claim) {
    Slot slot = slots.getOrCreate(NameKey.of(claim));
    votes.release(slot, claim.entryId());
    addCommitted(slot, claim);
    settle(NameKey.of(claim), slot, claim.entryId(), RemovalReason.CONFLICT);
    return Optional.ofNullable(slot.shown);
  }

  /** The shown own claim with a new config, as the view now shows it. */
  Claim updateOwn(Claim shown, EntryConfig config) {
    Claim current = shown.withConfig(config);
    replaceCommitted(slots.get(NameKey.of(shown)), shown, current);
    viewWriter.refresh(NameKey.of(shown), RemovalReason.UNREGISTERED);
    return current;
  }

  void removeOwn(Claim claim, RemovalReason reason) {
    NameKey key = NameKey.of(claim);
    Slot slot = slots.get(key);
    removeCommitted(slot, claim);
    tombstone(claim.entryId());
    effects.ownClaimRemoved(claim, reason);
    viewWriter.refresh(key, reason);
  }

  /** Removes the own claims of {@code ref} among {@code names}: the registrant stopped. */
  void removeOwnOf(ActorRef<?> ref, Collection<NameKey> names, RemovalReason reason) {
    for (NameKey key : names) {
      Slot slot = slots.get(key);
      if (slot != null) {
        for (Claim claim : slot.committed()) {
          if (claim.owner().equals(self) && claim.ref().equals(ref)) {
            removeOwn(claim, reason);
          }
        }
      }
    }
  }

  /** Joins {@code ref} to {@code group} as this node's membership; empty if it already is. */
  Optional<Membership> join(String group, ActorRef<?> ref, long entryId) {
    GroupRef key = new GroupRef(group, ref);
    if (ownMemberships.containsKey(key)) {
      return Optional.empty();
    }
    Membership membership = new Membership(group, ref, self, entryId);
    ownMemberships.put(key, membership.entryId());
    putMembership(membership);
    viewWriter.showOrHide(membership);
    return Optional.of(membership);
  }

  /** This node's membership of {@code ref} in {@code group}, if it joined it. */
  Optional<EntryId> ownMembership(String group, ActorRef<?> ref) {
    return Optional.ofNullable(ownMemberships.get(new GroupRef(group, ref)));
  }

  void removeOwnMembership(EntryId id) {
    Membership membership = removeMembership(id);
    if (membership == null) {
      return;
    }
    ownMemberships.remove(new GroupRef(membership.group(), membership.ref()));
    tombstone(id);
    viewWriter.hide(membership);
    effects.ownMembershipRemoved(membership);
  }

  // ---- peers' entries ----

  /** A peer's committed claim (or a newer version of one held): applied unless its owner was removed or it is tombstoned. */
  @Override
  public void applyCommitted(Claim claim) {
    if (claim.owner().equals(self) || members.wasRemoved(claim.owner()) || tombstones.containsKey(claim.entryId())) {
      return;
    }
    NameKey key = NameKey.of(claim);
    Slot slot = slots.getOrCreate(key);
    Optional<Claim> known = slot.committed(claim.entryId());
    if (known.isPresent()) {
      if (known.get().version() >= claim.version()) {
        return;
      }
      replaceCommitted(slot, known.get(), claim);
    } else {
      addCommitted(slot, claim);
    }
    votes.release(slot, claim.entryId());
    settle(key, slot, null, RemovalReason.CONFLICT);
  }

  @Override
  public void applyRemoved(NameKey key, EntryId id, int version) {
    applyRemoved(key, id, version, RemovalReason.UNREGISTERED);
  }

  /** Removes a peer's claim and tombstones it; {@code version} -1 removes any version, else only that one. */
  void applyRemoved(NameKey key, EntryId id, int version, RemovalReason reason) {
    Slot slot = slots.get(key);
    Optional<Claim> known = slot == null ? Optional.empty() : slot.committed(id);
    if (version >= 0 && (known.isEmpty() || known.get().version() != version)) {
      return;
    }
    tombstone(id);
    if (slot == null) {
      return;
    }
    known.ifPresent(claim -> removeCommitted(slot, claim));
    votes.release(slot, id);
    viewWriter.refresh(key, reason);
  }

  @Override
  public void applyMembership(Membership membership) {
    EntryId id = membership.entryId();
    if (membership.owner().equals(self) || members.wasRemoved(membership.owner()) || tombstones.containsKey(id)
        || memberships.containsKey(id) || Names.problem("group", membership.group()).isPresent()) {
      return;
    }
    putMembership(membership);
    viewWriter.showOrHide(membership);
  }

  @Override
  public void applyMembershipRemoved(EntryId id) {
    tombstone(id);
    Membership membership = removeMembership(id);
    if (membership != null) {
      viewWriter.hide(membership);
    }
  }

  /** The owner listed the entry in its snapshot: a tombstone of it here is stale (it was re-sent after a missed removal). */
  void listedAgain(EntryId id) {
    tombstones.remove(id);
  }

  /** The owner's snapshot did not list these entries: the owner removed them, we missed it. */
  void dropUnlisted(UniqueAddress owner, Set<EntryId> listed) {
    List<Claim> stale = new ArrayList<>();
    for (Slot slot : slots.values()) {
      for (Claim claim : slot.committed()) {
        if (claim.owner().equals(owner) && !listed.contains(claim.entryId())) {
          stale.add(claim);
        }
      }
    }
    stale.forEach(claim -> applyRemoved(NameKey.of(claim), claim.entryId(), -1, RemovalReason.UNREGISTERED));
    for (Membership membership : List.copyOf(memberships.values())) {
      if (membership.owner().equals(owner) && !listed.contains(membership.entryId())) {
        applyMembershipRemoved(membership.entryId());
      }
    }
  }

  /** Re-applies visibility and conflict resolution to everything {@code node} owns. */
  void refreshOwner(UniqueAddress node, RemovalReason reason) {
    for (NameKey key : slots.keys()) {
      Slot slot = slots.get(key);
      if (slot == null) {
        continue;
      }
      for (Claim claim : slot.committed()) {
        if (claim.owner().equals(node)) {
          settle(key, slot, null, reason);
          break;
        }
      }
    }
    for (Membership membership : List.copyOf(memberships.values())) {
      if (membership.owner().equals(node)) {
        viewWriter.showOrHide(membership);
      }
    }
  }

  /**
   * Forgets every claim and membership of a node removed from the cluster. Its digest went with
   * {@code OwnerSync.forget(node)}, so these removals bypass the digest upkeep.
   *
   * @return how many committed claims and memberships were forgotten
   */
  int prune(UniqueAddress node) {
    int forgotten = 0;
    for (NameKey key : slots.keys()) {
      Slot slot = slots.get(key);
      if (slot == null) {
        continue;
      }
      int before = slot.committedCount();
      boolean changed = slot.removeIf(c -> c.owner().equals(node));
      forgotten += before - slot.committedCount();
      changed |= votes.releaseOwnedBy(slot, node);
      if (changed) {
        viewWriter.refresh(key, RemovalReason.NODE_REMOVED);
      }
    }
    for (Membership membership : List.copyOf(memberships.values())) {
      if (membership.owner().equals(node)) {
        memberships.remove(membership.entryId());
        viewWriter.hide(membership);
        forgotten++;
      }
    }
    return forgotten;
  }

  // ---- CrdtAntiEntropy.Replica ----

  @Override
  public boolean isMember(UniqueAddress node) {
    return members.isMember(node);
  }

  @Override
  public boolean wasRemoved(UniqueAddress node) {
    return members.wasRemoved(node);
  }

  @Override
  public boolean isSynced(UniqueAddress owner) {
    return sync.isSynced(owner);
  }

  @Override
  public Optional<Claim> knownClaim(NameKey key, EntryId id) {
    Slot slot = slots.get(key);
    return slot == null ? Optional.empty() : slot.committed(id);
  }

  @Override
  public boolean holdsMembership(EntryId id) {
    return memberships.containsKey(id);
  }

  // ---- conflicts ----

  /**
   * Settles the name and publishes it: this node drops its own claims that lose to the visible
   * winner (the others' losers are dropped by their owners; until then the view shows the winner
   * anyway), then the view is refreshed and the Conflict events follow it. No event and no
   * {@link Effects#lost} for {@code openRegistration}: its caller is answered instead.
   */
  private void settle(NameKey key, Slot slot, EntryId openRegistration, RemovalReason reason) {
    List<RegistryEvent.Conflict> conflicts = List.of();
    if (slot.committedCount() >= 2) {
      Claim winner = viewWriter.winnerOf(viewWriter.visible(slot));
      conflicts = new ArrayList<>();
      for (Claim claim : slot.committed()) {
        if (claim.owner().equals(self) && !claim.entryId().equals(winner.entryId())) {
          removeCommitted(slot, claim);
          tombstone(claim.entryId());
          effects.ownClaimRemoved(claim, RemovalReason.CONFLICT);
          if (!claim.entryId().equals(openRegistration)) {
            conflicts.add(new RegistryEvent.Conflict(winner.registration(), claim.registration()));
            effects.lost(claim, winner);
          }
        }
      }
    }
    viewWriter.refresh(key, reason);
    conflicts.forEach(events);
  }

  // ---- every change of an entry goes through these, which keep the digests ----

  private void tombstone(EntryId id) {
    tombstones.put(id, Boolean.TRUE, System.nanoTime());
  }

  private void addCommitted(Slot slot, Claim claim) {
    slot.add(claim);
    sync.entryAdded(claim.entryId(), claim.version());
  }

  private void replaceCommitted(Slot slot, Claim old, Claim now) {
    slot.replace(old, now);
    sync.entryRemoved(old.entryId(), old.version());
    sync.entryAdded(now.entryId(), now.version());
  }

  private void removeCommitted(Slot slot, Claim claim) {
    if (slot.remove(claim)) {
      sync.entryRemoved(claim.entryId(), claim.version());
    }
  }

  private void putMembership(Membership membership) {
    if (memberships.put(membership.entryId(), membership) == null) {
      sync.entryAdded(membership.entryId(), 0);
    }
  }

  private Membership removeMembership(EntryId id) {
    Membership membership = memberships.remove(id);
    if (membership != null) {
      sync.entryRemoved(id, 0);
    }
    return membership;
  }
}
