/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.registry.cluster.internal;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.pekko.actor.ActorRef;
import org.apache.pekko.cluster.UniqueAddress;
import org.apache.pekko.cluster.ddata.ORMultiMap;
import org.apache.pekko.cluster.ddata.Replicator;
import org.apache.pekko.cluster.ddata.SelfUniqueAddress;
import org.pekkomcp.registry.cluster.Claim;
import org.pekkomcp.registry.cluster.ClusterRegistrySettings;
import org.pekkomcp.registry.cluster.EntryId;
import org.slf4j.Logger;

/**
 * The registry's second, slower propagation path: committed entries written in batches with
 * local consistency into Distributed Data ({@link CrdtShards}), and the local replica read every
 * {@code crdt-read-interval} to apply what the pushes did not deliver. Which entries a read may
 * apply, and why only those, is in {@code docs/cluster-design.md} (anti-entropy); the replica the
 * reads change is the registry actor's, reached through {@link Replica}.
 *
 * <p>A new flush or read waits for the replicator's responses to the last one: an overloaded
 * replicator otherwise queues a read of every key each interval, each response pinning that
 * key's value of the time, and the heap grew by gigabytes (measured under a 300,000-name burst);
 * held-back writes go out together in the next flush. A response the replicator never sends (it
 * restarted mid-message) is given up on after {@link #STALL}, so the anti-entropy cannot stop
 * for good. Not thread-safe: the registry actor's own state.
 */
final class CrdtAntiEntropy {

  /** What a read needs of the registry's replica. */
  interface Replica {
    /** Whether {@code node} is this node or a member here. */
    boolean isMember(UniqueAddress node);

    boolean wasRemoved(UniqueAddress node);

    /** Whether this replica holds {@code owner}'s current state from its own stream. */
    boolean isSynced(UniqueAddress owner);

    Optional<Claim> knownClaim(NameKey key, EntryId id);

    boolean holdsMembership(EntryId id);

    void applyCommitted(Claim claim);

    /** Removes a peer's claim at {@code version}. */
    void applyRemoved(NameKey key, EntryId id, int version);

    void applyMembership(Membership membership);

    void applyMembershipRemoved(EntryId id);
  }

  private static final long STALL = Duration.ofSeconds(60).toNanos();

  private final UniqueAddress self;
  private final SelfUniqueAddress selfUnique;
  private final ClusterRegistrySettings settings;
  private final ActorRef replicator;
  private final ActorRef writeReplies;
  private final ActorRef readReplies;
  private final Logger log;
  private final Replica replica;
  private final CrdtShards<Claim> nameShards;
  private final CrdtShards<Membership> groupShards;
  /** The nodes this one has seen, by their key in the CRDT shards ({@link CrdtShards#ownerKey}). */
  private final Map<String, UniqueAddress> ownersByKey = new HashMap<>();
  private long lastFlush = System.nanoTime();
  private long lastRead = System.nanoTime();
  private int writesInFlight;
  private int readsInFlight;

  /**
   * @param writeReplies where the replicator's {@code UpdateResponse}s go (then to {@link #written})
   * @param readReplies where its {@code GetResponse}s go (then to {@link #read})
   */
  CrdtAntiEntropy(UniqueAddress self, ClusterRegistrySettings settings, ClusterRegistrySerializer serializer, ActorRef replicator,
      ActorRef writeReplies, ActorRef readReplies, Logger log, Replica replica) {
    this.self = self;
    this.selfUnique = new SelfUniqueAddress(self);
    this.settings = settings;
    this.replicator = replicator;
    this.writeReplies = writeReplies;
    this.readReplies = readReplies;
    this.log = log;
    this.replica = replica;
    this.nameShards = new CrdtShards<>("mcp-names", settings.nameKeys(), serializer.claimCodec());
    this.groupShards = new CrdtShards<>("mcp-groups", settings.groupKeys(), serializer.membershipCodec());
    ownersByKey.put(CrdtShards.ownerKey(self), self);
  }

  /** A node this one saw in the cluster: entries read under its key are its. */
  void sawNode(UniqueAddress node) {
    ownersByKey.putIfAbsent(CrdtShards.ownerKey(node), node);
  }

  void addClaim(Claim claim) {
    nameShards.add(claim);
    afterQueued();
  }

  void removeClaim(Claim claim) {
    nameShards.remove(claim);
    afterQueued();
  }

  void addMembership(Membership membership) {
    groupShards.add(membership);
    afterQueued();
  }

  void removeMembership(Membership membership) {
    groupShards.remove(membership);
    afterQueued();
  }

  /** Forgets every entry of a node removed from the cluster (every survivor does; idempotent). */
  void prune(UniqueAddress node) {
    nameShards.prune(node);
    groupShards.prune(node);
    afterQueued();
  }

  /** Writes the queued changes every {@code crdt-flush-interval}. */
  void flushIfDue(long now) {
    if (now - lastFlush >= settings.crdtFlushInterval().toNanos()) {
      flush();
    }
  }

  /** Reads every shard of the local replica every {@code crdt-read-interval}, once the last read is answered. */
  void readIfDue(long now) {
    if ((readsInFlight <= 0 || now - lastRead > STALL) && now - lastRead >= settings.crdtReadInterval().toNanos()) {
      lastRead = now;
      readsInFlight = nameShards.read(replicator, readReplies) + groupShards.read(replicator, readReplies);
    }
  }

