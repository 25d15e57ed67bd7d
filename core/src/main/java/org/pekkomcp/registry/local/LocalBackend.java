package org.pekkomcp.registry.local;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Props;
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
 * The one-JVM backend (erlmcp's gproc backend): a {@link LocalRegistry} actor writes, a shared
 * {@link RegistryView} serves reads. Input is checked here, on the caller's thread, so bad input
 * is answered without a message.
 */
public final class LocalBackend implements RegistryBackend {

  /** The registry actor's name under {@code /system}. */
  public static final String ACTOR_NAME = "mcp-registry";

  private final RegistrySettings settings;
  private final RegistryView view = new RegistryView();
  private final ActorRef<LocalRegistry.Command> registry;
  private final Executor replies;
  private final AtomicLong subscriptionIds = new AtomicLong();

  public LocalBackend(ActorSystem<?> system, RegistrySettings settings) {
    this.settings = settings;
    this.replies = system.executionContext();
    this.registry = system.systemActorOf(LocalRegistry.create(view, system.address()), ACTOR_NAME, Props.empty());
  }

  @Override
  public CompletionStage<RegisterOutcome> register(Kind kind, String name, ActorRef<?> ref, EntryConfig config) {
    return sendUnless(InputCheck.register(kind, name, ref, config, settings.maxConfigBytes()), reply -> new LocalRegistry.Register(kind, name, ref, config, reply));
  }

  @Override
  public CompletionStage<UnregisterOutcome> unregister(Kind kind, String name) {
    return sendUnless(InputCheck.entry(kind, name), reply -> new LocalRegistry.Unregister(kind, name, reply));
  }

  @Override
  public CompletionStage<UpdateOutcome> update(Kind kind, String name, EntryConfig config) {
    return sendUnless(InputCheck.update(kind, name, config, settings.maxConfigBytes()), reply -> new LocalRegistry.Update(kind, name, config, reply));
  }

  @Override
  public CompletionStage<GroupOutcome> join(String group, ActorRef<?> ref) {
    return sendUnless(InputCheck.membership(group, ref), reply -> new LocalRegistry.Join(group, ref, reply));
  }

  @Override
  public CompletionStage<GroupOutcome> leave(String group, ActorRef<?> ref) {
    return sendUnless(InputCheck.membership(group, ref), reply -> new LocalRegistry.Leave(group, ref, reply));
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
    return false;
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
    return send(reply -> new LocalRegistry.Await(kind, name, timeout, reply));
  }

  @Override
  public Subscription subscribe(Consumer<RegistryEvent> listener) {
    InputCheck.requireArgument(listener, "listener");
    long id = subscriptionIds.incrementAndGet();
    registry.tell(new LocalRegistry.Subscribe(id, listener));
    return () -> registry.tell(new LocalRegistry.Unsubscribe(id));
  }

  /** Answers {@code problem} at once if there is one, else sends the command. */
  @SuppressWarnings("unchecked") // Rejected implements every outcome type a write can answer
  private <T extends Outcome> CompletionStage<T> sendUnless(
      Optional<Outcome.Rejected> problem, Function<CompletableFuture<T>, LocalRegistry.Command> command) {
    return problem.isPresent() ? CompletableFuture.completedFuture((T) problem.get()) : send(command);
  }

  private <T> CompletionStage<T> send(Function<CompletableFuture<T>, LocalRegistry.Command> command) {
    CompletableFuture<T> reply = new ReplyFuture<>(replies);
    registry.tell(command.apply(reply));
    return reply;
  }
}
