/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.management;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.pekkomcp.registry.Kind;
import org.pekkomcp.registry.RegistryInstrumentation;

/**
 * The registry actor's work as Micrometer meters: vote latency and rounds by kind and result,
 * {@code Rejected} by reason, and the traffic between registry actors (pushes, snapshots, digest
 * repairs, pruning). Every tag is an enum, so every series is made at the start, at 0, and an
 * event costs one map lookup and the meter's own update, on the registry actor's thread.
 */
final class RegistryMeters implements RegistryInstrumentation {

  private final Map<Kind, Map<VoteResult, Timer>> votes = new EnumMap<>(Kind.class);
  private final DistributionSummary rounds;
  private final Map<RejectReason, Counter> rejected = new EnumMap<>(RejectReason.class);
  private final Counter pushes;
  private final Counter pushedOps;
  private final Counter snapshotsSent;
  private final Counter snapshotsApplied;
  private final Counter repairs;
  private final Counter pruned;

  RegistryMeters(MeterRegistry meters) {
    for (Kind kind : Kind.values()) {
      Map<VoteResult, Timer> byResult = new EnumMap<>(VoteResult.class);
      for (VoteResult result : VoteResult.values()) {
        byResult.put(result, Timer.builder("mcp.registry.votes")
            .description("Register calls voted on with this node as owner, from the call to its answer, by kind and result")
            .tag("kind", tag(kind))
            .tag("result", tag(result))
            .publishPercentileHistogram()
            .minimumExpectedValue(Duration.ofMillis(1))
            .maximumExpectedValue(Duration.ofSeconds(30))
            .register(meters));
      }
      votes.put(kind, byResult);
    }
    rounds = DistributionSummary.builder("mcp.registry.vote.rounds")
        .description("Vote rounds per register call (more than 1: a split vote retried)")
        .register(meters);
    for (RejectReason reason : RejectReason.values()) {
      rejected.put(reason, Counter.builder("mcp.registry.rejected")
          .description("Writes answered Rejected, by reason")
          .tag("reason", tag(reason))
          .register(meters));
    }
    pushes = Counter.builder("mcp.registry.pushes").description("Batches of changes this node pushed to its peers").register(meters);
    pushedOps = Counter.builder("mcp.registry.pushed.ops").description("Changes in the batches this node pushed").register(meters);
    snapshotsSent = snapshots(meters, "sent");
    snapshotsApplied = snapshots(meters, "applied");
    repairs = Counter.builder("mcp.registry.repairs")
        .description("Peers' digests that differed from this node's copy of their entries (each asks for a snapshot)")
        .register(meters);
    pruned = Counter.builder("mcp.registry.pruned")
        .description("Claims and memberships removed with the node that held them when it left the cluster")
        .register(meters);
  }

  @Override
  public void voteEnded(Kind kind, VoteResult result, int rounds, long nanos) {
    votes.get(kind).get(result).record(nanos, TimeUnit.NANOSECONDS);
    this.rounds.record(rounds);
  }

  @Override
  public void rejected(RejectReason reason) {
    rejected.get(reason).increment();
  }

  @Override
  public void pushed(int ops) {
    pushes.increment();
    pushedOps.increment(ops);
  }

  @Override
  public void snapshotSent() {
    snapshotsSent.increment();
  }

  @Override
  public void snapshotApplied(int entries) {
    snapshotsApplied.increment();
  }

  @Override
  public void digestMismatch() {
    repairs.increment();
  }

  @Override
  public void pruned(int entries) {
    pruned.increment(entries);
  }

  private static Counter snapshots(MeterRegistry meters, String direction) {
    return Counter.builder("mcp.registry.snapshots")
        .description("Snapshots of a node's own entries sent to a peer or applied from one")
        .tag("direction", direction)
        .register(meters);
  }

  private static String tag(Enum<?> value) {
    return value.name().toLowerCase(Locale.ROOT);
  }
}
