/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
/**
 * The registry API, what applications depend on: {@link org.pekkomcp.registry.McpRegistry} (this
 * node's registry, {@code McpRegistry.get(system)}), MCP servers and transports registered under unique
 * names of a {@link org.pekkomcp.registry.Kind} with a config, capability groups, the results of a write
 * ({@link org.pekkomcp.registry.Outcome}) and events. The semantics every backend keeps are on
 * {@link org.pekkomcp.registry.RegistryBackend}; a backend is chosen by {@code mcp.registry.backend} and
 * found through {@link org.pekkomcp.registry.RegistryBackendProvider}.
 */
package org.pekkomcp.registry;
