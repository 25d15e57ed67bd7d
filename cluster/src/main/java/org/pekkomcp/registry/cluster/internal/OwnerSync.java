/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.registry.cluster.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.pekko.cluster.UniqueAddress;
import org.pekkomcp.registry.cluster.EntryId;

/**
 * The owner-authority anti-entropy of {@link ClusterRegistry}, as {@code pg} does it: a node is
 * the authority for its own entries, so a peer's replica of them is repaired by replacing it
 * with the owner's copy rather than by merging deltas. How snapshots, digests and sequence
 * numbers work together is described in {@code docs/cluster-design.md} (anti-entropy).
 *
 * <p>This class keeps the bookkeeping (snapshots being received, requests and snapshots recently
 * sent, the numbers of each owner's stream) and the digest arithmetic; the registry actor owns
 * the replica it applies them to.
 */
final class OwnerSync {

  /** A node's own entries summed up: equal replicas give equal digests, in any order. */
  record Digest(int entries, long hash) {}

  /** One entry's share of {@link Digest#hash}: digests add these up, so order does not matter. */
  static long entryHash(EntryId id, int version) {
    return mix(id.id() * 0x9E3779B97F4A7C15L + version);
  }

  /** A bijective 64-bit finalizer (SplitMix64), so sums over different sets rarely collide. */
  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  private final long intervalNanos;
  private final Map<UniqueAddress, Set<EntryId>> receiving = new HashMap<>();
  /** Owners whose snapshot being received answers a request that can vouch for it (see {@link #begin}). */
  private final Set<UniqueAddress> vouching = new HashSet<>();
  /** Per owner, the first request ticket issued since this replica last lost sight of it. */
  private final Map<UniqueAddress, Long> vouchingFrom = new HashMap<>();
  private long nextTicket = 1;
  /** Owners whose snapshot this replica applied since it last saw them unreachable. */
  private final Set<UniqueAddress> synced = new HashSet<>();
  private final Map<UniqueAddress, Long> lastRequest = new HashMap<>();
  private final Map<UniqueAddress, Long> lastUnsolicited = new HashMap<>();
  /** The number of each owner's last broadcast batch seen (or the one its snapshot was current to). */
  private final Map<UniqueAddress, Long> streamSeen = new HashMap<>();
  /** Owners whose stream this replica missed part of, until their snapshot starts. */
  private final Set<UniqueAddress> behind = new HashSet<>();
  private long lastDigest = System.nanoTime();
  /** Each owner's digest of this replica ({count, hash}), kept as entries come and go. */
  private final Map<UniqueAddress, long[]> digests = new HashMap<>();
  /** Counts the changes of {@link #synced} and {@link #behind}, so that {@link #caughtUpWith} is asked again only after one. */
  private long syncChanges;

  OwnerSync(java.time.Duration digestInterval) {
    this.intervalNanos = digestInterval.toNanos();
  }

  /** This replica now holds entry {@code id} at {@code version}. */
  void entryAdded(EntryId id, int version) {
    long[] digest = digests.computeIfAbsent(id.owner(), owner -> new long[2]);
    digest[0]++;
    digest[1] += entryHash(id, version);
  }

  /** This replica no longer holds entry {@code id} at {@code version}. */
  void entryRemoved(EntryId id, int version) {
    long[] digest = digests.get(id.owner());
    if (digest != null) {
      digest[0]--;
      digest[1] -= entryHash(id, version);
      if (digest[0] == 0) {
        digests.remove(id.owner());
      }
    }
  }

  /** The digest of what this replica holds of {@code owner}: O(1), read every digest interval. */
  Digest digestOf(UniqueAddress owner) {
    long[] digest = digests.get(owner);
    return digest == null ? new Digest(0, 0) : new Digest((int) digest[0], digest[1]);
  }

  /** Whether it is time to push this node's own digest. */
  boolean digestDue(long now) {
    if (now - lastDigest < intervalNanos) {
      return false;
    }
    lastDigest = now;
    return true;
  }

  /**
   * Batch {@code seq} of {@code owner}'s broadcast stream arrived: false if an earlier one never
   * did, and then the owner is {@link #behind}. The first batch seen of an owner is taken as is:
   * what came before it is the business of the snapshot a node sends when a peer comes Up.
   */
  boolean inSequence(UniqueAddress owner, long seq) {
    Long last = streamSeen.put(owner, seq);
    if (last != null && seq != last + 1) {
      syncChanges++;
      behind.add(owner);
      return false;
    }
    return true;
  }

  /**
   * {@code owner} is reachable again (or new): ask it for a snapshot now, whatever was asked
   * before, and trust only a snapshot that answers a request made from now on.
   */
  void reconnected(UniqueAddress owner) {
    // A snapshot that vouched while the owner was out of sight was made before this point.
    unsynced(owner);
    behind.add(owner);
    lastRequest.remove(owner);
  }

