/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
/**
 * What a backend is built from, for backend authors: a writer actor per node behind
 * {@link org.pekkomcp.registry.spi.RegistryActorBackend}, the immutable view readers read without a lock or
 * a message ({@link org.pekkomcp.registry.spi.RegistryView}), input checks done on the caller's thread, waiters,
 * subscribers, and the reply future that keeps callbacks off the writer's thread. Both shipped backends use
 * it; applications do not.
 */
package org.pekkomcp.registry.spi;
