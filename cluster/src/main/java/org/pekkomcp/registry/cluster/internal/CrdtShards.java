/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.registry.cluster.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.pekko.cluster.UniqueAddress;
import org.apache.pekko.cluster.ddata.Key;
import org.apache.pekko.cluster.ddata.ORMultiMap;
import org.apache.pekko.cluster.ddata.ORMultiMapKey;
import org.apache.pekko.cluster.ddata.ORSet;
import org.apache.pekko.cluster.ddata.SelfUniqueAddress;
import scala.Option;
import scala.Tuple2;
import scala.collection.Iterator;

/**
 * The anti-entropy copy of one kind of entry (claims or memberships): {@code ORMultiMap<owner,
 * CrdtPage>} values spread over a fixed number of top-level Distributed Data keys, written in
 * batches with local consistency.
 *
 * <h2>Layout, and why</h2>
 * <ul>
 *   <li><b>Top-level key by owner and id run</b>, not by name hash. A node numbers its entries
 *       in sequence, and runs of 2^{@value #RUN_BITS} consecutive ids share a key: a burst of
 *       writes changes a few keys, not all of them. Distributed Data serializes every key that
 *       changed since the last gossip round (to digest it) and ships the ones a peer lacks, so
 *       with name-hash keys each round cost the whole store once writes were spread over every
 *       key; now it costs about what was written in the round.</li>
 *   <li><b>Inside a key, one ORSet per owner node</b> ({@link #ownerKey}): the owner is the only
 *       writer of its set, and pruning a node removed from the cluster is one map removal per
 *       key that holds its set, done idempotently by every survivor.</li>
 *   <li><b>Elements are pages</b> ({@link CrdtPage}): all live entries of one run as bytes, so
 *       the CRDT's per-element dots, gossip, digests and merges cost per page, not per entry;
 *       the registry decodes only entries it does not know yet.</li>
 * </ul>
 * Keys are fixed: Distributed Data keeps deleted keys as tombstones forever. A key must stay below
 * Artery's maximum frame size (256 KiB) to be gossiped at all, which bounds the entries per key
 * (see {@code name-keys}).
 *
 * <p>Used by the registry actor only; not thread-safe. Pages are written by the replicator,
 * inside the Update's modify function, off the registry actor.
 */
final class CrdtShards<V> {

  /**
   * Consecutive ids of one owner share a page and a key in runs of 2^RUN_BITS. Short runs spread a
   * burst over many keys that grow slowly: Distributed Data sizes its gossip messages by the size
   * it last measured for each key, and keys that grew fast since (runs of 256 with three writers)
   * made gossip messages over Artery's frame size, which were dropped.
   */
  static final int RUN_BITS = 5;

  /** How the registry's entries become {@link CrdtEntry}s and back. */
  interface Codec<V> {
    UniqueAddress owner(V value);

    long id(V value);

    int version(V value);

    /** The name key of a claim; empty for a membership. */
    String key(V value);

    /** The value's bytes, without what the entry and its shard already say: id, version, key, owner. */
    byte[] encode(V value);

    V decode(UniqueAddress owner, CrdtEntry entry) throws java.io.NotSerializableException;
  }

  /** One entry of {@code owner} (an {@link #ownerKey}) found added or removed in a shard. */
  record Seen(String owner, CrdtEntry entry) {}

  /** What the registry learns from one changed shard. */
  record Diff(List<Seen> added, List<Seen> removed) {}

  private sealed interface Change<V> {}

  private record Add<V>(V value) implements Change<V> {}

  private record Remove<V>(String owner, long id, int version) implements Change<V> {}

  private record Prune<V>(String owner) implements Change<V> {}

