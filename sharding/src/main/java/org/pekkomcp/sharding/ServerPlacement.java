/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.sharding;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Extension;
import org.apache.pekko.actor.typed.ExtensionId;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.cluster.ClusterActorRefProvider;
import org.apache.pekko.cluster.sharding.typed.ShardingEnvelope;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.Entity;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.pekkomcp.registry.Kind;
import org.pekkomcp.registry.McpRegistry;

/**
 * MCP servers declared once for the whole cluster: {@code ServerPlacement.get(system).declare(spec)}
 * on every node that may host the server, and the cluster keeps exactly one instance of it
 * running on one of them, registered under its name, so clients find it wherever it runs.
 *
 * <h2>On a cluster: Cluster Sharding</h2>
 * Each declared server is a Sharding entity (entity id = server name, one shard per server) whose
 * actor, a {@link ServerHost}, runs the instance. Entities are remembered (in Distributed Data),
 * so Sharding starts a server on its new node at once, without waiting for a message:
 * <ul>
 *   <li>a crashed node: once the Split Brain Resolver downs it and it is removed, the coordinator
 *       waits the resolver's removal margin (its {@code stable-after}, the time the other side
 *       needs to stop), then places the server on a surviving node, where it starts and registers;
 *   <li>a node that leaves: its servers are handed off (stopped, name removed) during its
 *       coordinated shutdown and start on another node before it goes;
 *   <li>a node that joins: at the next rebalance some servers are handed off to it.
 * </ul>
 * A server with a {@link ServerSpec#role() role} lives in an entity type of its own, placed only
 * on nodes with that role; nodes without it route to it through a proxy.
 *
 * <h2>On one JVM</h2>
 * Without a cluster ({@code pekko.actor.provider} is not {@code cluster}) the same call runs the
 * server in this JVM under a {@link ServerHost}, which restarts it with backoff when it stops or
 * fails: an application written for the cluster runs unchanged on one node.
 */
public final class ServerPlacement implements Extension {

  /** The extension id. */
  public static final class Id extends ExtensionId<ServerPlacement> {
    private static final Id INSTANCE = new Id();

    private Id() {}

    public static Id getInstance() {
      return INSTANCE;
    }

    @Override
    public ServerPlacement createExtension(ActorSystem<?> system) {
      return new ServerPlacement(system);
    }
  }

  /** The Sharding entity type of the servers that need no role. */
  public static final String TYPE_NAME = "mcp-server";

  private static final Duration RETIRE_RETRY = Duration.ofSeconds(2);
  private static final int RETIRE_ATTEMPTS = 15;

  private final ActorSystem<?> system;
  private final PlacementSettings settings;
  private final boolean sharded;
  /** Numbers the local hosts' actor names: a retired server's host may still be stopping when it is declared again. */
  private final AtomicLong generation = new AtomicLong();
  private final Map<String, ServerSpec> catalog = new ConcurrentHashMap<>();
  private final Map<Optional<String>, ActorRef<ShardingEnvelope<ServerHost.Command>>> regions = new ConcurrentHashMap<>();
  private final Set<String> runningHere = ConcurrentHashMap.newKeySet();
  /** When each server whose host on this node was retired was retired, until declared here again ({@link ServerHost}). */
  private final Map<String, Long> retiredHere = new ConcurrentHashMap<>();
  /** On one JVM: the host of each declared server. */
  private final Map<String, ActorRef<ServerHost.Command>> localHosts = new ConcurrentHashMap<>();

  private ServerPlacement(ActorSystem<?> system) {
    this.system = system;
    this.settings = PlacementSettings.from(system.settings().config());
    this.sharded = Adapter.toClassic(system).provider() instanceof ClusterActorRefProvider;
  }

  /** This node's placement. */
  public static ServerPlacement get(ActorSystem<?> system) {
    return Id.INSTANCE.apply(system);
  }

