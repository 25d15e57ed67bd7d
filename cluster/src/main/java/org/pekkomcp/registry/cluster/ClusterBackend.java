package org.pekkomcp.registry.cluster;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.receptionist.ServiceKey;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;
import org.pekkomcp.registry.EntryConfig;
import org.pekkomcp.registry.Kind;
import org.pekkomcp.registry.Outcome;
import org.pekkomcp.registry.Outcome.GroupOutcome;
import org.pekkomcp.registry.Outcome.RegisterOutcome;
import org.pekkomcp.registry.Outcome.UnregisterOutcome;
import org.pekkomcp.registry.Outcome.UpdateOutcome;
import org.pekkomcp.registry.Registration;
import org.pekkomcp.registry.RegistryBackend;
import org.pekkomcp.registry.RegistryEvent;
import org.pekkomcp.registry.RegistrySettings;
import org.pekkomcp.registry.Subscription;
import org.pekkomcp.registry.spi.InputCheck;
import org.pekkomcp.registry.spi.RegistryView;
import org.pekkomcp.registry.spi.ReplyFuture;

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
public final class ClusterBackend implements RegistryBackend {

  private final RegistrySettings settings;
  private final ClusterRegistrySettings clusterSettings;
  private final Executor replies;
  private final RegistryView view = new RegistryView();
  private final AtomicInteger voters = new AtomicInteger(1);
  private final ActorRef<ClusterRegistry.Command> registry;
  private final org.apache.pekko.actor.ActorRef replicator;
  private final AtomicLong subscriptionIds = new AtomicLong();

  public ClusterBackend(ActorSystem<?> system, RegistrySettings settings) {
    String provider = system.settings().config().getString("pekko.actor.provider");
    if (!provider.equals("cluster") && !provider.endsWith("ClusterActorRefProvider")) {
      throw new IllegalStateException("mcp.registry.backend = cluster needs pekko.actor.provider = cluster, got \""
          + provider + "\"; set it in application.conf");
    }
    this.settings = settings;
    this.clusterSettings = ClusterRegistrySettings.from(system.settings().config());
    this.replicator = RegistryReplicator.start(system, system.settings().config().getConfig("mcp.registry.cluster.distributed-data"));
    this.replies = system.executionContext();
    this.registry = system.systemActorOf(
        ClusterRegistry.create(clusterSettings, view, system.executionContext(), voters, replicator),
        ClusterRegistry.ACTOR_NAME, Props.empty());
    Cluster cluster = Cluster.get(system);
    if (clusterSettings.selfJoin() && system.settings().config().getStringList("pekko.cluster.seed-nodes").isEmpty()) {
      cluster.manager().tell(Join.create(cluster.selfMember().address()));
    }
  }

  /**
   * The Receptionist key under which each node mirrors its own local members of a standard group
   * ({@link org.pekkomcp.registry.Groups}), for Pekko code that {@code Find}s or {@code Subscribe}s.
   */
  public static ServiceKey<Object> serviceKey(String group) {
    return ServiceKey.create(Object.class, group);
  }

  /** The replicator of the registry's CRDT shards on this node ({@link RegistryReplicator}). */
  org.apache.pekko.actor.ActorRef replicator() {
    return replicator;
  }

  /** The settings under {@code mcp.registry.cluster}. */
  public ClusterRegistrySettings clusterSettings() {
    return clusterSettings;
  }

  /**
   * How many registry replicas this node counts as voters now (itself plus reachable Up peers):
   * a register needs acks from a majority of them.
   */
  public int voters() {
    return voters.get();
  }

  @Override
  public CompletionStage<RegisterOutcome> register(Kind kind, String name, ActorRef<?> ref, EntryConfig config) {
    return sendUnless(InputCheck.register(kind, name, ref, config, settings.maxConfigBytes()), reply -> new ClusterRegistry.Register(kind, name, ref, config, reply));
  }

  @Override
  public CompletionStage<UnregisterOutcome> unregister(Kind kind, String name) {
    return sendUnless(InputCheck.entry(kind, name), reply -> new ClusterRegistry.Unregister(kind, name, reply));
  }

  @Override
  public CompletionStage<UpdateOutcome> update(Kind kind, String name, EntryConfig config) {
    return sendUnless(InputCheck.update(kind, name, config, settings.maxConfigBytes()), reply -> new ClusterRegistry.Update(kind, name, config, reply));
  }

  @Override
  public CompletionStage<GroupOutcome> join(String group, ActorRef<?> ref) {
    return sendUnless(InputCheck.membership(group, ref), reply -> new ClusterRegistry.Join(group, ref, reply));
  }

  @Override
  public CompletionStage<GroupOutcome> leave(String group, ActorRef<?> ref) {
    return sendUnless(InputCheck.membership(group, ref), reply -> new ClusterRegistry.Leave(group, ref, reply));
  }

  @Override
  public Optional<Registration> whereis(Kind kind, String name) {
    return view.whereis(kind, name);
  }

  @Override
  public List<Registration> list(Kind kind) {
    return view.list(kind);
  }

  @Override
  public Set<ActorRef<?>> members(String group) {
    return view.members(group);
  }

  @Override
  public Set<ActorRef<?>> localMembers(String group) {
    return view.localMembers(group);
  }

  @Override
  public Set<String> groups() {
    return view.groups();
  }

  @Override
  public boolean isDistributed() {
    return true;
  }

  @Override
  public CompletionStage<Optional<Registration>> await(Kind kind, String name, Duration timeout) {
    InputCheck.requireArgument(kind, "kind");
    InputCheck.requireArgument(name, "name");
    InputCheck.requireArgument(timeout, "timeout");
    Optional<Registration> present = view.whereis(kind, name);
    if (present.isPresent()) {
      return CompletableFuture.completedFuture(present);
    }
    return send(reply -> new ClusterRegistry.Await(kind, name, timeout, reply));
  }

  @Override
  public Subscription subscribe(Consumer<RegistryEvent> listener) {
    InputCheck.requireArgument(listener, "listener");
    long id = subscriptionIds.incrementAndGet();
    registry.tell(new ClusterRegistry.Subscribe(id, listener));
    return () -> registry.tell(new ClusterRegistry.Unsubscribe(id));
  }

  /** Answers {@code problem} at once if there is one, else sends the command. */
  @SuppressWarnings("unchecked") // Rejected implements every outcome type a write can answer
  private <T extends Outcome> CompletionStage<T> sendUnless(
      Optional<Outcome.Rejected> problem, Function<CompletableFuture<T>, ClusterRegistry.Command> command) {
    return problem.isPresent() ? CompletableFuture.completedFuture((T) problem.get()) : send(command);
  }

  private <T> CompletionStage<T> send(Function<CompletableFuture<T>, ClusterRegistry.Command> command) {
    CompletableFuture<T> reply = new ReplyFuture<>(replies);
    registry.tell(command.apply(reply));
    return reply;
  }
}
