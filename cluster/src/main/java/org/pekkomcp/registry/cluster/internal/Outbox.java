/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.registry.cluster.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.pekko.cluster.UniqueAddress;

/**
 * The push outbox: this node's changes in the order it made them, sent to every member as one
 * numbered {@link ClusterProtocol.Batch} when the mailbox drains (or after {@code batch-window},
 * or at {@code batch-size}). The numbers let a peer see a batch Artery dropped as a gap in the
 * sender's stream (see {@code docs/cluster-design.md}, anti-entropy).
 *
 * <p>Not thread-safe: the registry actor's own state. The actor sends what {@link #take} gives
 * and schedules the flush that {@link #add} asks for.
 */
final class Outbox {

  /** What the actor does after {@link #add}. */
  enum Next {
    /** A flush is already on its way. */
    WAIT,
    /** The outbox holds {@code batch-size} changes: flush it now. */
    FLUSH_NOW,
    /** The first change since the last flush: schedule one. */
    SCHEDULE_FLUSH
  }

  private final int batchSize;
  private final List<ClusterProtocol.Op> ops = new ArrayList<>();
  /** The number of the last batch taken for broadcast. */
  private long seq;
  private boolean flushScheduled;

  Outbox(int batchSize) {
    this.batchSize = batchSize;
  }

  Next add(ClusterProtocol.Op op) {
    ops.add(op);
    if (ops.size() >= batchSize) {
      return Next.FLUSH_NOW;
    }
    if (flushScheduled) {
      return Next.WAIT;
    }
    flushScheduled = true;
    return Next.SCHEDULE_FLUSH;
  }

  /** The scheduled flush arrived: the next change schedules another. */
  void flushArrived() {
    flushScheduled = false;
  }

  /** Everything queued, as the next batch of this node's stream, or nothing if nothing is queued. */
  Optional<ClusterProtocol.Batch> take(UniqueAddress self) {
    if (ops.isEmpty()) {
      return Optional.empty();
    }
    ClusterProtocol.Batch batch = new ClusterProtocol.Batch(self, ++seq, List.copyOf(ops));
    ops.clear();
    return Optional.of(batch);
  }

  /** The number of the last batch taken: a snapshot sent now is current to it. */
  long seq() {
    return seq;
  }
}
