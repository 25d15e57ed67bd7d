/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.registry.cluster.internal;

import com.typesafe.config.Config;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.cluster.ddata.Replicator;
import org.apache.pekko.cluster.ddata.ReplicatorSettings;

/**
 * The Distributed Data replicator that carries the registry's CRDT shards and nothing else, as
 * the Cluster Receptionist has its own. It reads {@code mcp.registry.cluster.distributed-data}
 * (Pekko's {@code pekko.cluster.distributed-data} block with the registry's changes), so the
 * registry neither imposes its gossip settings on the application's own replicator nor depends
 * on them.
 *
 * <p>Why the registry needs its own: its shards are anti-entropy behind the push, and
 * full-state gossip every 2 s (Pekko's default) fed back on itself under a write burst. Each
 * exchange ships every key that differs between two replicas, an overloaded replicator falls
 * behind, so more keys differ at the next exchange, and its mailbox filled with gossip holding
 * whole key values (measured: 300,000 names from 3 nodes went in at 9 K/s for the first
 * 100,000, then at 1.3-1.9 K/s, with gigabytes of heap in queued gossip). By default it
 * gossips every 20 s and ships at most 50 keys per status chunk (500 per round), so one
 * exchange costs a bounded amount however many keys differ: the owners' ordered pushes and
 * snapshots keep replicas in step, and this only has to converge in the end.
 *
 * <p>Internal API: public only for {@link org.pekkomcp.registry.cluster.ClusterBackend}, which starts it.
 */
public final class RegistryReplicator {

  private RegistryReplicator() {}

  /** Starts this node's registry replicator, under {@code /system/<name>} as every node must. */
  public static org.apache.pekko.actor.ActorRef start(ActorSystem<?> system, Config ddataConfig) {
    ReplicatorSettings settings = ReplicatorSettings.apply(ddataConfig);
    return ((ExtendedActorSystem) Adapter.toClassic(system)).systemActorOf(Replicator.props(settings), ddataConfig.getString("name"));
  }
}
