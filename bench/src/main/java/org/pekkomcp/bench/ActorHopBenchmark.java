/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.bench;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The floor under {@link RoundTripBenchmark#registerUnregister}: two awaited calls to an actor
 * that does nothing but answer, in the same actor system. No registry write can be awaited faster
 * than this on the same machine, so it tells how much of a round trip is the registry's work and
 * how much is two thread hand-offs per call.
 *
 * <ul>
 *   <li>{@link #pairAnsweredInline}: the actor completes the caller's future itself.
 *   <li>{@link #pairAnsweredViaDispatcher}: the actor hands the completion to the system
 *       dispatcher, as the local registry does so that callers' callbacks never run on it.
 * </ul>
 */
@BenchmarkMode({Mode.Throughput, Mode.SampleTime})
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class ActorHopBenchmark {

  /** Two answering actors in the benchmark's actor system. */
  @State(Scope.Benchmark)
  public static class Answerers {
    ActorRef<CompletableFuture<Object>> inline;
    ActorRef<CompletableFuture<Object>> viaDispatcher;

    @Setup(Level.Trial)
    public void start(BenchRegistry bench) {
      Executor dispatcher = bench.system.executionContext();
      inline = bench.system.systemActorOf(answer(reply -> reply.complete(Boolean.TRUE)), "answer-inline", Props.empty());
      viaDispatcher = bench.system.systemActorOf(
          answer(reply -> dispatcher.execute(() -> reply.complete(Boolean.TRUE))), "answer-via-dispatcher", Props.empty());
    }

    private static Behavior<CompletableFuture<Object>> answer(Consumer<CompletableFuture<Object>> how) {
      return Behaviors.receiveMessage(reply -> {
        how.accept(reply);
        return Behaviors.same();
      });
    }
  }

  @Benchmark
  public Object pairAnsweredInline(Answerers answerers) {
    return awaitedPair(answerers.inline);
  }

  @Benchmark
  public Object pairAnsweredViaDispatcher(Answerers answerers) {
    return awaitedPair(answerers.viaDispatcher);
  }

  private static Object awaitedPair(ActorRef<CompletableFuture<Object>> answerer) {
    CompletableFuture<Object> first = new CompletableFuture<>();
    answerer.tell(first);
    first.join();
    CompletableFuture<Object> second = new CompletableFuture<>();
    answerer.tell(second);
    return second.join();
  }
}
