/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.sharding;

import static org.junit.jupiter.api.Assertions.fail;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.BehaviorInterceptor;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.Signal;
import org.apache.pekko.actor.typed.TypedActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.pekkomcp.mcp.server.McpServer;
import org.pekkomcp.mcp.server.ServerDefinition;

/**
 * The life of every server instance the tests start, in every node of the JVM: where and when it
 * started and stopped. An instance crashes when it gets {@code ResourceUpdated(CRASH)}.
 */
final class InstanceLog {

  static final String CRASH = "test:crash";

  /** One instance: the node it ran on, its start, and its stop once it stopped. */
  record Life(String server, String node, Instant started, Optional<Instant> stopped) {}

  private final List<Life> lives = new ArrayList<>();

  /** A server that records its life here. */
  ServerSpec spec(String name) {
    return ServerSpec.ofBehavior(name, () -> Behaviors.setup(context -> {
      String node = context.getSystem().address().toString();
      int index = started(name, node);
      return Behaviors.intercept(() -> new Recorder(index), McpServer.create(ServerDefinition.of(name, "1")));
    }));
  }

  private synchronized int started(String server, String node) {
    lives.add(new Life(server, node, Instant.now(), Optional.empty()));
    return lives.size() - 1;
  }

  private synchronized void stopped(int index) {
    Life life = lives.get(index);
    lives.set(index, new Life(life.server(), life.node(), life.started(), Optional.of(Instant.now())));
  }

  synchronized List<Life> lives(String server) {
    return lives.stream().filter(l -> l.server().equals(server)).toList();
  }

  /** The nodes whose instance of {@code server} runs now. */
  synchronized List<String> runningOn(String server) {
    return lives(server).stream().filter(l -> l.stopped().isEmpty()).map(Life::node).toList();
  }

  /** Fails if two instances of {@code server} were ever running at the same time. */
  synchronized void assertNeverTwoAtOnce(String server) {
    List<Life> sorted = new ArrayList<>(lives(server));
    sorted.sort(Comparator.comparing(Life::started));
    for (int i = 1; i < sorted.size(); i++) {
      Life before = sorted.get(i - 1);
      Life after = sorted.get(i);
      if (before.stopped().isEmpty() || before.stopped().get().isAfter(after.started())) {
        fail("two instances of " + server + " at once: " + before + " and " + after);
      }
    }
  }

  private final class Recorder extends BehaviorInterceptor<McpServer.Command, McpServer.Command> {
    private final int index;

    Recorder(int index) {
      super(McpServer.Command.class);
      this.index = index;
    }

    @Override
    public Behavior<McpServer.Command> aroundReceive(TypedActorContext<McpServer.Command> ctx, McpServer.Command msg,
        ReceiveTarget<McpServer.Command> target) {
      if (msg instanceof McpServer.ResourceUpdated updated && updated.uri().equals(CRASH)) {
        throw new IllegalStateException("crash asked for by the test");
      }
      return target.apply(ctx, msg);
    }

    @Override
    public Behavior<McpServer.Command> aroundSignal(TypedActorContext<McpServer.Command> ctx, Signal signal,
        SignalTarget<McpServer.Command> target) {
      if (signal instanceof PostStop) {
        stopped(index);
      }
      return target.apply(ctx, signal);
    }
  }
}
