/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.pekkomcp.registry.RegistryInstrumentation.RejectReason;

/**
 * The registry's instrumentation on the local backend: bad input is reported as it is answered,
 * and an instrumentation that throws cannot fail a write. The cluster backend's events (votes,
 * pushes, snapshots, pruning) are tested in the cluster and management modules.
 */
class RegistryInstrumentationTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(5);

  private final ActorTestKit kit = ActorTestKit.create();
  private final McpRegistry registry = McpRegistry.get(kit.system());
  private final ActorRef<String> server = kit.spawn(Behaviors.ignore());

  @AfterEach
  void stop() {
    kit.shutdownTestKit();
  }

  @Test
  void nothingIsReportedUntilAnInstrumentationIsInstalled() {
    assertSame(RegistryInstrumentation.NONE, RegistryInstrumentations.get(kit.system()).current());
  }

  @Test
  void badInputIsReportedAsRejectedForInvalidInput() {
    List<RejectReason> rejected = new CopyOnWriteArrayList<>();
    RegistryInstrumentations.get(kit.system()).install(new RegistryInstrumentation() {
      @Override
      public void rejected(RejectReason reason) {
        rejected.add(reason);
      }
    });

    assertInstanceOf(Outcome.Rejected.class, answer(registry.register(Kind.SERVER, " ", server, EntryConfig.empty())));
    assertInstanceOf(Outcome.Registered.class, answer(registry.register(Kind.SERVER, "weather", server, EntryConfig.empty())));
    assertInstanceOf(Outcome.Rejected.class, answer(registry.join("", server)));

    assertEquals(List.of(RejectReason.INVALID_INPUT, RejectReason.INVALID_INPUT), rejected);
  }

  @Test
  void anInstrumentationThatThrowsDoesNotFailTheWrite() {
    RegistryInstrumentations.get(kit.system()).install(new RegistryInstrumentation() {
      @Override
      public void rejected(RejectReason reason) {
        throw new IllegalStateException("a broken metrics binding");
      }
    });

    assertInstanceOf(Outcome.Rejected.class, answer(registry.register(Kind.SERVER, "", server, EntryConfig.empty())));
    assertInstanceOf(Outcome.Rejected.class, answer(registry.register(Kind.SERVER, "", server, EntryConfig.empty())));
    assertInstanceOf(Outcome.Registered.class, answer(registry.register(Kind.SERVER, "weather", server, EntryConfig.empty())));
  }

  private static <T> T answer(CompletionStage<T> stage) {
    return stage.toCompletableFuture().orTimeout(TIMEOUT.toSeconds(), TimeUnit.SECONDS).join();
  }
}
