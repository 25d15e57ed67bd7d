/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.registry.local;

import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Props;
import org.pekkomcp.registry.RegistryInstrumentation;
import org.pekkomcp.registry.RegistryInstrumentations;
import org.pekkomcp.registry.RegistrySettings;
import org.pekkomcp.registry.internal.LocalRegistry;
import org.pekkomcp.registry.spi.RegistryActorBackend;
import org.pekkomcp.registry.spi.RegistryCommand;
import org.pekkomcp.registry.spi.RegistryView;

/**
 * The one-JVM backend (erlmcp's gproc backend): a {@link LocalRegistry} actor writes, a shared
 * {@link RegistryView} serves reads. Input is checked on the caller's thread, so bad input is
 * answered without a message ({@link RegistryActorBackend}).
 */
public final class LocalBackend extends RegistryActorBackend {

  /** The registry actor's name under {@code /system}. */
  public static final String ACTOR_NAME = "mcp-registry";

  private final ActorRef<RegistryCommand> registry;
  private final RegistryInstrumentations instrumentations;

  public LocalBackend(ActorSystem<?> system, RegistrySettings settings) {
    this(system, settings, new RegistryView());
  }

  private LocalBackend(ActorSystem<?> system, RegistrySettings settings, RegistryView view) {
    super(settings, view, system.executionContext());
    this.registry = system.systemActorOf(LocalRegistry.create(view, system.address()), ACTOR_NAME, Props.empty());
    this.instrumentations = RegistryInstrumentations.get(system);
  }

  @Override
  protected RegistryInstrumentation instrumentation() {
    return instrumentations.current();
  }

  @Override
  protected ActorRef<RegistryCommand> registry() {
    return registry;
  }

  @Override
  public boolean isDistributed() {
    return false;
  }
}
