package org.pekkomcp.bench;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.actor.typed.ActorRef;
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
import org.pekkomcp.registry.Kind;
import org.pekkomcp.registry.Outcome;

/**
 * The write path of the local backend: one {@code register} and one {@code unregister} of the same
 * name, each awaited before the next call, so one operation is a full round trip through the
 * registry actor twice. The registry already holds 1,024 tool servers, so the standard groups the
 * claim joins and leaves are large.
 *
 * <p>Every thread claims a name of its own with an actor of its own; with two threads both go
 * through the one registry actor, which is the point: it is the single writer.
 */
@BenchmarkMode({Mode.Throughput, Mode.SampleTime})
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class RoundTripBenchmark {

  /** One thread's name and actor. */
  @State(Scope.Thread)
  public static class Claimant {
    private static final AtomicInteger THREADS = new AtomicInteger();

    String name;
    ActorRef<Object> ref;

    @Setup(Level.Trial)
    public void claim(BenchRegistry bench) throws Exception {
      int id = THREADS.incrementAndGet();
      name = "claim-" + id;
      ref = bench.spawnIdle("claimant-" + id);
    }
  }

  @Benchmark
  public Outcome registerUnregister(BenchRegistry bench, Claimant claimant) {
    Outcome registered = bench.registry.register(Kind.SERVER, claimant.name, claimant.ref, BenchRegistry.TOOL_SERVER)
        .toCompletableFuture().join();
    if (!(registered instanceof Outcome.Registered)) {
      throw new IllegalStateException("register answered " + registered);
    }
    Outcome unregistered = bench.registry.unregister(Kind.SERVER, claimant.name).toCompletableFuture().join();
    if (!(unregistered instanceof Outcome.Unregistered)) {
      throw new IllegalStateException("unregister answered " + unregistered);
    }
    return unregistered;
  }
}
