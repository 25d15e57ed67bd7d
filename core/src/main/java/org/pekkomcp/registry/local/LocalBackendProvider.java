/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.registry.local;

import org.apache.pekko.actor.typed.ActorSystem;
import org.pekkomcp.registry.RegistryBackend;
import org.pekkomcp.registry.RegistryBackendProvider;
import org.pekkomcp.registry.RegistrySettings;

/** Makes the {@link LocalBackend}; selected by {@code mcp.registry.backend = local}. */
public final class LocalBackendProvider implements RegistryBackendProvider {
  @Override
  public RegistryBackend create(ActorSystem<?> system, RegistrySettings settings) {
    return new LocalBackend(system, settings);
  }
}
