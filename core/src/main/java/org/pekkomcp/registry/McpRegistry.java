/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.registry;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Extension;
import org.apache.pekko.actor.typed.ExtensionId;
import org.pekkomcp.registry.Outcome.GroupOutcome;
import org.pekkomcp.registry.Outcome.RegisterOutcome;
import org.pekkomcp.registry.Outcome.UnregisterOutcome;
import org.pekkomcp.registry.Outcome.UpdateOutcome;

/**
 * The entry point: {@code McpRegistry.get(system)} is this node's registry.
 *
 * <p>The backend is chosen by {@code mcp.registry.backend} ({@code local} for one JVM,
 * {@code cluster} with the {@code pekko-mcp-cluster} module on the classpath). Every method
 * delegates to it; see {@link RegistryBackend} for the semantics. The extension is listed in
 * {@code pekko.actor.typed.extensions}, so the registry actor starts with the actor system.
 */
public final class McpRegistry implements Extension, RegistryBackend {

  /** The extension id; {@link #getInstance()} lets Pekko load it from configuration. */
  public static final class Id extends ExtensionId<McpRegistry> {
    private static final Id INSTANCE = new Id();

    private Id() {}

    public static Id getInstance() {
      return INSTANCE;
    }

    @Override
    public McpRegistry createExtension(ActorSystem<?> system) {
      return new McpRegistry(createBackend(system));
    }
  }

  private final RegistrySettings settings;
  private final RegistryBackend backend;

  private McpRegistry(Created created) {
    this.settings = created.settings();
    this.backend = created.backend();
  }

  /** This node's registry. */
  public static McpRegistry get(ActorSystem<?> system) {
    return Id.INSTANCE.apply(system);
  }

  /** The settings it was made with. */
  public RegistrySettings settings() {
    return settings;
  }

  /** The backend behind it, for backend-specific operations. */
  public RegistryBackend backend() {
    return backend;
  }

  private record Created(RegistrySettings settings, RegistryBackend backend) {}

  private static Created createBackend(ActorSystem<?> system) {
    RegistrySettings settings = RegistrySettings.from(system.settings().config());
    Class<?> providerClass;
    try {
      providerClass = Class.forName(settings.providerClass(), true, McpRegistry.class.getClassLoader());
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException(
          RegistrySettings.ROOT + ".backend = \"" + settings.backend() + "\" needs class "
              + settings.providerClass() + ", which is not on the classpath"
              + ("cluster".equals(settings.backend())
                  ? ": add the org.pekkomcp:pekko-mcp-cluster module as a dependency"
                  : ""),
          e);
    }
    if (!RegistryBackendProvider.class.isAssignableFrom(providerClass)) {
      throw new IllegalStateException(
          settings.providerClass() + " does not implement " + RegistryBackendProvider.class.getName());
    }
    try {
      RegistryBackendProvider provider =
          (RegistryBackendProvider) providerClass.getDeclaredConstructor().newInstance();
      return new Created(settings, provider.create(system, settings));
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(
          "cannot instantiate " + settings.providerClass() + " (it needs a public no-argument constructor)", e);
    }
  }

  @Override
  public CompletionStage<RegisterOutcome> register(Kind kind, String name, ActorRef<?> ref, EntryConfig config) {
    return backend.register(kind, name, ref, config);
  }

  @Override
  public CompletionStage<UnregisterOutcome> unregister(Kind kind, String name) {
    return backend.unregister(kind, name);
  }

  @Override
  public CompletionStage<UpdateOutcome> update(Kind kind, String name, EntryConfig config) {
    return backend.update(kind, name, config);
  }

  @Override
  public CompletionStage<GroupOutcome> join(String group, ActorRef<?> ref) {
    return backend.join(group, ref);
  }

  @Override
  public CompletionStage<GroupOutcome> leave(String group, ActorRef<?> ref) {
    return backend.leave(group, ref);
  }

  @Override
  public Optional<Registration> whereis(Kind kind, String name) {
    return backend.whereis(kind, name);
  }

  @Override
  public List<Registration> list(Kind kind) {
    return backend.list(kind);
  }

  @Override
  public Set<ActorRef<?>> members(String group) {
    return backend.members(group);
  }

  @Override
  public Set<ActorRef<?>> localMembers(String group) {
    return backend.localMembers(group);
  }

  @Override
  public Set<String> groups() {
    return backend.groups();
  }

  @Override
  public boolean isDistributed() {
    return backend.isDistributed();
  }

  @Override
  public CompletionStage<Optional<Registration>> await(Kind kind, String name, Duration timeout) {
    return backend.await(kind, name, timeout);
  }

  @Override
  public Subscription subscribe(Consumer<RegistryEvent> listener) {
    return backend.subscribe(listener);
  }
}
