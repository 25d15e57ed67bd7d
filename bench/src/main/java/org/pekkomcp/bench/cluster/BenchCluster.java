/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.bench.cluster;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.StreamSupport;
import org.apache.pekko.actor.DeadLetter;
import org.apache.pekko.actor.Identify;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.eventstream.EventStream;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.ddata.ORMultiMapKey;
import org.apache.pekko.cluster.ddata.Replicator;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;
import org.apache.pekko.pattern.Patterns;
import org.pekkomcp.registry.McpRegistry;
import org.pekkomcp.registry.cluster.ClusterBackend;

/**
 * Three (or more) ActorSystems in this JVM on 127.0.0.1, ephemeral ports, the cluster backend
 * with its shipped settings and Java serialization off: every registry message crosses Artery
 * through the backend's own serializer, as between real nodes, only over loopback.
 *
 * <p>Each node gets a pool of idle owner actors to register, made before anything is measured:
 * 1,024 by default ({@code -Dbench.owners=N}), which name i takes in turn. A real deployment has
 * one actor per name, which adds per name a DeathWatch entry on the owner node and a distinct
 * member in each standard group's set on every node: the heap section with
 * {@code -Dbench.owners=100000} gives that figure.
 */
final class BenchCluster implements AutoCloseable {

  static final int OWNERS_PER_NODE = Integer.getInteger("bench.owners", 1024);

  private final List<ActorSystem<Void>> systems = new ArrayList<>();
  private final List<List<ActorRef<Object>>> owners = new ArrayList<>();
  /** Messages that went to dead letters, by class: Artery puts what a full outbound queue drops there. */
  private final Map<String, LongAdder> deadLetters = new ConcurrentHashMap<>();

  private BenchCluster() {}

