/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.registry.cluster.internal;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.apache.pekko.cluster.UniqueAddress;
import org.pekkomcp.registry.cluster.Claim;
import org.pekkomcp.registry.cluster.ConflictResolver;
import org.pekkomcp.registry.cluster.EntryId;

/**
 * The replica side of the claim protocol (step 2 in {@code docs/cluster-design.md}): how this
 * replica votes on a proposed claim, and the claims it holds pending meanwhile. A replica holds
 * at most one live claim per name, a committed one or the one pending claim it acked first, and
 * acks no other: that is what makes two majorities of the same voters unable to commit two
 * claims on one name.
 *
 * <p>The pending claim itself is kept in its name's {@link Slot}; this class keeps them in the
 * order they were acked, so that the ones whose fate never arrives (a retraction lost in a
 * partition) are released after {@code pending-timeout}. Not thread-safe: the registry actor's
 * own state.
 */
final class ReplicaVotes {

  private record PendingMark(NameKey key, long since) {}

  private final SlotTable slots;
  private final ConflictResolver resolver;
  private final LinkedHashMap<EntryId, PendingMark> pending = new LinkedHashMap<>();

  ReplicaVotes(SlotTable slots, ConflictResolver resolver) {
    this.slots = slots;
    this.resolver = resolver;
  }

  /**
   * This replica's vote on round {@code round} of {@code claim}: an ack if it holds no other live
   * claim on the name (it then holds this one pending), else a nack naming the claim it holds
   * and whether that one is committed.
   *
   * @param refuse nack whatever is held: the claim was removed here, or this node departed
   * @param counts whether a committed claim of that owner counts (its owner is a member here)
   */
  ClusterProtocol.Vote vote(Claim claim, int round, boolean refuse, Predicate<UniqueAddress> counts, long now) {
    EntryId id = claim.entryId();
    if (refuse) {
      return new ClusterProtocol.Vote(id, round, false, Optional.empty(), false);
    }
    Slot slot = slots.getOrCreate(NameKey.of(claim));
    Claim holder = null;
    for (Claim c : slot.committed()) {
      if (c.entryId().equals(id)) {
        return new ClusterProtocol.Vote(id, round, true, Optional.empty(), false);
      }
      if (!counts.test(c.owner())) {
        continue;
      }
      holder = holder == null ? c : resolver.winner(holder, c);
    }
    if (holder != null) {
      return new ClusterProtocol.Vote(id, round, false, Optional.of(holder), true);
    }
    if (slot.pending != null && !slot.pending.entryId().equals(id)) {
      return new ClusterProtocol.Vote(id, round, false, Optional.of(slot.pending), false);
    }
    if (slot.pending == null) {
      slot.pending = claim;
      pending.put(id, new PendingMark(NameKey.of(claim), now));
    }
    return new ClusterProtocol.Vote(id, round, true, Optional.empty(), false);
  }

  /** The claim is committed, retracted or removed: the slot no longer holds it pending. */
  void release(Slot slot, EntryId id) {
    if (slot.pending != null && slot.pending.entryId().equals(id)) {
      slot.pending = null;
      pending.remove(id);
    }
  }

  /** Releases a claim of {@code node} (removed from the cluster) held pending in the slot; whether there was one. */
  boolean releaseOwnedBy(Slot slot, UniqueAddress node) {
    if (slot.pending == null || !slot.pending.owner().equals(node)) {
      return false;
    }
    pending.remove(slot.pending.entryId());
    slot.pending = null;
    return true;
  }

  /** Releases the claims held pending for {@code timeout} nanoseconds or more: their fate never came. */
  void expire(long now, long timeout) {
    for (Iterator<Map.Entry<EntryId, PendingMark>> it = pending.entrySet().iterator(); it.hasNext(); ) {
      Map.Entry<EntryId, PendingMark> entry = it.next();
      if (now - entry.getValue().since() < timeout) {
        break;
      }
      it.remove();
      Slot slot = slots.get(entry.getValue().key());
      if (slot != null && slot.pending != null && slot.pending.entryId().equals(entry.getKey())) {
        slot.pending = null;
        slots.dropIfEmpty(entry.getValue().key(), slot);
      }
    }
  }
}
