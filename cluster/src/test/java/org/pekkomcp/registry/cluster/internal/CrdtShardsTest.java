/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.registry.cluster.internal;

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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.pekkomcp.registry.EntryConfig;
import org.pekkomcp.registry.Kind;
import org.pekkomcp.registry.cluster.Claim;
import org.pekkomcp.registry.cluster.ClusterNodes;
import org.pekkomcp.registry.cluster.TestActors;

/**
 * The CRDT shards against a real replicator: what is written comes back from a read as exactly
 * the entries added and removed since the last read, across page versions, runs and a prune.
 */
class CrdtShardsTest {

  @RegisterExtension
  static final ClusterNodes nodes = ClusterNodes.of("crdt-shards", 1, "");

  @Test
  void readsReturnWhatChangedSinceTheLastRead() {
    UniqueAddress owner = Cluster.get(nodes.system(0)).selfMember().uniqueAddress();
    ActorRef<Object> ref = TestActors.spawn(nodes.system(0), "crdt-owner");
    CrdtShards<Claim> shards = new CrdtShards<>("test-names", 8,
        ClusterRegistrySerializer.of(Adapter.toClassic(nodes.system(0))).claimCodec());
    // What another node's registry sees of the same keys (it did not write them).
    CrdtShards<Claim> reader = new CrdtShards<>("test-names", 8,
        ClusterRegistrySerializer.of(Adapter.toClassic(nodes.system(0))).claimCodec());
    // Ids 0..599 span many runs: pages in more than one key, and runs that share a key.
    List<Claim> claims = new ArrayList<>();
    for (int id = 0; id < 600; id++) {
      claims.add(new Claim(Kind.SERVER, "n-" + id, ref, owner, EntryConfig.withCapabilities("tools"), 1L, id, 0));
    }
    claims.forEach(shards::add);
    CrdtShards.Diff first = writeAndRead(shards, reader);
    assertEquals(ids(claims), ids(first.added()));
    assertEquals(Set.of(), ids(first.removed()));

    Claim updated = claims.get(7).withConfig(EntryConfig.withCapabilities("prompts"));
    shards.remove(claims.get(7));
    shards.add(updated);
    shards.remove(claims.get(300));
    CrdtShards.Diff second = writeAndRead(shards, reader);
    assertEquals(Set.of("7@1"), versions(second.added()));
    assertEquals(Set.of("7@0", "300@0"), versions(second.removed()));

    CrdtShards.Diff unchanged = writeAndRead(shards, reader);
    assertEquals(List.of(), unchanged.added());
    assertEquals(List.of(), unchanged.removed());

    // The writer's own reads skip its own set while it is exactly as its last write left it.
    Claim more = new Claim(Kind.SERVER, "n-600", ref, owner, EntryConfig.empty(), 1L, 600, 0);
    shards.add(more);
    CrdtShards.Diff own = writeAndRead(shards, shards);
    assertEquals(List.of(), own.added());
    assertEquals(List.of(), own.removed());
    assertEquals(Set.of(600L), ids(writeAndRead(shards, reader).added()));

    reader.prune(owner);
    CrdtShards.Diff pruned = writeAndRead(reader, reader);
    assertEquals(List.of(), pruned.added());
    assertEquals(600, pruned.removed().size());
  }

  /** Flushes {@code shards}, then has {@code reader} read every shard once the replicator has applied the writes, and diff. */
  @SuppressWarnings("unchecked")
  private static CrdtShards.Diff writeAndRead(CrdtShards<Claim> shards, CrdtShards<Claim> reader) {
    org.apache.pekko.actor.ActorRef replicator = DistributedData.get(Adapter.toClassic(nodes.system(0))).replicator();
    TestProbe<Object> probe = TestProbe.create(nodes.system(0));
    shards.flush(replicator, Adapter.toClassic(probe.getRef()), DistributedData.get(Adapter.toClassic(nodes.system(0))).selfUniqueAddress());
    // Updates and Gets to one replicator from one sender are handled in order.
    reader.read(replicator, Adapter.toClassic(probe.getRef()));
    List<CrdtShards.Seen> added = new ArrayList<>();
    List<CrdtShards.Seen> removed = new ArrayList<>();
    int reads = 0;
    while (reads < reader.count()) {
      Object reply = probe.receiveMessage(Duration.ofSeconds(10));
      if (reply instanceof Replicator.GetSuccess<?> success) {
        CrdtShards.Diff diff = reader.diff(reader.shardOfKeyId(success.key().id()).orElseThrow(),
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
