/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.bench.cluster;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.LongFunction;
import java.util.function.Supplier;
import java.util.stream.LongStream;
import java.util.stream.StreamSupport;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.Member;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;
import org.pekkomcp.registry.EntryConfig;
import org.pekkomcp.registry.Kind;
import org.pekkomcp.registry.McpRegistry;
import org.pekkomcp.registry.Outcome;
import org.pekkomcp.registry.RegistryInstrumentation;
import org.pekkomcp.registry.RegistryInstrumentations;
import org.pekkomcp.registry.cluster.ClusterBackend;

/**
 * One JVM of {@link ProcessBenchmark}: hosts one cluster node (or, for the in-JVM comparison,
 * all of them) with the cluster backend's shipped settings, and runs the commands the benchmark
 * sends on stdin through the public {@link McpRegistry} API of the node a command names. The
 * registry's API is in-process, so the calls a benchmark measures are made here, in the node, as
 * an application's own callers would; everything else (starting, killing, reading CPU from
 * {@code /proc}, adding figures up) happens in the benchmark's process, which holds no node.
 *
 * <p>Protocol: one line per command, {@code <id> <command> <node> <args...>}; each answer is one
 * line {@code <id> ok <values...>} or {@code <id> error <message>}, in completion order. Commands
 * run concurrently (a producer per node for "from all nodes"). Timestamps are
 * {@code System.nanoTime()}, which is the machine's monotonic clock on Linux and so comparable
 * between the benchmark's processes. The host exits when its stdin closes (the benchmark ended or
 * died) and after {@code -Dbench.host.lifetime-minutes} (60) in any case.
 *
 * <p>Arguments: {@code <systems> <seed host:port | self>}: how many nodes to host, and whom they
 * join. Prints {@code READY <address>...} once the nodes are started (not yet joined).
 */
public final class NodeHost {

  static final String SYSTEM_NAME = "bench";
  private static final EntryConfig CONFIG = EntryConfig.withCapabilities("tools");
  private static final int OWNERS = 1024;
  /**
   * How long a pipelined run waits for its last answers. Every registry write is answered within
   * its own timeouts (10-15 s by default): a call open for longer never completes, and the run
   * reports how many there are instead of waiting for ever.
   */
  private static final long OPEN_CALL_PATIENCE_SECONDS = 120;

