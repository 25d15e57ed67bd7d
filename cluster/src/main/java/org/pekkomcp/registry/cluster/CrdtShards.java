package org.pekkomcp.registry.cluster;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
 * CrdtEntry>} values spread over a fixed number of top-level Distributed Data keys, written in
 * batches with local consistency.
 *
 * <h2>Layout, and why</h2>
 * <ul>
 *   <li><b>Top-level key by owner and id range</b>, not by name hash. A node numbers its entries
 *       in sequence, and {@value #RUN_BITS} bits of that number pick consecutive ids for one key:
 *       a burst of writes dirties a few keys, not all of them. Distributed Data serializes every
 *       key that changed since the last gossip round (to digest it) and ships the ones a peer
 *       lacks, so with name-hash keys each round cost the whole store once writes were spread
 *       over every key; now it costs what was written in the round.</li>
 *   <li><b>Inside a key, one ORSet per owner node</b> ({@link #ownerKey}): the owner is the only
 *       writer of its set, and pruning a node removed from the cluster is one map removal per
 *       key that holds its set, done idempotently by every survivor.</li>
 *   <li><b>Entries are bytes</b> ({@link CrdtEntry}): gossip, digests and merges copy bytes; the
 *       registry decodes only entries it does not know yet.</li>
 * </ul>
 * Keys are fixed: Distributed Data keeps deleted keys as tombstones forever. A key must stay below
 * Artery's maximum frame size (256 KiB) to be gossiped at all, which bounds the entries per key
 * (see {@code name-keys}).
 *
 * <p>Used by the registry actor only; not thread-safe. The entries' bytes are written by the
 * replicator, inside the Update's modify function, off the registry actor.
 */
final class CrdtShards<V> {

  /** Consecutive ids of one owner share a key in runs of 2^RUN_BITS. */
  static final int RUN_BITS = 8;

  /** How the registry's entries become {@link CrdtEntry}s and back. */
  interface Codec<V> {
    UniqueAddress owner(V value);

    long id(V value);

    int version(V value);

    /** The name key of a claim; empty for a membership. */
    String key(V value);

    byte[] encode(V value);

    V decode(byte[] payload) throws java.io.NotSerializableException;
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
  private final List<Key<ORMultiMap<String, CrdtEntry>>> keys = new ArrayList<>();
  private final Map<String, Integer> shardByKeyId = new HashMap<>();
  private final List<List<Change<V>>> pending = new ArrayList<>();
  private final List<ORMultiMap<String, CrdtEntry>> lastSeen = new ArrayList<>();
  private int pendingCount;

  CrdtShards(String prefix, int count, Codec<V> codec) {
    this.codec = codec;
    for (int i = 0; i < count; i++) {
      Key<ORMultiMap<String, CrdtEntry>> key = ORMultiMapKey.create(prefix + "-" + i);
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
    return Math.floorMod(31 * owner.hashCode() + (int) (id >>> RUN_BITS), keys.size());
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

  V decode(CrdtEntry entry) throws java.io.NotSerializableException {
    return codec.decode(entry.payload());
  }

  /**
   * Asks the local replica for every shard's current value; {@code replyTo} gets a
   * {@code GetSuccess} or {@code NotFound} per shard, for {@link #diff}.
   *
   * <p>Polled rather than subscribed: a replicator computes a full digest (it serializes the whole
   * value) on every change of a key that has subscribers. A local read costs nothing until it is
   * made, and anti-entropy need not be faster than the push it backs up.
   */
  void read(org.apache.pekko.actor.ActorRef replicator, org.apache.pekko.actor.ActorRef replyTo) {
    for (Key<ORMultiMap<String, CrdtEntry>> key : keys) {
      replicator.tell(new org.apache.pekko.cluster.ddata.Replicator.Get<>(key, org.apache.pekko.cluster.ddata.Replicator.readLocal()), replyTo);
    }
  }

  /**
   * One local-consistency Update per shard that has changes queued, sent to the classic replicator
   * so that no ask actor is made per Update; {@code replyTo} gets the responses.
   */
  void flush(org.apache.pekko.actor.ActorRef replicator, org.apache.pekko.actor.ActorRef replyTo, SelfUniqueAddress self) {
    if (pendingCount == 0) {
      return;
    }
    for (int shard = 0; shard < keys.size(); shard++) {
      List<Change<V>> changes = pending.get(shard);
      if (changes.isEmpty()) {
        continue;
      }
      List<Change<V>> batch = List.copyOf(changes);
      changes.clear();
      replicator.tell(new org.apache.pekko.cluster.ddata.Replicator.Update<ORMultiMap<String, CrdtEntry>>(
          keys.get(shard), ORMultiMap.emptyWithValueDeltas(), org.apache.pekko.cluster.ddata.Replicator.writeLocal(),
          map -> apply(map, batch, self)), replyTo);
    }
    pendingCount = 0;
  }

  /** What changed in {@code shard} since the last value seen; remembers {@code now}. */
  Diff diff(int shard, ORMultiMap<String, CrdtEntry> now) {
    ORMultiMap<String, CrdtEntry> before = lastSeen.get(shard);
    lastSeen.set(shard, now);
    List<Seen> added = new ArrayList<>();
    List<Seen> removed = new ArrayList<>();
    if (before != now) {
      collectMissing(now.underlying().entries(), before.underlying().entries(), added);
      collectMissing(before.underlying().entries(), now.underlying().entries(), removed);
    }
    return new Diff(added, removed);
  }

  private void queue(int shard, Change<V> change) {
    pending.get(shard).add(change);
    pendingCount++;
  }

  /** Adds to {@code out} every entry in {@code from} that {@code other} lacks. */
  private static void collectMissing(scala.collection.immutable.Map<String, ORSet<CrdtEntry>> from,
      scala.collection.immutable.Map<String, ORSet<CrdtEntry>> other, List<Seen> out) {
    Iterator<Tuple2<String, ORSet<CrdtEntry>>> owners = from.iterator();
    while (owners.hasNext()) {
      Tuple2<String, ORSet<CrdtEntry>> owner = owners.next();
      Option<ORSet<CrdtEntry>> otherEntries = other.get(owner._1());
      // Merges keep untouched sets as the same instance: most owners cost one comparison.
      if (otherEntries.isDefined() && otherEntries.get() == owner._2()) {
        continue;
      }
      Iterator<CrdtEntry> entries = owner._2().elements().iterator();
      while (entries.hasNext()) {
        CrdtEntry entry = entries.next();
        if (otherEntries.isEmpty() || !otherEntries.get().contains(entry)) {
          out.add(new Seen(owner._1(), entry));
        }
      }
    }
  }

  private ORMultiMap<String, CrdtEntry> apply(ORMultiMap<String, CrdtEntry> map, List<Change<V>> changes, SelfUniqueAddress self) {
    ORMultiMap<String, CrdtEntry> result = map;
    for (Change<V> change : changes) {
      if (change instanceof Add<V> add) {
        V value = add.value();
        result = result.addBinding(self, ownerKey(codec.owner(value)),
            new CrdtEntry(codec.id(value), codec.version(value), codec.key(value), codec.encode(value)));
      } else if (change instanceof Remove<V> remove) {
        CrdtEntry probe = CrdtEntry.probe(remove.id(), remove.version());
        Option<scala.collection.immutable.Set<CrdtEntry>> entries = result.get(remove.owner());
        if (entries.isDefined() && entries.get().contains(probe)) {
          result = result.removeBinding(self, remove.owner(), probe);
        }
      } else if (change instanceof Prune<V> prune) {
        if (result.contains(prune.owner())) {
          result = result.remove(self, prune.owner());
        }
      }
    }
    return result;
  }
}
