package org.pekkomcp.registry.cluster;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.apache.pekko.cluster.ddata.Key;
import org.apache.pekko.cluster.ddata.ORMultiMap;
import org.apache.pekko.cluster.ddata.ORMultiMapKey;
import org.apache.pekko.cluster.ddata.ORSet;
import org.apache.pekko.cluster.ddata.SelfUniqueAddress;
import scala.Option;
import scala.Tuple2;
import scala.collection.Iterator;
import scala.collection.immutable.Set;

/**
 * The anti-entropy copy of one kind of entry: an {@link ORMultiMap} split over a fixed number of
 * top-level Distributed Data keys, written in batches with local consistency.
 *
 * <p>Why this shape: an Update merges and ships the whole value of its key, so the cost of a write
 * grows with the key's size. Many keys keep each value small; one Update per key per flush carries
 * every change queued since the last one; {@code WriteLocal} keeps majority round trips off this
 * path (the push between registry actors is what makes writes visible fast, this is what makes
 * them converge after lost messages and partitions). Keys are fixed: Distributed Data keeps
 * deleted keys as tombstones forever. A key must stay below Artery's maximum frame size (256 KiB)
 * to be gossiped at all, which bounds the names per key (see {@code name-keys}).
 *
 * <p>Removals match by {@link EntryId} on the value read inside the modify function, never by an
 * object handed over from elsewhere: ORSet removal uses {@code equals}, and a ref read here may not
 * equal the same actor's ref as another node built it.
 *
 * <p>Used by the registry actor only; not thread-safe.
 */
final class CrdtShards<V> {

  /** What the registry learns from one changed shard. */
  record Diff<V>(List<V> added, List<V> removed) {}

  private sealed interface Change<V> {}

  private record Add<V>(String key, V value) implements Change<V> {}

  private record Remove<V>(String key, Predicate<V> match) implements Change<V> {}

  private record Prune<V>(Predicate<V> match) implements Change<V> {}

  private final List<Key<ORMultiMap<String, V>>> keys = new ArrayList<>();
  private final Map<String, Integer> shardByKeyId = new HashMap<>();
  private final List<List<Change<V>>> pending = new ArrayList<>();
  private final List<ORMultiMap<String, V>> lastSeen = new ArrayList<>();
  private int pendingCount;

  CrdtShards(String prefix, int count) {
    for (int i = 0; i < count; i++) {
      Key<ORMultiMap<String, V>> key = ORMultiMapKey.create(prefix + "-" + i);
      keys.add(key);
      shardByKeyId.put(key.id(), i);
      pending.add(new ArrayList<>());
      lastSeen.add(ORMultiMap.emptyWithValueDeltas());
    }
  }

  int shardOf(String hashInput) {
    return Math.floorMod(hashInput.hashCode(), keys.size());
  }

  Optional<Integer> shardOfKeyId(String keyId) {
    return Optional.ofNullable(shardByKeyId.get(keyId));
  }

  void add(int shard, String key, V value) {
    queue(shard, new Add<>(key, value));
  }

  void remove(int shard, String key, Predicate<V> match) {
    queue(shard, new Remove<>(key, match));
  }

  void prune(int shard, Predicate<V> match) {
    queue(shard, new Prune<>(match));
  }

  int pendingCount() {
    return pendingCount;
  }

  /**
   * Asks the local replica for every shard's current value; {@code replyTo} gets a
   * {@code GetSuccess} or {@code NotFound} per shard, for {@link #diff}.
   *
   * <p>Polled rather than subscribed: a replicator computes a full digest (it serializes the whole
   * value) on every change of a key that has subscribers; in a profile of 3 x 20,000 registrations
   * those digests were about a fifth of all CPU samples. A local read costs nothing until it is
   * made, and anti-entropy need not be faster than the push it backs up.
   */
  void read(org.apache.pekko.actor.ActorRef replicator, org.apache.pekko.actor.ActorRef replyTo) {
    for (Key<ORMultiMap<String, V>> key : keys) {
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
      replicator.tell(new org.apache.pekko.cluster.ddata.Replicator.Update<ORMultiMap<String, V>>(
          keys.get(shard), ORMultiMap.emptyWithValueDeltas(), org.apache.pekko.cluster.ddata.Replicator.writeLocal(),
          map -> apply(map, batch, self)), replyTo);
    }
    pendingCount = 0;
  }

  /** What changed in {@code shard} since the last value seen; remembers {@code now}. */
  Diff<V> diff(int shard, ORMultiMap<String, V> now) {
    ORMultiMap<String, V> before = lastSeen.get(shard);
    lastSeen.set(shard, now);
    List<V> added = new ArrayList<>();
    List<V> removed = new ArrayList<>();
    if (before != now) {
      collectMissing(now.underlying().entries(), before.underlying().entries(), added);
      collectMissing(before.underlying().entries(), now.underlying().entries(), removed);
    }
    return new Diff<>(added, removed);
  }

  private void queue(int shard, Change<V> change) {
    pending.get(shard).add(change);
    pendingCount++;
  }

  /** Adds to {@code out} every value in {@code from} that {@code other} lacks. */
  private static <V> void collectMissing(scala.collection.immutable.Map<String, ORSet<V>> from,
      scala.collection.immutable.Map<String, ORSet<V>> other, List<V> out) {
    Iterator<Tuple2<String, ORSet<V>>> entries = from.iterator();
    while (entries.hasNext()) {
      Tuple2<String, ORSet<V>> entry = entries.next();
      Option<ORSet<V>> otherValues = other.get(entry._1());
      // Merges keep untouched sets as the same instance: most keys cost one comparison.
      if (otherValues.isDefined() && otherValues.get() == entry._2()) {
        continue;
      }
      Iterator<V> values = entry._2().elements().iterator();
      while (values.hasNext()) {
        V value = values.next();
        if (otherValues.isEmpty() || !otherValues.get().contains(value)) {
          out.add(value);
        }
      }
    }
  }

  private static <V> ORMultiMap<String, V> apply(ORMultiMap<String, V> map, List<Change<V>> changes, SelfUniqueAddress self) {
    ORMultiMap<String, V> result = map;
    for (Change<V> change : changes) {
      if (change instanceof Add<V> add) {
        result = result.addBinding(self, add.key(), add.value());
      } else if (change instanceof Remove<V> remove) {
        result = removeMatching(result, remove.key(), remove.match(), self);
      } else if (change instanceof Prune<V> prune) {
        List<String> names = new ArrayList<>();
        Iterator<String> it = result.entries().keysIterator();
        while (it.hasNext()) {
          names.add(it.next());
        }
        for (String name : names) {
          result = removeMatching(result, name, prune.match(), self);
        }
      }
    }
    return result;
  }

  private static <V> ORMultiMap<String, V> removeMatching(ORMultiMap<String, V> map, String key, Predicate<V> match, SelfUniqueAddress self) {
    Option<Set<V>> values = map.get(key);
    if (values.isEmpty()) {
      return map;
    }
    ORMultiMap<String, V> result = map;
    Iterator<V> it = values.get().iterator();
    while (it.hasNext()) {
      V value = it.next();
      if (match.test(value)) {
        result = result.removeBinding(self, key, value);
      }
    }
    return result;
  }
}