  private final Codec<V> codec;
  private final List<Key<ORMultiMap<String, CrdtPage>>> keys = new ArrayList<>();
  private final Map<String, Integer> shardByKeyId = new HashMap<>();
  private final List<List<Change<V>>> pending = new ArrayList<>();
  private final List<ORMultiMap<String, CrdtPage>> lastSeen = new ArrayList<>();
  private int pendingCount;
  private int flushes;
  /**
   * The version of the page this node last wrote for each of its own runs, and its owner key
   * (set on the replicator's thread, inside the Update). A read skips its own pages that are
   * exactly what it last wrote: it knows their entries, and under a register burst parsing them
   * (each changed page twice, old and new) was most of the reads' work. A page of its own with
   * another version (a stale copy merged from another replica) is diffed as any other.
   */
  private final Map<Long, Integer> ownPageVersions = new ConcurrentHashMap<>();
  private volatile String ownKey = "";

  CrdtShards(String prefix, int count, Codec<V> codec) {
    this.codec = codec;
    for (int i = 0; i < count; i++) {
      Key<ORMultiMap<String, CrdtPage>> key = ORMultiMapKey.create(prefix + "-" + i);
      keys.add(key);
      shardByKeyId.put(key.id(), i);
      pending.add(new ArrayList<>());
      lastSeen.add(ORMultiMap.emptyWithValueDeltas());
    }
  }

  /** The ORMultiMap key of a node's entries: its address and incarnation. */
  static String ownerKey(UniqueAddress node) {
    return node.address() + "#" + node.longUid();
  }

  /** The shard that holds entry {@code id} of {@code owner}. */
  int shardOf(UniqueAddress owner, long id) {
    return Math.floorMod(31 * owner.hashCode() + (int) runOf(id), keys.size());
  }

  private static long runOf(long id) {
    return id >>> RUN_BITS;
  }

  int count() {
    return keys.size();
  }

  Optional<Integer> shardOfKeyId(String keyId) {
    return Optional.ofNullable(shardByKeyId.get(keyId));
  }

  void add(V value) {
    queue(shardOf(codec.owner(value), codec.id(value)), new Add<>(value));
  }

  void remove(V value) {
    remove(shardOf(codec.owner(value), codec.id(value)), ownerKey(codec.owner(value)), codec.id(value), codec.version(value));
  }

  /** Removes an entry found in {@code shard} (by {@link #diff}). */
  void remove(int shard, String owner, long id, int version) {
    queue(shard, new Remove<>(owner, id, version));
  }

  /** Removes every entry of a node, from every shard the last reads saw holding some. */
  void prune(UniqueAddress node) {
    String owner = ownerKey(node);
    for (int shard = 0; shard < keys.size(); shard++) {
      if (lastSeen.get(shard).contains(owner)) {
        prune(shard, owner);
      }
    }
  }

  /** Removes every entry of {@code owner} from {@code shard}. */
  void prune(int shard, String owner) {
    queue(shard, new Prune<>(owner));
  }

  int pendingCount() {
    return pendingCount;
  }

  V decode(UniqueAddress owner, CrdtEntry entry) throws java.io.NotSerializableException {
    return codec.decode(owner, entry);
  }

  /**
   * Asks the local replica for every shard's current value; {@code replyTo} gets a
   * {@code GetSuccess} or {@code NotFound} per shard, for {@link #diff}.
   *
   * <p>Polled rather than subscribed: a replicator computes a full digest (it serializes the whole
   * value) on every change of a key that has subscribers. A local read costs nothing until it is
   * made, and anti-entropy need not be faster than the push it backs up.
   *
   * @return the number of responses to expect
   */
  int read(org.apache.pekko.actor.ActorRef replicator, org.apache.pekko.actor.ActorRef replyTo) {
    for (Key<ORMultiMap<String, CrdtPage>> key : keys) {
      replicator.tell(new org.apache.pekko.cluster.ddata.Replicator.Get<>(key, org.apache.pekko.cluster.ddata.Replicator.readLocal()), replyTo);
    }
    return keys.size();
  }

