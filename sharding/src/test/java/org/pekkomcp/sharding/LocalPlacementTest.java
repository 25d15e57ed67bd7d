/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.sharding;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.pekkomcp.mcp.server.McpServer;
import org.pekkomcp.mcp.server.ServerDefinition;
import org.pekkomcp.registry.Kind;
import org.pekkomcp.registry.McpRegistry;
import org.pekkomcp.registry.Registration;

/** Without a cluster the same API runs the server in this JVM and restarts it with backoff. */
class LocalPlacementTest {

  private static final Duration BOUND = Duration.ofSeconds(20);

  private final ActorTestKit kit = ActorTestKit.create("local-placement", ConfigFactory.parseString("""
      pekko.loglevel = WARNING
      pekko.loggers = ["org.apache.pekko.event.slf4j.Slf4jLogger"]
      pekko.logging-filter = "org.apache.pekko.event.slf4j.Slf4jLoggingFilter"
      mcp.sharding.restart-backoff-min = 50ms
      mcp.sharding.restart-backoff-max = 1s
      """).withFallback(ConfigFactory.load()));
  private final InstanceLog log = new InstanceLog();

  @AfterEach
  void stop() {
    kit.shutdownTestKit();
  }

  @Test
  void aDeclaredServerRunsHereAndRegisters() {
    ServerPlacement placement = ServerPlacement.get(kit.system());
    assertEquals(new Declaration.Declared("calc", false), placement.declare(log.spec("calc")));
    assertFalse(placement.isSharded());

    Registration found = awaitRegistered("calc");
    assertEquals(kit.system().address(), found.node());
    assertEquals(java.util.Set.of("calc"), placement.runningHere());
    assertEquals(1, log.lives("calc").size());
  }

  @Test
  void aSecondDeclarationOfTheSameNameIsRefusedAndTheFirstStays() {
    ServerPlacement placement = ServerPlacement.get(kit.system());
    placement.declare(log.spec("calc"));
    assertEquals(new Declaration.AlreadyDeclared("calc"), placement.declare(log.spec("calc")));
    awaitRegistered("calc");
    assertEquals(1, log.lives("calc").size());
  }

  @Test
  void aServerThatCrashesIsStartedAgainAndRegistersAgain() {
    ServerPlacement.get(kit.system()).declare(log.spec("calc"));
    ActorRef<?> first = awaitRegistered("calc").ref();
    @SuppressWarnings("unchecked")
    ActorRef<McpServer.Command> server = (ActorRef<McpServer.Command>) first;
    server.tell(new McpServer.ResourceUpdated(InstanceLog.CRASH));

    TestProbe<Object> probe = kit.createTestProbe();
    probe.awaitAssert(BOUND, () -> {
      Registration again = McpRegistry.get(kit.system()).whereis(Kind.SERVER, "calc").orElseThrow();
      assertNotEquals(first, again.ref());
      return null;
    });
    assertEquals(2, log.lives("calc").size());
    assertTrue(log.lives("calc").get(0).stopped().isPresent());
    log.assertNeverTwoAtOnce("calc");
  }

  @Test
  void aServerThatFailsToStartIsRetriedUntilItRuns() {
    AtomicInteger attempts = new AtomicInteger();
    ServerPlacement.get(kit.system()).declare(ServerSpec.of("flaky", () -> {
      if (attempts.incrementAndGet() < 4) {
        throw new IllegalStateException("not yet");
      }
      return ServerDefinition.of("flaky", "1");
    }));
    awaitRegistered("flaky");
    assertEquals(4, attempts.get());
  }

  @Test
  void aDefinitionWithAnotherNameNeverRegistersUnderEitherName() {
    AtomicInteger attempts = new AtomicInteger();
    ServerPlacement.get(kit.system()).declare(ServerSpec.of("wanted", () -> {
      attempts.incrementAndGet();
      return ServerDefinition.of("other", "1");
    }));
    TestProbe<Object> probe = kit.createTestProbe();
    probe.awaitAssert(BOUND, () -> {
      assertTrue(attempts.get() >= 3, "retried: " + attempts.get());
      return null;
    });
    assertTrue(McpRegistry.get(kit.system()).whereis(Kind.SERVER, "wanted").isEmpty());
    assertTrue(McpRegistry.get(kit.system()).whereis(Kind.SERVER, "other").isEmpty());
  }

  @Test
  void aRetiredServerStopsIsNotStartedAgainAndMayBeDeclaredAgain() {
    ServerPlacement placement = ServerPlacement.get(kit.system());
    placement.declare(log.spec("calc"));
    awaitRegistered("calc");

    assertEquals(new Retirement.Retiring("calc"), placement.retire("calc"));
    TestProbe<Object> probe = kit.createTestProbe();
    probe.awaitAssert(BOUND, () -> {
      assertTrue(McpRegistry.get(kit.system()).whereis(Kind.SERVER, "calc").isEmpty(), "calc is still registered");
      assertTrue(log.lives("calc").get(0).stopped().isPresent(), "calc's instance still runs");
      return null;
    });
    // Far past the restart backoff (50 ms here): a retired server is not started again.
    probe.expectNoMessage(Duration.ofSeconds(1));
    assertEquals(1, log.lives("calc").size());
    assertEquals(java.util.Set.of(), placement.runningHere());
    assertEquals(new Retirement.NotDeclared("calc"), placement.retire("calc"));

    assertEquals(new Declaration.Declared("calc", false), placement.declare(log.spec("calc")));
    awaitRegistered("calc");
    assertEquals(2, log.lives("calc").size());
  }

  @Test
  void badSpecsAreRefusedAtTheCallSite() {
    assertThrows(IllegalArgumentException.class, () -> ServerSpec.ofBehavior(" ", Behaviors::empty));
    assertThrows(IllegalArgumentException.class, () -> ServerSpec.ofBehavior("calc", Behaviors::empty).withRole(""));
    assertThrows(NullPointerException.class, () -> ServerPlacement.get(kit.system()).declare(null));
    assertThrows(NullPointerException.class, () -> ServerPlacement.get(kit.system()).retire(null));
  }

  private Registration awaitRegistered(String name) {
    return McpRegistry.get(kit.system()).await(Kind.SERVER, name, BOUND).toCompletableFuture()
        .orTimeout(BOUND.toSeconds() + 5, java.util.concurrent.TimeUnit.SECONDS).join()
        .orElseThrow(() -> new AssertionError(name + " did not register within " + BOUND));
  }
}
