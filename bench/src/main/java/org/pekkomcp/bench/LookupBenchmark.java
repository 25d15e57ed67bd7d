/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.bench;

import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorRef;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.pekkomcp.registry.Kind;
import org.pekkomcp.registry.Registration;

/**
 * The reads of the local backend: {@code whereis} of a registered and an unknown name, and
 * {@code members} of a 10- and a 1,000-member group. Reads go to the node's snapshot without a
 * message, so these measure a map lookup, not the registry actor.
 *
 * <p>Each thread walks its own cursor over 1,024 names so the lookups are not one hot key.
 * {@code members} hands out the group's published immutable set, so its cost does not depend on
 * the group's size; iterating the set is the caller's cost and is not measured here.
 */
@BenchmarkMode({Mode.Throughput, Mode.SampleTime})
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class LookupBenchmark {

  /** One thread's position in the name tables. */
  @State(Scope.Thread)
  public static class Cursor {
    private static final int MASK = BenchRegistry.SERVERS - 1;
    private final String[] hits = new String[BenchRegistry.SERVERS];
    private final String[] misses = new String[BenchRegistry.SERVERS];
    private int next;

    public Cursor() {
      for (int i = 0; i < BenchRegistry.SERVERS; i++) {
        hits[i] = BenchRegistry.serverName(i);
        misses[i] = "absent-" + i;
      }
    }

    String hit() {
      return hits[next++ & MASK];
    }

    String miss() {
      return misses[next++ & MASK];
    }
  }

  @Benchmark
  public Optional<Registration> whereisHit(BenchRegistry bench, Cursor cursor) {
    return bench.registry.whereis(Kind.SERVER, cursor.hit());
  }

  @Benchmark
  public Optional<Registration> whereisMiss(BenchRegistry bench, Cursor cursor) {
    return bench.registry.whereis(Kind.SERVER, cursor.miss());
  }

  @Benchmark
  public Set<ActorRef<?>> members10(BenchRegistry bench) {
    return bench.registry.members(BenchRegistry.GROUP_10);
  }

  @Benchmark
  public Set<ActorRef<?>> members1000(BenchRegistry bench) {
    return bench.registry.members(BenchRegistry.GROUP_1000);
  }
}