  /**
   * One local-consistency Update per shard that has changes queued, sent to the classic replicator
   * so that no ask actor is made per Update; {@code replyTo} gets the responses.
   *
   * @return the number of Updates sent (of responses to expect)
   */
  int flush(org.apache.pekko.actor.ActorRef replicator, org.apache.pekko.actor.ActorRef replyTo, SelfUniqueAddress self) {
    if (pendingCount == 0) {
      return 0;
    }
    int updates = 0;
    int version = ++flushes;
    for (int shard = 0; shard < keys.size(); shard++) {
      List<Change<V>> changes = pending.get(shard);
      if (changes.isEmpty()) {
        continue;
      }
      List<Change<V>> batch = List.copyOf(changes);
      changes.clear();
      replicator.tell(new org.apache.pekko.cluster.ddata.Replicator.Update<ORMultiMap<String, CrdtPage>>(
          keys.get(shard), ORMultiMap.emptyWithValueDeltas(), org.apache.pekko.cluster.ddata.Replicator.writeLocal(),
          map -> apply(map, batch, version, self)), replyTo);
      updates++;
    }
    pendingCount = 0;
    return updates;
  }

  /** What changed in {@code shard} since the last value seen; remembers {@code now}. */
  Diff diff(int shard, ORMultiMap<String, CrdtPage> now) {
    ORMultiMap<String, CrdtPage> before = lastSeen.get(shard);
    lastSeen.set(shard, now);
    List<Seen> added = new ArrayList<>();
    List<Seen> removed = new ArrayList<>();
    if (before != now) {
      scala.collection.immutable.Map<String, ORSet<CrdtPage>> nowOwners = now.underlying().entries();
      scala.collection.immutable.Map<String, ORSet<CrdtPage>> beforeOwners = before.underlying().entries();
      Iterator<Tuple2<String, ORSet<CrdtPage>>> owners = nowOwners.iterator();
      while (owners.hasNext()) {
        Tuple2<String, ORSet<CrdtPage>> owner = owners.next();
        Option<ORSet<CrdtPage>> earlier = beforeOwners.get(owner._1());
        // Merges keep untouched sets as the same instance: most owners cost one comparison. This
        // node's own set, exactly as its last write left it, holds nothing it does not know.
        if (earlier.isEmpty() || earlier.get() != owner._2()) {
          Map<Long, CrdtPage> nowPages = pagesByRun(owner._2());
          Map<Long, CrdtPage> beforePages = earlier.isEmpty() ? new HashMap<>() : pagesByRun(earlier.get());
          if (owner._1().equals(ownKey)) {
            for (CrdtPage page : List.copyOf(nowPages.values())) {
              if (Objects.equals(ownPageVersions.get(page.run()), page.version())) {
                nowPages.remove(page.run());
                beforePages.remove(page.run());
              }
            }
          }
          diffOwner(owner._1(), beforePages, nowPages, added, removed);
        }
      }
      Iterator<Tuple2<String, ORSet<CrdtPage>>> gone = beforeOwners.iterator();
      while (gone.hasNext()) {
        Tuple2<String, ORSet<CrdtPage>> owner = gone.next();
        if (!nowOwners.contains(owner._1())) {
          diffOwner(owner._1(), pagesByRun(owner._2()), Map.of(), added, removed);
        }
      }
    }
    return new Diff(added, removed);
  }

  private static Map<Long, CrdtPage> pagesByRun(ORSet<CrdtPage> pages) {
    Map<Long, CrdtPage> byRun = new HashMap<>();
    Iterator<CrdtPage> it = pages.elements().iterator();
    while (it.hasNext()) {
      CrdtPage page = it.next();
      byRun.put(page.run(), page);
    }
    return byRun;
  }

  /** The entries of the runs whose page changed, added and removed. */
  private static void diffOwner(String owner, Map<Long, CrdtPage> before, Map<Long, CrdtPage> now, List<Seen> added, List<Seen> removed) {
    for (Map.Entry<Long, CrdtPage> page : now.entrySet()) {
      CrdtPage earlier = before.get(page.getKey());
      if (!page.getValue().equals(earlier)) {
        collectMissing(owner, page.getValue(), earlier, added);
        if (earlier != null) {
          collectMissing(owner, earlier, page.getValue(), removed);
        }
      }
    }
    for (Map.Entry<Long, CrdtPage> page : before.entrySet()) {
      if (!now.containsKey(page.getKey())) {
        collectMissing(owner, page.getValue(), null, removed);
      }
    }
  }

