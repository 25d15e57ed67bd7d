/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.registry;

import java.util.Objects;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Extension;
import org.apache.pekko.actor.typed.ExtensionId;
import org.pekkomcp.registry.internal.GuardedRegistryInstrumentation;

/**
 * The {@link RegistryInstrumentation} of an actor system: {@link RegistryInstrumentation#NONE}
 * until one is installed. The registry reads it at each event (one volatile read), so one
 * installed after the registry started, as a metrics extension started on the first scrape is,
 * sees the events from then on.
 */
public final class RegistryInstrumentations implements Extension {

  /** The extension id. */
  public static final class Id extends ExtensionId<RegistryInstrumentations> {
    private static final Id INSTANCE = new Id();

    private Id() {}

    public static Id getInstance() {
      return INSTANCE;
    }

    @Override
    public RegistryInstrumentations createExtension(ActorSystem<?> system) {
      return new RegistryInstrumentations();
    }
  }

  private volatile RegistryInstrumentation current = RegistryInstrumentation.NONE;

  private RegistryInstrumentations() {}

  public static RegistryInstrumentations get(ActorSystem<?> system) {
    return Id.INSTANCE.apply(system);
  }

  /**
   * Replaces the system's registry instrumentation. An exception it throws is logged and goes no
   * further: it cannot fail a write or stop the registry actor.
   */
  public void install(RegistryInstrumentation instrumentation) {
    current = new GuardedRegistryInstrumentation(Objects.requireNonNull(instrumentation, "instrumentation"));
  }

  /** The instrumentation events go to now. */
  public RegistryInstrumentation current() {
    return current;
  }
}
