/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
/**
 * What a backend is built from, for backend authors: a writer actor per node behind
 * {@link org.pekkomcp.registry.spi.RegistryActorBackend}, the messages it answers
 * ({@link org.pekkomcp.registry.spi.RegistryRequest}), the immutable view readers read without a lock or
 * a message ({@link org.pekkomcp.registry.spi.RegistryView}), and the versioned wire manifests
 * ({@link org.pekkomcp.registry.spi.WireManifests}). Applications do not use it.
 *
 * <p>It stays a public SPI, not an internal package, because a backend lives in its own module (the cluster
 * backend does, and {@code mcp.registry.backend} names any {@link org.pekkomcp.registry.RegistryBackendProvider}
 * on the classpath): {@code RegistryActorBackend}'s constructor and its {@code registry()} method name these
 * types, and so does every backend built on it. The helpers the shipped backends share (input checks, waiters,
 * subscribers, the reply future) are implementation, in {@code org.pekkomcp.registry.internal}.
 */
package org.pekkomcp.registry.spi;
