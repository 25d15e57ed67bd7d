/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.registry.cluster;

/**
 * Picks which of two committed claims on one name keeps it, when claims that were each committed
 * by a majority of their side meet after a partition heals or membership changes (OTP
 * {@code global}'s resolve function, made deterministic).
 *
 * <p>Every node runs it on the same pairs and must get the same answer, so it must be a pure
 * function of the two claims, symmetric ({@code winner(a, b) == winner(b, a)}) and transitive.
 * Named by {@code mcp.registry.cluster.resolver}; needs a public no-argument constructor.
 */
@FunctionalInterface
public interface ConflictResolver {

  /** {@code a} or {@code b}, whichever keeps the name. */
  Claim winner(Claim a, Claim b);
}
