package org.pekkomcp.registry.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.cluster.UniqueAddress;
import org.apache.pekko.cluster.ddata.DistributedData;
import org.apache.pekko.cluster.ddata.ORMultiMap;
import org.apache.pekko.cluster.ddata.Replicator;
import org.apache.pekko.cluster.typed.Cluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.pekkomcp.registry.EntryConfig;
import org.pekkomcp.registry.Kind;

/**
 * The CRDT shards against a real replicator: what is written comes back from a read as exactly
 * the entries added and removed since the last read, across page versions, runs and a prune.
 */
class CrdtShardsTest {

  private static ClusterNodes nodes;

  @BeforeAll
  static void start() {
    nodes = ClusterNodes.start("crdt-shards", 1, "");
  }

  @AfterAll
  static void stop() {
    if (nodes != null) {
      nodes.close();
    }
  }

  @Test
  void readsReturnWhatChangedSinceTheLastRead() {
    UniqueAddress owner = Cluster.get(nodes.system(0)).selfMember().uniqueAddress();
    ActorRef<Object> ref = TestActors.spawn(nodes.system(0), "crdt-owner");
    CrdtShards<Claim> shards = new CrdtShards<>("test-names", 8,
        ClusterRegistrySerializer.of(Adapter.toClassic(nodes.system(0))).claimCodec());
    // Ids 0..599 span many runs: pages in more than one key, and runs that share a key.
    List<Claim> claims = new ArrayList<>();
    for (int id = 0; id < 600; id++) {
      claims.add(new Claim(Kind.SERVER, "n-" + id, ref, owner, EntryConfig.withCapabilities("tools"), 1L, id, 0));
    }
    claims.forEach(shards::add);
    CrdtShards.Diff first = writeAndRead(shards);
    assertEquals(ids(claims), ids(first.added()));
    assertEquals(Set.of(), ids(first.removed()));

    Claim updated = claims.get(7).withConfig(EntryConfig.withCapabilities("prompts"));
    shards.remove(claims.get(7));
    shards.add(updated);
    shards.remove(claims.get(300));
    CrdtShards.Diff second = writeAndRead(shards);
    assertEquals(Set.of("7@1"), versions(second.added()));
    assertEquals(Set.of("7@0", "300@0"), versions(second.removed()));

    CrdtShards.Diff unchanged = writeAndRead(shards);
    assertEquals(List.of(), unchanged.added());
    assertEquals(List.of(), unchanged.removed());

    shards.prune(owner);
    CrdtShards.Diff pruned = writeAndRead(shards);
    assertEquals(List.of(), pruned.added());
    assertEquals(599, pruned.removed().size());
  }

  /** Flushes, then reads every shard once the replicator has applied the writes, and diffs. */
  @SuppressWarnings("unchecked")
  private static CrdtShards.Diff writeAndRead(CrdtShards<Claim> shards) {
    org.apache.pekko.actor.ActorRef replicator = DistributedData.get(Adapter.toClassic(nodes.system(0))).replicator();
    TestProbe<Object> probe = TestProbe.create(nodes.system(0));
    shards.flush(replicator, Adapter.toClassic(probe.getRef()), DistributedData.get(Adapter.toClassic(nodes.system(0))).selfUniqueAddress());
    // Updates and Gets to one replicator from one sender are handled in order.
    shards.read(replicator, Adapter.toClassic(probe.getRef()));
    List<CrdtShards.Seen> added = new ArrayList<>();
    List<CrdtShards.Seen> removed = new ArrayList<>();
    int reads = 0;
    while (reads < shards.count()) {
      Object reply = probe.receiveMessage(Duration.ofSeconds(10));
      if (reply instanceof Replicator.GetSuccess<?> success) {
        CrdtShards.Diff diff = shards.diff(shards.shardOfKeyId(success.key().id()).orElseThrow(),
            (ORMultiMap<String, CrdtPage>) success.dataValue());
        added.addAll(diff.added());
        removed.addAll(diff.removed());
        reads++;
      } else if (reply instanceof Replicator.NotFound<?>) {
        reads++;
      }
    }
    return new CrdtShards.Diff(added, removed);
  }

  private static Set<Long> ids(List<?> entries) {
    Set<Long> ids = new HashSet<>();
    for (Object entry : entries) {
      ids.add(entry instanceof Claim c ? c.id() : ((CrdtShards.Seen) entry).entry().id());
    }
    return ids;
  }

  private static Set<String> versions(List<CrdtShards.Seen> seen) {
    Set<String> versions = new HashSet<>();
    seen.forEach(s -> versions.add(s.entry().id() + "@" + s.entry().version()));
    return versions;
  }
}