  /** Adds to {@code out} every entry of {@code from} that {@code other} (maybe null) lacks. */
  private static void collectMissing(String owner, CrdtPage from, CrdtPage other, List<Seen> out) {
    Set<CrdtEntry> others = other == null ? Set.of() : new HashSet<>(other.entries());
    for (CrdtEntry entry : from.entries()) {
      if (!others.contains(entry)) {
        out.add(new Seen(owner, entry));
      }
    }
  }

  private void queue(int shard, Change<V> change) {
    pending.get(shard).add(change);
    pendingCount++;
  }

  /** The page of one owner's run while a flush applies its changes. */
  private record PageId(String owner, long run) {}

  private ORMultiMap<String, CrdtPage> apply(ORMultiMap<String, CrdtPage> map, List<Change<V>> changes, int version, SelfUniqueAddress self) {
    String own = ownerKey(self.uniqueAddress());
    ownKey = own;
    ORMultiMap<String, CrdtPage> result = map;
    Map<PageId, Optional<CrdtPage>> oldPages = new LinkedHashMap<>();
    Map<PageId, LinkedHashMap<Long, CrdtEntry>> pages = new HashMap<>();
    for (Change<V> change : changes) {
      if (change instanceof Prune<V> prune) {
        oldPages.keySet().removeIf(page -> page.owner().equals(prune.owner()));
        if (result.contains(prune.owner())) {
          result = result.remove(self, prune.owner());
        }
        continue;
      }
      PageId pageId = change instanceof Add<V> add
          ? new PageId(ownerKey(codec.owner(add.value())), runOf(codec.id(add.value())))
          : new PageId(((Remove<V>) change).owner(), runOf(((Remove<V>) change).id()));
      if (!oldPages.containsKey(pageId)) {
        Optional<CrdtPage> old = pageOf(result, pageId);
        oldPages.put(pageId, old);
        LinkedHashMap<Long, CrdtEntry> entries = new LinkedHashMap<>();
        old.ifPresent(page -> page.entries().forEach(entry -> entries.put(entry.id(), entry)));
        pages.put(pageId, entries);
      }
      LinkedHashMap<Long, CrdtEntry> entries = pages.get(pageId);
      if (change instanceof Add<V> add) {
        V value = add.value();
        entries.put(codec.id(value), new CrdtEntry(codec.id(value), codec.version(value), codec.key(value), codec.encode(value)));
      } else if (change instanceof Remove<V> remove) {
        CrdtEntry held = entries.get(remove.id());
        if (held != null && held.version() == remove.version()) {
          entries.remove(remove.id());
        }
      }
    }
    for (Map.Entry<PageId, Optional<CrdtPage>> page : oldPages.entrySet()) {
      PageId pageId = page.getKey();
      Collection<CrdtEntry> entries = pages.get(pageId).values();
      if (page.getValue().isPresent()) {
        if (page.getValue().get().entries().equals(List.copyOf(entries))) {
          continue;
        }
        result = result.removeBinding(self, pageId.owner(), page.getValue().get());
      }
      if (!entries.isEmpty()) {
        result = result.addBinding(self, pageId.owner(), CrdtPage.of(pageId.run(), version, entries));
      }
      if (pageId.owner().equals(own)) {
        if (entries.isEmpty()) {
          ownPageVersions.remove(pageId.run());
        } else {
          ownPageVersions.put(pageId.run(), version);
        }
      }
    }
    return result;
  }

  private static Optional<CrdtPage> pageOf(ORMultiMap<String, CrdtPage> map, PageId pageId) {
    Option<scala.collection.immutable.Set<CrdtPage>> pages = map.get(pageId.owner());
    if (pages.isDefined()) {
      Iterator<CrdtPage> it = pages.get().iterator();
      while (it.hasNext()) {
        CrdtPage page = it.next();
        if (page.run() == pageId.run()) {
          return Optional.of(page);
        }
      }
    }
    return Optional.empty();
  }
}