  static BenchCluster start(String name, int count, String overrides) {
    BenchCluster cluster = new BenchCluster();
    try {
      for (int i = 0; i < count; i++) {
        ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), name, config(overrides));
        cluster.systems.add(system);
        ActorRef<DeadLetter> counter = system.systemActorOf(Behaviors.receiveMessage(letter -> {
          cluster.deadLetters.computeIfAbsent(letter.message().getClass().getSimpleName(), k -> new LongAdder()).increment();
          return Behaviors.same();
        }), "dead-letter-counter", Props.empty());
        system.eventStream().tell(new EventStream.Subscribe<>(DeadLetter.class, counter));
      }
      Cluster first = Cluster.get(cluster.system(0));
      for (ActorSystem<Void> system : cluster.systems) {
        Cluster.get(system).manager().tell(Join.create(first.selfMember().address()));
      }
      cluster.awaitUp(Duration.ofSeconds(90));
      for (int i = 0; i < count; i++) {
        List<ActorRef<Object>> pool = new ArrayList<>(OWNERS_PER_NODE);
        for (int j = 0; j < OWNERS_PER_NODE; j++) {
          pool.add(cluster.system(i).systemActorOf(Behaviors.ignore(), "owner-" + j, Props.empty()));
        }
        cluster.owners.add(pool);
      }
      cluster.awaitOwnersStarted();
      return cluster;
    } catch (RuntimeException e) {
      cluster.close();
      throw e;
    }
  }

  static Config config(String overrides) {
    return ConfigFactory.load(ConfigFactory.parseString(overrides).withFallback(ConfigFactory.parseString("""
        pekko.actor.provider = cluster
        pekko.actor.allow-java-serialization = off
        pekko.remote.artery.canonical.hostname = "127.0.0.1"
        pekko.remote.artery.canonical.port = 0
        pekko.cluster.jmx.multi-mbeans-in-same-jvm = on
        pekko.cluster.min-nr-of-members = 1
        # Load on a shared 2-core box pauses threads for seconds; a benchmark is not a failure test.
        pekko.cluster.failure-detector.acceptable-heartbeat-pause = 20s
        pekko.coordinated-shutdown.exit-jvm = off
        mcp.registry.backend = cluster
        mcp.registry.cluster.self-join = off
        """)));
  }

  ActorSystem<Void> system(int node) {
    return systems.get(node);
  }

  int size() {
    return systems.size();
  }

  McpRegistry registry(int node) {
    return McpRegistry.get(system(node));
  }

  /**
   * Waits until every owner actor has started: a spawned actor's cell is made when its Create
   * message is processed, so without this a heap measured "after the owners were made" still
   * counted the actors that started later (a started typed actor is ~1.2 KB: with 100,000 owners
   * per node, the same code measured 512-520 bytes of live objects per name per node without
   * this and 442 with it).
   * {@code Identify} is answered by the actor cell itself, whatever the behaviour.
   */
  private void awaitOwnersStarted() {
    int batch = 10_000;
    for (List<ActorRef<Object>> pool : owners) {
      for (int from = 0; from < pool.size(); from += batch) {
        CompletableFuture<?>[] started = pool.subList(from, Math.min(pool.size(), from + batch)).stream()
            .map(owner -> Patterns.ask(Adapter.toClassic(owner), new Identify(owner.path().name()), Duration.ofSeconds(60))
                .toCompletableFuture())
            .toArray(CompletableFuture[]::new);
        CompletableFuture.allOf(started).join();
      }
    }
  }

  ActorRef<Object> owner(int node, long i) {
    List<ActorRef<Object>> pool = owners.get(node);
    return pool.get((int) (i % pool.size()));
  }

  /**
   * How many of the registry's CRDT shards (every key of {@code mcp.registry.cluster.name-keys}
   * and {@code group-keys}) do not yet hold the same value on every node's registry replicator:
   * 0 once its anti-entropy has converged. Reads each replica locally, like the registry does.
   */
  int crdtShardsNotConverged() {
    Config settings = system(0).settings().config().getConfig("mcp.registry.cluster");
    List<String> keyIds = new ArrayList<>();
    for (int i = 0; i < settings.getInt("name-keys"); i++) {
      keyIds.add("mcp-names-" + i);
    }
    for (int i = 0; i < settings.getInt("group-keys"); i++) {
      keyIds.add("mcp-groups-" + i);
    }
    String replicatorPath = "/system/" + settings.getString("distributed-data.name");
    List<List<CompletableFuture<Object>>> values = new ArrayList<>();
    for (ActorSystem<Void> system : systems) {
      org.apache.pekko.actor.ActorRef replicator;
      try {
        replicator = Adapter.toClassic(system).actorSelection(replicatorPath).resolveOne(Duration.ofSeconds(10))
            .toCompletableFuture().get(10, TimeUnit.SECONDS);
      } catch (Exception e) {
        throw new IllegalStateException("no registry replicator at " + replicatorPath, e);
      }
      List<CompletableFuture<Object>> nodeValues = new ArrayList<>();
      for (String keyId : keyIds) {
        nodeValues.add(Patterns.ask(replicator, new Replicator.Get<>(ORMultiMapKey.create(keyId), Replicator.readLocal()),
            Duration.ofSeconds(30)).toCompletableFuture().thenApply(reply ->
                reply instanceof Replicator.GetSuccess<?> success ? success.dataValue() : "none"));
      }
      values.add(nodeValues);
    }
    int differing = 0;
    for (int k = 0; k < keyIds.size(); k++) {
      Object first = values.get(0).get(k).join();
      for (int node = 1; node < values.size(); node++) {
        if (!first.equals(values.get(node).get(k).join())) {
          differing++;
          break;
        }
      }
    }
    return differing;
  }

  /** Waits until {@link #crdtShardsNotConverged} is 0; returns how long that took, or empty after {@code patience}. */
  Optional<Duration> awaitCrdtConverged(Duration patience) {
    long start = System.nanoTime();
    while (crdtShardsNotConverged() > 0) {
      if (System.nanoTime() - start > patience.toNanos()) {
        return Optional.empty();
      }
      LoadMath.pause(1_000);
    }
    return Optional.of(Duration.ofNanos(System.nanoTime() - start));
  }

  private void awaitUp(Duration patience) {
    long deadline = System.nanoTime() + patience.toNanos();
    while (true) {
      boolean ready = true;
      for (ActorSystem<Void> system : systems) {
        long up = StreamSupport.stream(Cluster.get(system).state().getMembers().spliterator(), false)
            .filter(m -> m.status() == MemberStatus.up())
            .count();
        ClusterBackend backend = (ClusterBackend) McpRegistry.get(system).backend();
        ready &= up == systems.size() && backend.voters() == systems.size();
      }
      if (ready) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("cluster of " + systems.size() + " not Up within " + patience);
      }
      LoadMath.pause(50);
    }
  }

  @Override
  public void close() {
    if (!deadLetters.isEmpty()) {
      System.out.println("dead letters before shutdown (Artery drops when its outbound queue is full): " + new TreeMap<>(deadLetters));
    }
    for (int i = systems.size() - 1; i >= 0; i--) {
      systems.get(i).terminate();
    }
    for (ActorSystem<Void> system : systems) {
      try {
        system.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
      } catch (Exception e) {
        System.err.println("node did not terminate in 30 s: " + e);
      }
    }
  }
}