  private final List<ActorSystem<Void>> systems = new ArrayList<>();
  private final List<List<ActorRef<Object>>> owners = new ArrayList<>();
  private final Map<String, ActorRef<Object>> victims = new ConcurrentHashMap<>();
  /** Per node: its floor actor ({@link FloorNode}), the floor's counters, and the registry's pushes. */
  private final List<org.apache.pekko.actor.ActorRef> floors = new ArrayList<>();
  private final List<FloorNode.Counters> floorCounters = new ArrayList<>();
  private final List<Pushes> registryPushes = new ArrayList<>();
  /** Armed conditions by node and tag ("0/hidden"): each notes when it came true. */
  private final Map<String, Watch> watches = new ConcurrentHashMap<>();
  private final ExecutorService commands = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "bench-command");
    t.setDaemon(true);
    return t;
  });

  public static void main(String[] args) throws IOException {
    startWatchdog(Long.getLong("bench.host.lifetime-minutes", 60));
    // Start SLF4J before Pekko's threads race to it, else SLF4J prints a "replayed calls" warning.
    org.slf4j.LoggerFactory.getILoggerFactory();
    AllocatedBytes.start();
    NodeHost host = new NodeHost();
    int count = Integer.parseInt(args[0]);
    for (int i = 0; i < count; i++) {
      host.systems.add(ActorSystem.create(Behaviors.empty(), SYSTEM_NAME, config()));
    }
    Address seed = args[1].equals("self") ? host.systems.get(0).address()
        : new Address("pekko", SYSTEM_NAME, args[1].split(":")[0], Integer.parseInt(args[1].split(":")[1]));
    for (ActorSystem<Void> system : host.systems) {
      Cluster.get(system).manager().tell(Join.create(seed));
      List<ActorRef<Object>> pool = new ArrayList<>(OWNERS);
      for (int j = 0; j < OWNERS; j++) {
        pool.add(system.systemActorOf(Behaviors.ignore(), "owner-" + j, Props.empty()));
      }
      host.owners.add(pool);
      host.startFloor(system);
    }
    StringBuilder ready = new StringBuilder("READY");
    host.systems.forEach(s -> ready.append(' ').append(s.address().getHost().get()).append(':').append(s.address().getPort().get()));
    reply(ready.toString());
    host.serve(new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)));
    // Shutdown hooks run (a flight recording started with the JVM is written); the nodes go with the JVM.
    System.exit(0);
  }

  /**
   * This node's {@link FloorNode} (its peers: the other members' floors, found at the first
   * request), and a count of the registry's pushed batches, to compare their sizes.
   */
  private void startFloor(ActorSystem<Void> system) {
    FloorNode.Counters counters = new FloorNode.Counters();
    ExtendedActorSystem classic = (ExtendedActorSystem) Adapter.toClassic(system);
    Supplier<List<org.apache.pekko.actor.ActorRef>> peers = () -> StreamSupport
        .stream(Cluster.get(system).state().getMembers().spliterator(), false)
        .map(Member::address)
        .filter(a -> !a.equals(Cluster.get(system).selfMember().address()))
        .map(a -> classic.provider().resolveActorRef(a + "/system/" + FloorNode.NAME))
        .toList();
    floors.add(classic.systemActorOf(FloorNode.props(peers, system.executionContext(),
        system.settings().config().getInt("mcp.registry.cluster.batch-size"), counters), FloorNode.NAME));
    floorCounters.add(counters);
    Pushes pushes = new Pushes();
    RegistryInstrumentations.get(system).install(new RegistryInstrumentation() {
      @Override
      public void pushed(int ops) {
        pushes.batches.increment();
        pushes.ops.add(ops);
      }
    });
    registryPushes.add(pushes);
  }

  /** Batches the registry pushed to its peers, and the ops in them. */
  private static final class Pushes {
    final LongAdder batches = new LongAdder();
    final LongAdder ops = new LongAdder();
  }

  /**
   * The shipped settings of Pekko and the registry with {@code pekko-mcp-fast-failover.conf} (the
   * failure detector and Split Brain Resolver the documentation recommends; without a downing
   * provider a killed node is never removed), plus what a bench node on loopback needs;
   * {@code -Dbench.heartbeat-pause} replaces the failure detector's acceptable heartbeat pause.
   */
  static Config config() {
    String pause = System.getProperty("bench.heartbeat-pause", "");
    return ConfigFactory.load(ConfigFactory.parseString(pause.isEmpty() ? ""
        : "pekko.cluster.failure-detector.acceptable-heartbeat-pause = " + pause).withFallback(ConfigFactory.parseString("""
        pekko.actor.provider = cluster
        pekko.actor.allow-java-serialization = off
        pekko.remote.artery.canonical.hostname = "127.0.0.1"
        pekko.remote.artery.canonical.port = 0
        pekko.cluster.jmx.multi-mbeans-in-same-jvm = on
        pekko.coordinated-shutdown.exit-jvm = off
        mcp.registry.backend = cluster
        mcp.registry.cluster.self-join = off
        """)).withFallback(ConfigFactory.parseResources("pekko-mcp-fast-failover.conf")));
  }

  private static void startWatchdog(long minutes) {
    Thread watchdog = new Thread(() -> {
      LockSupport.parkNanos(TimeUnit.MINUTES.toNanos(minutes));
      System.err.println("bench node host: lifetime of " + minutes + " minutes over, exiting");
      Runtime.getRuntime().halt(3);
    }, "bench-watchdog");
    watchdog.setDaemon(true);
    watchdog.start();
  }

  private void serve(BufferedReader in) throws IOException {
    String line;
    while ((line = in.readLine()) != null) {
      String[] words = line.trim().split(" ");
      commands.execute(() -> {
        try {
          reply(words[0] + " ok " + run(words));
        } catch (RuntimeException e) {
          reply(words[0] + " error " + e);
        }
      });
    }
  }

  private static void reply(String line) {
    synchronized (System.out) {
      System.out.println(line);
      System.out.flush();
    }
  }

  private String run(String[] w) {
    int node = Integer.parseInt(w[2]);
    McpRegistry registry = McpRegistry.get(systems.get(node));
    return switch (w[1]) {
      case "allocated" -> String.valueOf(AllocatedBytes.sinceStart());
      case "up" -> up(node, Integer.parseInt(w[3]));
      case "register" -> pipelined(Integer.parseInt(w[7]), Long.parseLong(w[4]), Long.parseLong(w[5]), Long.parseLong(w[6]),
          i -> registry.register(Kind.SERVER, w[3] + i, owner(node, i), CONFIG).toCompletableFuture()
              .thenApply(o -> o instanceof Outcome.Registered ? null : o));
      case "join" -> pipelined(Integer.parseInt(w[7]), Long.parseLong(w[4]), Long.parseLong(w[5]), Long.parseLong(w[6]),
          i -> registry.join(w[3] + (i % 100), owner(node, i / 100)).toCompletableFuture()
              .thenApply(o -> o instanceof Outcome.Joined ? null : o));
      case "floor" -> pipelined(Integer.parseInt(w[7]), Long.parseLong(w[4]), Long.parseLong(w[5]), Long.parseLong(w[6]), i -> {
        CompletableFuture<Object> reply = new CompletableFuture<>();
        floors.get(node).tell(new FloorNode.Request(reply), org.apache.pekko.actor.ActorRef.noSender());
        return reply;
      });
      case "pushed" -> registryPushes.get(node).batches.sum() + " " + registryPushes.get(node).ops.sum() + " "
          + floorCounters.get(node).batches.sum() + " " + floorCounters.get(node).ops.sum();
      case "count-names" -> String.valueOf(LongStream.range(0, Long.parseLong(w[4]))
          .filter(i -> registry.whereis(Kind.SERVER, w[3] + i).isPresent()).count());
      case "count-members" -> String.valueOf(memberships(registry, w[3]));
      case "register-one" -> {
        Object outcome = registry.register(Kind.SERVER, w[3], owner(node, w[3].hashCode() & 1023), CONFIG).toCompletableFuture().join();
        long replied = System.nanoTime();
        yield outcome instanceof Outcome.Registered ? String.valueOf(replied) : fail(outcome);
      }
      case "victim" -> {
        ActorRef<Object> victim = systems.get(node).systemActorOf(Behaviors.receiveMessage(m -> Behaviors.stopped()), w[3], Props.empty());
        victims.put(w[3], victim);
        Object named = registry.register(Kind.SERVER, w[3], victim, EntryConfig.empty()).toCompletableFuture().join();
        Object joined = registry.join(w[4], victim).toCompletableFuture().join();
        yield named instanceof Outcome.Registered && joined instanceof Outcome.Joined ? "" : fail(named + " " + joined);
      }
      case "stop" -> {
        long stopped = System.nanoTime();
        victims.remove(w[3]).tell("stop");
        yield String.valueOf(stopped);
      }
      case "watch-present" -> arm(node, w[3], () -> registry.whereis(Kind.SERVER, w[4]).isPresent());
      case "watch-present-member" -> arm(node, w[3], () -> registry.whereis(Kind.SERVER, w[4]).isPresent() && !registry.members(w[5]).isEmpty());
      case "watch-gone-member" -> arm(node, w[3], () -> registry.whereis(Kind.SERVER, w[4]).isEmpty() && registry.members(w[5]).isEmpty());
      case "watch-hidden" -> {
        int names = Integer.parseInt(w[5]);
        yield arm(node, w[3], () -> {
          for (int i = 0; i < names; i++) {
            if (registry.whereis(Kind.SERVER, w[4] + i).isPresent()) {
              return false;
            }
          }
          return true;
        });
      }
      case "watch-removed" -> arm(node, w[3], () -> StreamSupport.stream(Cluster.get(systems.get(node)).state().getMembers().spliterator(), false)
          .map(Member::address).noneMatch(a -> (a.getHost().get() + ":" + a.getPort().get()).equals(w[4])));
      case "seen" -> String.valueOf(watches.get(node + "/" + w[3]).await(Long.parseLong(w[4])));
      default -> throw new IllegalArgumentException("unknown command " + w[1]);
    };
  }

  private static String fail(Object outcome) {
    throw new IllegalStateException("unexpected outcome " + outcome);
  }

  private ActorRef<Object> owner(int node, long i) {
    return owners.get(node).get((int) (i % OWNERS));
  }

  private static long memberships(McpRegistry registry, String groupPrefix) {
    long count = 0;
    for (int g = 0; g < 100; g++) {
      count += registry.members(groupPrefix + g).size();
    }
    return count;
  }

  /** Waits until the node sees {@code expected} members Up and counts as many registry voters. */
  private String up(int node, int expected) {
    ActorSystem<Void> system = systems.get(node);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (true) {
      long upMembers = StreamSupport.stream(Cluster.get(system).state().getMembers().spliterator(), false)
          .filter(m -> m.status() == MemberStatus.up()).count();
      if (upMembers == expected && ((ClusterBackend) McpRegistry.get(system).backend()).voters() == expected) {
        return "";
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("node sees " + upMembers + " of " + expected + " members Up after 120 s");
      }
      LoadMath.pause(20);
    }
  }

  private String arm(int node, String tag, BooleanSupplier condition) {
    Watch previous = watches.put(node + "/" + tag, new Watch(condition));
    if (previous != null) {
      previous.cancel();
    }
    return "";
  }

  /**
   * Calls {@code call(i)} for i = {@code from}, {@code from + step}, ... below {@code total}, with
   * up to {@code inflight} calls open; each call completes with null when its outcome was the
   * expected one, else with that outcome. Answers "start end calls unexpected p50 p99" (ns),
   * then the first unexpected outcome, if any.
   */
  private static String pipelined(int inflight, long from, long step, long total, LongFunction<CompletableFuture<Object>> call) {
    int calls = (int) ((total - from + step - 1) / step);
    long[] latency = new long[calls];
    Semaphore open = new Semaphore(inflight);
    AtomicLong unexpected = new AtomicLong();
    AtomicReference<Object> firstUnexpected = new AtomicReference<>();
    AtomicLong done = new AtomicLong();
    AtomicLong end = new AtomicLong();
    CompletableFuture<Void> finished = new CompletableFuture<>();
    long start = System.nanoTime();
    for (int k = 0; k < calls; k++) {
      int slot = k;
      open.acquireUninterruptibly();
      long called = System.nanoTime();
      call.apply(from + k * step).whenComplete((outcome, failure) -> {
        long now = System.nanoTime();
        latency[slot] = now - called;
        if (failure != null || outcome != null) {
          unexpected.incrementAndGet();
          firstUnexpected.compareAndSet(null, failure != null ? failure : outcome);
        }
        open.release();
        if (done.incrementAndGet() == calls) {
          end.set(now);
          finished.complete(null);
        }
      });
    }
    try {
      finished.get(OPEN_CALL_PATIENCE_SECONDS, TimeUnit.SECONDS);
    } catch (java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException((calls - done.get()) + " of " + calls + " calls still open " + OPEN_CALL_PATIENCE_SECONDS
          + " s after the last one was made (" + unexpected.get() + " unexpected outcomes so far, first: " + firstUnexpected.get() + ")");
    } catch (InterruptedException | java.util.concurrent.ExecutionException e) {
      throw new IllegalStateException(e);
    }
    Arrays.sort(latency);
    return start + " " + end.get() + " " + calls + " " + unexpected.get() + " " + LoadMath.at(latency, 50) + " "
        + LoadMath.at(latency, 99) + (firstUnexpected.get() == null ? "" : " " + firstUnexpected.get());
  }

  /** Polls a condition on its own thread every 50 µs (a spin would take a core from the nodes). */
  private static final class Watch {
    private final Thread poller;
    private volatile long seenAt;
    private volatile boolean cancelled;

    Watch(BooleanSupplier condition) {
      poller = new Thread(() -> {
        while (!cancelled && !condition.getAsBoolean()) {
          LockSupport.parkNanos(50_000);
        }
        seenAt = System.nanoTime();
      }, "bench-watch");
      poller.setDaemon(true);
      poller.start();
    }

    void cancel() {
      cancelled = true;
    }

    long await(long timeoutMillis) {
      long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
      while (seenAt == 0) {
        if (System.nanoTime() > deadline) {
          cancel();
          throw new IllegalStateException("condition not met within " + timeoutMillis + " ms");
        }
        LoadMath.pause(1);
      }
      return seenAt;
    }
  }
}