  void written(Replicator.UpdateResponse<?> response) {
    writesInFlight--;
    if (response instanceof Replicator.UpdateFailure<?> failure) {
      log.warn("registry anti-entropy write failed: {}", failure);
    }
  }

  /**
   * Applies what changed in one shard since this node last read it. Entries this node knows at
   * that version are skipped without decoding them (they came by push): only what the push missed
   * costs a decode.
   */
  @SuppressWarnings("unchecked")
  void read(Replicator.GetResponse<?> response) {
    readsInFlight--;
    if (!(response instanceof Replicator.GetSuccess<?> changed)) {
      return;
    }
    String keyId = changed.key().id();
    ORMultiMap<String, CrdtPage> value = (ORMultiMap<String, CrdtPage>) changed.dataValue();
    Optional<Integer> nameShard = nameShards.shardOfKeyId(keyId);
    if (nameShard.isPresent()) {
      readNameShard(nameShard.get(), nameShards.diff(nameShard.get(), value));
    }
    Optional<Integer> groupShard = groupShards.shardOfKeyId(keyId);
    if (groupShard.isPresent()) {
      readGroupShard(groupShard.get(), groupShards.diff(groupShard.get(), value));
    }
  }

  private void afterQueued() {
    if (nameShards.pendingCount() + groupShards.pendingCount() >= settings.crdtBatchSize()) {
      flush();
    }
  }

  private void flush() {
    if (writesInFlight > 0 && System.nanoTime() - lastFlush < STALL) {
      return;
    }
    writesInFlight = nameShards.flush(replicator, writeReplies, selfUnique) + groupShards.flush(replicator, writeReplies, selfUnique);
    lastFlush = System.nanoTime();
  }

  private void readNameShard(int shard, CrdtShards.Diff diff) {
    Set<String> pruned = new HashSet<>();
    for (CrdtShards.Seen seen : diff.added()) {
      UniqueAddress owner = liveOwner(nameShards, shard, seen.owner(), pruned);
      if (owner == null) {
        continue;
      }
      CrdtEntry entry = seen.entry();
      Optional<NameKey> key = NameKey.fromCrdtKey(entry.key());
      Optional<Claim> known = key.isEmpty() ? Optional.empty() : replica.knownClaim(key.get(), new EntryId(owner, entry.id()));
      if (owner.equals(self)) {
        // This node is the authority for its own claims: a copy of one it no longer holds (a
        // removal another replica's gossip did not see) is removed again, so no newcomer reads it.
        if (known.isEmpty() || known.get().version() != entry.version()) {
          nameShards.remove(shard, seen.owner(), entry.id(), entry.version());
          afterQueued();
        }
      } else if (replica.isMember(owner) && !replica.isSynced(owner) && (known.isEmpty() || known.get().version() < entry.version())) {
        decode(nameShards, owner, entry).ifPresent(replica::applyCommitted);
      }
    }
    for (CrdtShards.Seen seen : diff.removed()) {
      UniqueAddress owner = ownersByKey.get(seen.owner());
      Optional<NameKey> key = NameKey.fromCrdtKey(seen.entry().key());
      if (owner != null && !owner.equals(self) && !replica.isSynced(owner) && key.isPresent()) {
        replica.applyRemoved(key.get(), new EntryId(owner, seen.entry().id()), seen.entry().version());
      }
    }
  }

  private void readGroupShard(int shard, CrdtShards.Diff diff) {
    Set<String> pruned = new HashSet<>();
    for (CrdtShards.Seen seen : diff.added()) {
      UniqueAddress owner = liveOwner(groupShards, shard, seen.owner(), pruned);
      if (owner == null) {
        continue;
      }
      EntryId id = new EntryId(owner, seen.entry().id());
      if (owner.equals(self)) {
        if (!replica.holdsMembership(id)) {
          groupShards.remove(shard, seen.owner(), id.id(), seen.entry().version());
          afterQueued();
        }
      } else if (replica.isMember(owner) && !replica.isSynced(owner) && !replica.holdsMembership(id)) {
        decode(groupShards, owner, seen.entry()).ifPresent(replica::applyMembership);
      }
    }
    for (CrdtShards.Seen seen : diff.removed()) {
      UniqueAddress owner = ownersByKey.get(seen.owner());
      if (owner != null && !owner.equals(self) && !replica.isSynced(owner)) {
        replica.applyMembershipRemoved(new EntryId(owner, seen.entry().id()));
      }
    }
  }

  /**
   * The node an entry read from {@code shard} belongs to, or null if this node never saw it or saw
   * it removed from the cluster; then its set in the shard is pruned (again: a copy that had not
   * yet seen another survivor's prune brought it back). Nullable: a hot loop's lookup, kept local.
   */
  private UniqueAddress liveOwner(CrdtShards<?> shards, int shard, String ownerKey, Set<String> pruned) {
    UniqueAddress owner = ownersByKey.get(ownerKey);
    if (owner != null && replica.wasRemoved(owner)) {
      if (pruned.add(ownerKey)) {
        shards.prune(shard, ownerKey);
        afterQueued();
      }
      return null;
    }
    return owner;
  }

  private <V> Optional<V> decode(CrdtShards<V> shards, UniqueAddress owner, CrdtEntry entry) {
    try {
      return Optional.of(shards.decode(owner, entry));
    } catch (java.io.NotSerializableException e) {
      log.warn("registry anti-entropy: skipped an unreadable entry {}: {}", entry, e.getMessage());
      return Optional.empty();
    }
  }
}