  /**
   * Declares {@code spec} on this node: this node may host it (if it has the spec's role), and
   * the cluster starts it if it runs nowhere yet. Declare the same servers on every node that
   * may host them, as part of the node's start-up.
   */
  public Declaration declare(ServerSpec spec) {
    Objects.requireNonNull(spec, "spec");
    if (catalog.putIfAbsent(spec.name(), spec) != null) {
      return new Declaration.AlreadyDeclared(spec.name());
    }
    retiredHere.remove(spec.name());
    if (sharded) {
      regions.computeIfAbsent(spec.role(), this::initSharding)
          .tell(new ShardingEnvelope<>(spec.name(), new ServerHost.Ensure(System.currentTimeMillis())));
    } else {
      // On one JVM nothing starts a host again after its retirement: its record is its own.
      localHosts.put(spec.name(), system.systemActorOf(
          ServerHost.create(spec.name(), this::declared, settings, runningHere, new ConcurrentHashMap<>(),
              self -> () -> self.tell(ServerHost.HandOff.INSTANCE)),
          "mcp-server-" + URLEncoder.encode(spec.name(), StandardCharsets.UTF_8) + "-" + generation.incrementAndGet(), Props.empty()));
    }
    return new Declaration.Declared(spec.name(), sharded);
  }

  /**
   * Retires server {@code name} for the whole cluster: its instance stops wherever it runs, its
   * name leaves the registry, and it is not started again (Sharding forgets it). This node
   * forgets its declaration, so {@link #declare} may declare the name again later, which starts
   * the server again. Other nodes keep theirs but do not start it; a node that declares it
   * anew (its start-up code still does) starts it again, so take it out of that code too.
   * Answers once the retirement is sent; the name is gone from the registry shortly after. On a
   * cluster the retirement is sent again every 2 s, for up to 30 s, while the name is still
   * registered, in case the server's shard dropped it; a copy that reaches the server after it
   * was retired does not start it again ({@link ServerHost}).
   */
  public Retirement retire(String name) {
    Objects.requireNonNull(name, "name");
    ServerSpec spec = catalog.remove(name);
    if (spec == null) {
      return new Retirement.NotDeclared(name);
    }
    ServerHost.Retire retirement = new ServerHost.Retire(System.currentTimeMillis());
    if (sharded) {
      retireUntilGone(name, retirement, regions.get(spec.role()), RETIRE_ATTEMPTS);
    } else {
      localHosts.remove(name).tell(retirement);
    }
    return new Retirement.Retiring(name);
  }

  /**
   * Sends the retirement, and again every {@link #RETIRE_RETRY} while the name is still
   * registered and not declared here anew: a shard that is restarting (its Distributed Data
   * store timed out on a loaded machine) drops the messages sent to it meanwhile.
   */
  private void retireUntilGone(String name, ServerHost.Retire retirement,
      ActorRef<ShardingEnvelope<ServerHost.Command>> region, int attempts) {
    region.tell(new ShardingEnvelope<>(name, retirement));
    if (attempts > 1) {
      system.scheduler().scheduleOnce(RETIRE_RETRY, () -> {
        if (!catalog.containsKey(name) && McpRegistry.get(system).whereis(Kind.SERVER, name).isPresent()) {
          retireUntilGone(name, retirement, region, attempts - 1);
        }
      }, system.executionContext());
    }
  }

  /** The names of the declared servers whose instance runs on this node now. */
  public Set<String> runningHere() {
    return Set.copyOf(runningHere);
  }

  /** Whether Cluster Sharding places the servers (else they run in this JVM). */
  public boolean isSharded() {
    return sharded;
  }

  /** The settings it was made with. */
  public PlacementSettings settings() {
    return settings;
  }

  /** The Sharding entity type of the servers that need {@code role}. */
  static EntityTypeKey<ServerHost.Command> typeKey(Optional<String> role) {
    return EntityTypeKey.create(ServerHost.Command.class, role.map(r -> TYPE_NAME + "@" + r).orElse(TYPE_NAME));
  }

  private Optional<ServerSpec> declared(String name) {
    return Optional.ofNullable(catalog.get(name));
  }

  private ActorRef<ShardingEnvelope<ServerHost.Command>> initSharding(Optional<String> role) {
    Entity<ServerHost.Command, ShardingEnvelope<ServerHost.Command>> entity = Entity
        .of(typeKey(role), context -> ServerHost.create(context.getEntityId(), this::declared, settings, runningHere,
            retiredHere, self -> () -> context.getShard().tell(new ClusterSharding.Passivate<>(self))))
        .withSettings(settings.shardingSettings())
        .withStopMessage(ServerHost.HandOff.INSTANCE)
        .withMessageExtractor(new OneShardPerServer());
    return ClusterSharding.get(system).init(role.map(entity::withRole).orElse(entity));
  }
}
