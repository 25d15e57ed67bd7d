/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.registry.cluster;

import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.receptionist.ServiceKey;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;
import org.pekkomcp.registry.RegistryInstrumentation;
import org.pekkomcp.registry.RegistryInstrumentations;
import org.pekkomcp.registry.RegistrySettings;
import org.pekkomcp.registry.cluster.internal.ClusterRegistry;
import org.pekkomcp.registry.cluster.internal.DowningCheck;
import org.pekkomcp.registry.cluster.internal.RegistryReplicator;
import org.pekkomcp.registry.spi.RegistryActorBackend;
import org.pekkomcp.registry.spi.RegistryCommand;
import org.pekkomcp.registry.spi.RegistryView;

/**
 * The cluster backend (erlmcp's {@code global} + {@code pg}): writes go to this node's
 * {@link ClusterRegistry} actor, reads come from the {@link RegistryView} it publishes. See
 * {@link ClusterRegistry} for the design.
 *
 * <p>Made at actor-system start (core lists the registry extension in
 * {@code pekko.actor.typed.extensions}), so the registry actor and its Distributed Data
 * replicator ({@link RegistryReplicator}) run on every node before anything registers: a node without them would never vote
 * or ack. With {@code mcp.registry.cluster.self-join = on} and no {@code pekko.cluster.seed-nodes},
 * the node joins itself and is a one-node cluster at once.
 */
public final class ClusterBackend extends RegistryActorBackend {

  private final ClusterRegistrySettings clusterSettings;
  private final AtomicInteger voters = new AtomicInteger(1);
  private final AtomicReference<Set<Address>> catchingUp = new AtomicReference<>(Set.of());
  private final ActorRef<RegistryCommand> registry;
  private final org.apache.pekko.actor.ActorRef replicator;
  private final RegistryInstrumentations instrumentations;

  public ClusterBackend(ActorSystem<?> system, RegistrySettings settings) {
    this(system, settings, viewOnClusterProvider(system));
  }

  private ClusterBackend(ActorSystem<?> system, RegistrySettings settings, RegistryView view) {
    super(settings, view, system.executionContext());
    this.instrumentations = RegistryInstrumentations.get(system);
    this.clusterSettings = ClusterRegistrySettings.from(system.settings().config());
    this.replicator = RegistryReplicator.start(system, system.settings().config().getConfig("mcp.registry.cluster.distributed-data"));
    this.registry = system.systemActorOf(
        ClusterRegistry.create(clusterSettings, view, system.executionContext(), voters, catchingUp, replicator),
        ClusterRegistry.ACTOR_NAME, Props.empty());
    Cluster cluster = Cluster.get(system);
    DowningCheck.warnIfNone(system);
    if (clusterSettings.selfJoin() && system.settings().config().getStringList("pekko.cluster.seed-nodes").isEmpty()) {
      cluster.manager().tell(Join.create(cluster.selfMember().address()));
    }
  }

  /** A new view, once the system is known to run the cluster provider (checked before anything starts). */
  private static RegistryView viewOnClusterProvider(ActorSystem<?> system) {
    String provider = system.settings().config().getString("pekko.actor.provider");
    if (!provider.equals("cluster") && !provider.endsWith("ClusterActorRefProvider")) {
      throw new IllegalStateException("mcp.registry.backend = cluster needs pekko.actor.provider = cluster, got \""
          + provider + "\"; set it in application.conf");
    }
    return new RegistryView();
  }

  /**
   * The Receptionist key under which each node mirrors its own local members of a standard group
   * ({@link org.pekkomcp.registry.Groups}), for Pekko code that {@code Find}s or {@code Subscribe}s.
   */
  public static ServiceKey<Object> serviceKey(String group) {
    return ServiceKey.create(Object.class, group);
  }

  /**
   * The Distributed Data replicator that carries the registry's CRDT shards on this node, and
   * nothing else: for diagnostics and tests that read the anti-entropy copy.
   */
  public org.apache.pekko.actor.ActorRef replicator() {
    return replicator;
  }

  /** The settings under {@code mcp.registry.cluster}. */
  public ClusterRegistrySettings clusterSettings() {
    return clusterSettings;
  }

  /**
   * How many registry replicas this node counts as voters now (itself plus the Up, WeaklyUp and
   * Leaving members, reachable or not): a register needs acks from a majority of them.
   */
  public int voters() {
    return voters.get();
  }

  @Override
  protected ActorRef<RegistryCommand> registry() {
    return registry;
  }

  @Override
  public Set<Address> catchingUpWith() {
    return catchingUp.get();
  }

  @Override
  protected RegistryInstrumentation instrumentation() {
    return instrumentations.current();
  }

  @Override
  public boolean isDistributed() {
    return true;
  }
}
