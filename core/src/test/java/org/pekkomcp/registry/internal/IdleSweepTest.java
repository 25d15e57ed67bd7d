/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.registry.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.ManualTime;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.pekkomcp.registry.Kind;
import org.pekkomcp.registry.McpRegistry;
import org.pekkomcp.registry.Outcome;
import org.pekkomcp.registry.RegistryEvent;
import org.pekkomcp.registry.RegistryEvent.RemovalReason;
import org.pekkomcp.registry.Subscription;

/**
 * The lazy unwatch of {@link LocalRegistry}: a ref that comes to hold nothing stays watched until
 * the next sweep. The sweep must forget only refs that still hold nothing when it runs; a ref that
 * holds a name again, before or after the sweep, or never stopped holding one, is cleaned up when
 * it dies. The clock is manual,
 * so the sweep runs exactly when the test moves time past {@link LocalRegistry#IDLE_SWEEP}, and the
 * write answered after that is the evidence that the registry has handled it (its timer message was
 * queued first).
 */
class IdleSweepTest {

  private static final String STOP = "stop";
  private static final Duration BOUND = Duration.ofSeconds(10);

  private static ActorTestKit kit;
  private static ManualTime time;

  @BeforeAll
  static void start() {
    kit = ActorTestKit.create("idle-sweep", ManualTime.config().withFallback(ConfigFactory.load("application-test")));
    time = ManualTime.get(kit.system());
  }

  @AfterAll
  static void stop() {
    kit.shutdownTestKit();
  }

  @Test
  void afterTheSweepEveryRefThatHoldsANameIsStillCleanedUpOnDeath() {
    McpRegistry registry = McpRegistry.get(kit.system());
    List<RegistryEvent> events = new CopyOnWriteArrayList<>();
    Subscription subscription = registry.subscribe(events::add);
    try {
      ActorRef<Object> idle = stoppable();
      ActorRef<Object> back = stoppable();
      ActorRef<Object> dead = stoppable();
      ActorRef<Object> twoNames = stoppable();
      ActorRef<Object> member = stoppable();
      // idle and dead come to hold nothing; back holds nothing, then a name again, before the sweep.
      assertRegistered(registry.register(Kind.SERVER, "idle-1", idle));
      assertInstanceOf(Outcome.Unregistered.class, answer(registry.unregister(Kind.SERVER, "idle-1")));
      assertRegistered(registry.register(Kind.SERVER, "back-1", back));
      assertInstanceOf(Outcome.Unregistered.class, answer(registry.unregister(Kind.SERVER, "back-1")));
      assertRegistered(registry.register(Kind.SERVER, "back-2", back));
      assertRegistered(registry.register(Kind.SERVER, "dead-1", dead));
      assertInstanceOf(Outcome.Unregistered.class, answer(registry.unregister(Kind.SERVER, "dead-1")));
      // Refs that give up one holding and keep another: never idle.
      assertRegistered(registry.register(Kind.SERVER, "two-1", twoNames));
      assertRegistered(registry.register(Kind.SERVER, "two-2", twoNames));
      assertInstanceOf(Outcome.Unregistered.class, answer(registry.unregister(Kind.SERVER, "two-1")));
      assertInstanceOf(Outcome.Joined.class, answer(registry.join("sweep-group", member)));
      assertRegistered(registry.register(Kind.SERVER, "member-1", member));
      assertInstanceOf(Outcome.Unregistered.class, answer(registry.unregister(Kind.SERVER, "member-1")));
      // An idle ref that dies before the sweep: its Terminated is handled before the second write
      // after its death (it is queued behind the first).
      TestProbe<Object> watcher = kit.createTestProbe();
      dead.tell(STOP);
      watcher.expectTerminated(dead, BOUND);
      assertRegistered(registry.register(Kind.TRANSPORT, "after-death-1", stoppable()));
      assertRegistered(registry.register(Kind.TRANSPORT, "after-death-2", stoppable()));

      time.timePasses(LocalRegistry.IDLE_SWEEP);
      assertRegistered(registry.register(Kind.TRANSPORT, "after-sweep", stoppable()));
      assertRegistered(registry.register(Kind.SERVER, "idle-2", idle));

      back.tell(STOP);
      idle.tell(STOP);
      twoNames.tell(STOP);
      member.tell(STOP);
      watcher.awaitAssert(BOUND, () -> {
        assertTrue(registry.whereis(Kind.SERVER, "back-2").isEmpty(), "back-2 is removed on its holder's death");
        assertTrue(registry.whereis(Kind.SERVER, "idle-2").isEmpty(), "idle-2 is removed on its holder's death");
        assertTrue(registry.whereis(Kind.SERVER, "two-2").isEmpty(), "two-2 is removed on its holder's death");
        assertTrue(registry.members("sweep-group").isEmpty(), "the member leaves its group on death");
        // Told to the subscription made before the sweep: the registry kept its subscribers.
        assertEquals(List.of("back-2", "idle-2", "two-2"), terminatedNames(events));
        return null;
      });
    } finally {
      subscription.close();
    }
  }

  private static List<String> terminatedNames(List<RegistryEvent> events) {
    return events.stream()
        .filter(e -> e instanceof RegistryEvent.Unregistered u && u.reason() == RemovalReason.TERMINATED)
        .map(e -> ((RegistryEvent.Unregistered) e).registration().name())
        .sorted()
        .toList();
  }

  private static ActorRef<Object> stoppable() {
    return kit.spawn(Behaviors.receiveMessage(message -> STOP.equals(message) ? Behaviors.stopped() : Behaviors.same()));
  }

  private static void assertRegistered(CompletionStage<Outcome.RegisterOutcome> stage) {
    assertInstanceOf(Outcome.Registered.class, answer(stage));
  }

  private static <T> T answer(CompletionStage<T> stage) {
    try {
      return stage.toCompletableFuture().get(BOUND.toMillis(), TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      throw new AssertionError("no answer within " + BOUND, e);
    }
  }
}
