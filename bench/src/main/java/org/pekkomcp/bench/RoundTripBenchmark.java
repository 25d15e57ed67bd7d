/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.actor.typed.ActorRef;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.pekkomcp.registry.Kind;
import org.pekkomcp.registry.Outcome;

/**
 * The write path of the local backend: {@code register} then {@code unregister} of a name. The
 * registry already holds 1,024 tool servers, so the standard groups a claim joins and leaves are
 * large. Every thread claims names of its own with an actor of its own; with two threads both go
 * through the one registry actor, the single writer.
 *
 * <ul>
 *   <li>{@link #registerUnregister}: one pair, each outcome awaited before the next call. Its
 *       cost is mostly the two thread hand-offs per call (caller to registry actor, reply back to
 *       the parked caller); {@link ActorHopBenchmark} measures that floor on its own.
 *   <li>{@link #registerUnregisterPipelined}: {@value #IN_FLIGHT} registers sent before the first
 *       is awaited, then {@value #IN_FLIGHT} unregisters: the registry actor's own capacity, with
 *       the hand-offs amortized. Reported per pair.
 * </ul>
 */
@BenchmarkMode({Mode.Throughput, Mode.SampleTime})
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class RoundTripBenchmark {

  static final int IN_FLIGHT = 100;

  /** One thread's names and actor. */
  @State(Scope.Thread)
  public static class Claimant {
    private static final AtomicInteger THREADS = new AtomicInteger();

    String name;
    final String[] pipelined = new String[IN_FLIGHT];
    ActorRef<Object> ref;

    @Setup(Level.Trial)
    public void claim(BenchRegistry bench) throws Exception {
      int id = THREADS.incrementAndGet();
      name = "claim-" + id;
      for (int i = 0; i < IN_FLIGHT; i++) {
        pipelined[i] = name + "-" + i;
      }
      ref = bench.spawnIdle("claimant-" + id);
    }
  }

  @Benchmark
  public Outcome registerUnregister(BenchRegistry bench, Claimant claimant) {
    expect(bench.registry.register(Kind.SERVER, claimant.name, claimant.ref, BenchRegistry.TOOL_SERVER)
        .toCompletableFuture(), Outcome.Registered.class);
    return expect(bench.registry.unregister(Kind.SERVER, claimant.name).toCompletableFuture(), Outcome.Unregistered.class);
  }

  @Benchmark
  @OperationsPerInvocation(IN_FLIGHT)
  public Outcome registerUnregisterPipelined(BenchRegistry bench, Claimant claimant) {
    List<CompletableFuture<? extends Outcome>> writes = new ArrayList<>(IN_FLIGHT);
    for (String name : claimant.pipelined) {
      writes.add(bench.registry.register(Kind.SERVER, name, claimant.ref, BenchRegistry.TOOL_SERVER).toCompletableFuture());
    }
    writes.forEach(write -> expect(write, Outcome.Registered.class));
    writes.clear();
    for (String name : claimant.pipelined) {
      writes.add(bench.registry.unregister(Kind.SERVER, name).toCompletableFuture());
    }
    Outcome last = null;
    for (CompletableFuture<? extends Outcome> write : writes) {
      last = expect(write, Outcome.Unregistered.class);
    }
    return last;
  }

  /** Waits for the outcome and fails the run on any other: a refused write must not count. */
  private static Outcome expect(CompletableFuture<? extends Outcome> write, Class<? extends Outcome> expected) {
    Outcome outcome = write.join();
    if (!expected.isInstance(outcome)) {
      throw new IllegalStateException("expected " + expected.getSimpleName() + ", got " + outcome);
    }
    return outcome;
  }
}
