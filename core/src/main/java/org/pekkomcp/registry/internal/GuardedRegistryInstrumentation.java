/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.registry.internal;

import org.pekkomcp.registry.Kind;
import org.pekkomcp.registry.RegistryInstrumentation;
import org.slf4j.LoggerFactory;

/** An installed {@link RegistryInstrumentation} whose failures are logged, never thrown into the registry actor ({@link InstrumentationGuard}). */
public final class GuardedRegistryInstrumentation implements RegistryInstrumentation {

  private final RegistryInstrumentation inner;
  private final InstrumentationGuard guard;

  public GuardedRegistryInstrumentation(RegistryInstrumentation inner) {
    this.inner = inner;
    this.guard = new InstrumentationGuard(inner, LoggerFactory.getLogger(RegistryInstrumentation.class));
  }

  @Override
  public void voteEnded(Kind kind, VoteResult result, int rounds, long nanos) {
    guard.run(() -> inner.voteEnded(kind, result, rounds, nanos));
  }

  @Override
  public void rejected(RejectReason reason) {
    guard.run(() -> inner.rejected(reason));
  }

  @Override
  public void pushed(int ops) {
    guard.run(() -> inner.pushed(ops));
  }

  @Override
  public void snapshotSent() {
    guard.run(inner::snapshotSent);
  }

  @Override
  public void snapshotApplied(int entries) {
    guard.run(() -> inner.snapshotApplied(entries));
  }

  @Override
  public void digestMismatch() {
    guard.run(inner::digestMismatch);
  }

  @Override
  public void pruned(int entries) {
    guard.run(() -> inner.pruned(entries));
  }
}
