/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.registry.spi;

/**
 * Everything a backend's registry actor receives: the {@link RegistryRequest}s every backend
 * answers, and whatever a backend adds of its own (timers, peers' batches).
 */
public interface RegistryCommand {}
