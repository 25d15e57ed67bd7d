/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.registry;

import org.apache.pekko.actor.typed.ActorSystem;

/**
 * Makes a backend for an actor system. {@link McpRegistry} finds the provider class named by
 * {@code mcp.registry.backends.<backend>} and calls its public no-argument constructor.
 */
public interface RegistryBackendProvider {
  RegistryBackend create(ActorSystem<?> system, RegistrySettings settings);
}