  /** A new ticket for a snapshot request: the snapshot that answers it carries it back. */
  long ticket() {
    return nextTicket++;
  }

  /** This replica's copy of {@code owner}'s entries is known to be incomplete or wrong. */
  void behind(UniqueAddress owner) {
    syncChanges++;
    behind.add(owner);
  }

  /** The owners to ask for a snapshot now: behind, and not asked within the interval. */
  List<UniqueAddress> ownersToAsk(long now) {
    if (behind.isEmpty()) {
      return List.of();
    }
    List<UniqueAddress> ask = new ArrayList<>();
    for (UniqueAddress owner : behind) {
      if (mayRequest(owner, now)) {
        ask.add(owner);
      }
    }
    return ask;
  }

  /**
   * An owner's snapshot starts, current to batch {@code seq} of its stream: its entries are
   * listed until {@link #end}, and its next batch is {@code seq + 1}.
   *
   * <p>It makes this replica synced with the owner only if it answers a request (its
   * {@code ticket}) made since this replica last lost sight of the owner: then the owner made it
   * after that, and it cannot list an entry removed before. An unsolicited snapshot, or one
   * answering an older request, may have been on its way for a while (held back by TCP in a
   * partition, or sent while the owner was seen unreachable by some third node and so pushed
   * nothing here): it repairs the replica, but its entries stay hidden until one that vouches.
   */
  void begin(UniqueAddress owner, long seq, long ticket) {
    receiving.put(owner, new HashSet<>());
    streamSeen.put(owner, seq);
    syncChanges++;
    behind.remove(owner);
    if (synced.contains(owner) || ticket > 0 && ticket >= vouchingFrom.getOrDefault(owner, 0L)) {
      vouching.add(owner);
    } else {
      vouching.remove(owner);
    }
  }

  /** Records a listed entry; true if a snapshot from {@code owner} is being received. */
  boolean listed(UniqueAddress owner, EntryId id) {
    Set<EntryId> listed = receiving.get(owner);
    if (listed == null) {
      return false;
    }
    listed.add(id);
    return true;
  }

  /** The entries the finished snapshot listed; empty if its start was never seen. */
  Optional<Set<EntryId>> end(UniqueAddress owner) {
    lastRequest.remove(owner);
    syncChanges++;
    Set<EntryId> listed = receiving.remove(owner);
    if (listed != null && vouching.remove(owner)) {
      synced.add(owner);
    } else if (listed != null) {
      behind.add(owner);
    }
    return Optional.ofNullable(listed);
  }

  /**
   * Whether this replica follows {@code owner}'s own ordered stream: it applied a snapshot of the
   * owner and has not seen it unreachable since. Then only that stream may change the owner's
   * entries here; a copy from elsewhere (the CRDT) can be ahead of the stream or behind it, and
   * applying it would make the owner's next digest differ for no fault.
   */
  boolean isSynced(UniqueAddress owner) {
    return synced.contains(owner);
  }

  /**
   * Whether this replica follows {@code owner} ({@link #isSynced}) and has missed nothing of it
   * since: its copy of the owner's entries is complete ({@code RegistryBackend.catchingUpWith}).
   */
  boolean caughtUpWith(UniqueAddress owner) {
    return synced.contains(owner) && !behind.contains(owner);
  }

  /** A number that changes whenever {@link #caughtUpWith} may have. */
  long syncChanges() {
    return syncChanges;
  }

  /**
   * The owner was seen unreachable: pushes may have been lost until its next snapshot, and a
   * snapshot it started before cannot tell what it removed since.
   */
  void unsynced(UniqueAddress owner) {
    syncChanges++;
    synced.remove(owner);
    receiving.remove(owner);
    vouching.remove(owner);
    vouchingFrom.put(owner, nextTicket);
  }

  /** Whether to ask {@code owner} for a snapshot now: not while an earlier request may be in flight. */
  private boolean mayRequest(UniqueAddress owner, long now) {
    return rateLimited(lastRequest, owner, now);
  }

  /**
   * Whether to send {@code peer} a snapshot it did not ask for (it voted with a stale copy of one
   * of this node's entries), at most once per interval.
   */
  boolean mayCorrect(UniqueAddress peer, long now) {
    return rateLimited(lastUnsolicited, peer, now);
  }

  /** A node left the cluster: nothing of it is pending or held any more. */
  void forget(UniqueAddress node) {
    syncChanges++;
    digests.remove(node);
    synced.remove(node);
    receiving.remove(node);
    vouching.remove(node);
    vouchingFrom.remove(node);
    lastRequest.remove(node);
    lastUnsolicited.remove(node);
    streamSeen.remove(node);
    behind.remove(node);
  }

  private boolean rateLimited(Map<UniqueAddress, Long> last, UniqueAddress node, long now) {
    Long before = last.get(node);
    if (before != null && now - before < intervalNanos) {
      return false;
    }
    last.put(node, now);
    return true;
  }
}
