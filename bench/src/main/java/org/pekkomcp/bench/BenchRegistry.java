/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.bench;

import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.SpawnProtocol;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.pekkomcp.registry.EntryConfig;
import org.pekkomcp.registry.Kind;
import org.pekkomcp.registry.McpRegistry;
import org.pekkomcp.registry.Outcome;

/**
 * One actor system with the local backend, filled before measuring: {@link #SERVERS} tool servers,
 * each its own actor, registered as {@code server-0 ..}, and two explicit groups of 10 and 1,000
 * of them. Shared by all threads of a benchmark, as a node's registry is shared by its callers.
 *
 * <p>Setup waits for every outcome and checks it, so a benchmark never measures a registry that
 * is still filling or one where a write was refused.
 */
@State(Scope.Benchmark)
public class BenchRegistry {

  /** Registered servers; a power of two so a cursor wraps with a mask. */
  public static final int SERVERS = 1024;
  public static final String GROUP_10 = "bench.group-10";
  public static final String GROUP_1000 = "bench.group-1000";
  public static final EntryConfig TOOL_SERVER = EntryConfig.withCapabilities("tools");

  private static final Duration PATIENCE = Duration.ofSeconds(30);

  ActorSystem<SpawnProtocol.Command> system;
  McpRegistry registry;

  @Setup(Level.Trial)
  public void start() throws Exception {
    system = ActorSystem.create(SpawnProtocol.create(), "bench");
    registry = McpRegistry.get(system);
    for (int i = 0; i < SERVERS; i++) {
      ActorRef<Object> server = spawnIdle("server-" + i);
      expect(registry.register(Kind.SERVER, serverName(i), server, TOOL_SERVER), Outcome.Registered.class);
      if (i < 10) {
        expect(registry.join(GROUP_10, server), Outcome.Joined.class);
      }
      if (i < 1000) {
        expect(registry.join(GROUP_1000, server), Outcome.Joined.class);
      }
    }
    if (registry.members(GROUP_10).size() != 10 || registry.members(GROUP_1000).size() != 1000) {
      throw new IllegalStateException("groups not filled: " + registry.members(GROUP_10).size() + ", "
          + registry.members(GROUP_1000).size());
    }
  }

  @TearDown(Level.Trial)
  public void stop() throws Exception {
    system.terminate();
    system.getWhenTerminated().toCompletableFuture().get(PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
  }

  public static String serverName(int i) {
    return "server-" + i;
  }

  /** An actor that ignores every message: something real for the registry to watch. */
  ActorRef<Object> spawnIdle(String name) throws Exception {
    CompletionStage<ActorRef<Object>> spawned = AskPattern.ask(system,
        reply -> new SpawnProtocol.Spawn<>(Behaviors.ignore(), name, Props.empty(), reply), PATIENCE, system.scheduler());
    return spawned.toCompletableFuture().get(PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
  }

  private static void expect(CompletionStage<? extends Outcome> write, Class<? extends Outcome> expected) throws Exception {
    Outcome outcome = write.toCompletableFuture().get(PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
    if (!expected.isInstance(outcome)) {
      throw new IllegalStateException("setup expected " + expected.getSimpleName() + ", got " + outcome);
    }
  }
}
