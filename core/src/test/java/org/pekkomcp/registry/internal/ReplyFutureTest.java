/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.registry.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every callback attached to a {@link ReplyFuture}, through any {@link CompletionStage} method,
 * sync or async, runs on the reply executor: never on the thread that completes it (the registry
 * actor's), never on the caller's. The future is completed here on a thread of the test's own,
 * standing in for the registry actor, after the callback is attached.
 */
class ReplyFutureTest {

  private static final String REPLIES = "replies-";
  private static final String REGISTRY = "registry-actor";
  private static final long WAIT_SECONDS = 10;

  private static ExecutorService replies;

  @BeforeAll
  static void start() {
    AtomicInteger threads = new AtomicInteger();
    replies = Executors.newFixedThreadPool(2, task -> new Thread(task, REPLIES + threads.incrementAndGet()));
  }

  @AfterAll
  static void stop() {
    replies.shutdownNow();
  }

  /** Attaches a callback that reports its thread to {@code ran}; answers the dependent stage. */
  private interface Attach extends BiFunction<ReplyFuture<String>, CompletableFuture<String>, CompletionStage<?>> {}

  private static Arguments on(String method, Attach attach, Object result) {
    return Arguments.of(method, attach, result);
  }

  private static void ran(CompletableFuture<String> ran) {
    ran.complete(Thread.currentThread().getName());
  }

  /** A stage that never completes: an "either" callback then fires on the reply's completion only. */
  private static CompletableFuture<String> never() {
    return new CompletableFuture<>();
  }

  static Stream<Arguments> successCallbacks() {
    CompletableFuture<String> other = CompletableFuture.completedFuture("other");
    return Stream.of(
        on("thenApply", (f, ran) -> f.thenApply(v -> { ran(ran); return v + "!"; }), "ok!"),
        on("thenApplyAsync", (f, ran) -> f.thenApplyAsync(v -> { ran(ran); return v + "!"; }), "ok!"),
        on("thenAccept", (f, ran) -> f.thenAccept(v -> ran(ran)), null),
        on("thenAcceptAsync", (f, ran) -> f.thenAcceptAsync(v -> ran(ran)), null),
        on("thenRun", (f, ran) -> f.thenRun(() -> ran(ran)), null),
        on("thenRunAsync", (f, ran) -> f.thenRunAsync(() -> ran(ran)), null),
        on("thenCombine", (f, ran) -> f.thenCombine(other, (a, b) -> { ran(ran); return a + b; }), "okother"),
        on("thenCombineAsync", (f, ran) -> f.thenCombineAsync(other, (a, b) -> { ran(ran); return a + b; }), "okother"),
        on("thenAcceptBoth", (f, ran) -> f.thenAcceptBoth(other, (a, b) -> ran(ran)), null),
        on("thenAcceptBothAsync", (f, ran) -> f.thenAcceptBothAsync(other, (a, b) -> ran(ran)), null),
        on("runAfterBoth", (f, ran) -> f.runAfterBoth(other, () -> ran(ran)), null),
        on("runAfterBothAsync", (f, ran) -> f.runAfterBothAsync(other, () -> ran(ran)), null),
        on("applyToEither", (f, ran) -> f.applyToEither(never(), v -> { ran(ran); return v + "?"; }), "ok?"),
        on("applyToEitherAsync", (f, ran) -> f.applyToEitherAsync(never(), v -> { ran(ran); return v + "?"; }), "ok?"),
        on("acceptEither", (f, ran) -> f.acceptEither(never(), v -> ran(ran)), null),
        on("acceptEitherAsync", (f, ran) -> f.acceptEitherAsync(never(), v -> ran(ran)), null),
        on("runAfterEither", (f, ran) -> f.runAfterEither(never(), () -> ran(ran)), null),
        on("runAfterEitherAsync", (f, ran) -> f.runAfterEitherAsync(never(), () -> ran(ran)), null),
        on("thenCompose", (f, ran) -> f.thenCompose(v -> { ran(ran); return CompletableFuture.completedFuture(v + "+"); }), "ok+"),
        on("thenComposeAsync", (f, ran) -> f.thenComposeAsync(v -> { ran(ran); return CompletableFuture.completedFuture(v + "+"); }), "ok+"),
        on("whenComplete", (f, ran) -> f.whenComplete((v, e) -> ran(ran)), "ok"),
        on("whenCompleteAsync", (f, ran) -> f.whenCompleteAsync((v, e) -> ran(ran)), "ok"),
        on("handle", (f, ran) -> f.handle((v, e) -> { ran(ran); return v + e; }), "oknull"),
        on("handleAsync", (f, ran) -> f.handleAsync((v, e) -> { ran(ran); return v + e; }), "oknull"),
        on("minimalCompletionStage", (f, ran) -> f.minimalCompletionStage().thenApply(v -> { ran(ran); return v + "."; }), "ok."));
  }

  static Stream<Arguments> failureCallbacks() {
    return Stream.of(
        on("exceptionally", (f, ran) -> f.exceptionally(e -> { ran(ran); return e.getMessage(); }), "boom"),
        on("exceptionallyAsync", (f, ran) -> f.exceptionallyAsync(e -> { ran(ran); return e.getMessage(); }), "boom"),
        on("exceptionallyCompose",
            (f, ran) -> f.exceptionallyCompose(e -> { ran(ran); return CompletableFuture.completedFuture(e.getMessage()); }), "boom"),
        on("exceptionallyComposeAsync",
            (f, ran) -> f.exceptionallyComposeAsync(e -> { ran(ran); return CompletableFuture.completedFuture(e.getMessage()); }), "boom"),
        on("handle on failure", (f, ran) -> f.handle((v, e) -> { ran(ran); return e.getMessage(); }), "boom"),
        on("whenComplete on failure", (f, ran) -> f.whenComplete((v, e) -> ran(ran)).exceptionally(e -> "failed"), "failed"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("successCallbacks")
  void aCallbackOnSuccessRunsOnTheReplyExecutor(String method, Attach attach, Object result) throws Exception {
    assertRunsOnTheReplyExecutor(attach, f -> f.complete("ok"), result);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("failureCallbacks")
  void aCallbackOnFailureRunsOnTheReplyExecutor(String method, Attach attach, Object result) throws Exception {
    assertRunsOnTheReplyExecutor(attach, f -> f.completeExceptionally(new IllegalStateException("boom")), result);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("successCallbacks")
  void aCallbackAttachedAfterCompletionRunsOnTheReplyExecutorNotTheCaller(String method, Attach attach, Object result)
      throws Exception {
    ReplyFuture<String> future = new ReplyFuture<>(replies);
    future.complete("ok");
    CompletableFuture<String> ran = new CompletableFuture<>();
    CompletionStage<?> stage = attach.apply(future, ran);
    assertTrue(ran.get(WAIT_SECONDS, TimeUnit.SECONDS).startsWith(REPLIES), method + " ran on " + ran.join());
    assertEquals(result, stage.toCompletableFuture().get(WAIT_SECONDS, TimeUnit.SECONDS));
  }

  /**
   * A dependent stage follows the rule too: a stage composed onto the reply, whose inner future
   * the registry actor completes, still calls back on the reply executor.
   */
  @Test
  void theStagesOfAChainAreReplyFuturesToo() throws Exception {
    ReplyFuture<String> future = new ReplyFuture<>(replies);
    CompletableFuture<String> inner = new CompletableFuture<>();
    CompletableFuture<String> ran = new CompletableFuture<>();
    CompletionStage<String> chained = future.thenApply(v -> v + "1").thenCombine(inner, (a, b) -> {
      ran(ran);
      return a + b;
    });
    onRegistryThread(() -> future.complete("ok"));
    onRegistryThread(() -> inner.complete("2"));
    assertTrue(ran.get(WAIT_SECONDS, TimeUnit.SECONDS).startsWith(REPLIES), "ran on " + ran.join());
    assertEquals("ok12", chained.toCompletableFuture().get(WAIT_SECONDS, TimeUnit.SECONDS));
  }

  private static void assertRunsOnTheReplyExecutor(Attach attach, Consumer<ReplyFuture<String>> complete, Object result)
      throws Exception {
    ReplyFuture<String> future = new ReplyFuture<>(replies);
    CompletableFuture<String> ran = new CompletableFuture<>();
    CompletionStage<?> stage = attach.apply(future, ran);
    onRegistryThread(() -> complete.accept(future));
    String thread = ran.get(WAIT_SECONDS, TimeUnit.SECONDS);
    assertTrue(thread.startsWith(REPLIES), "the callback ran on " + thread);
    assertEquals(result, stage.toCompletableFuture().get(WAIT_SECONDS, TimeUnit.SECONDS));
  }

  private static void onRegistryThread(Runnable body) throws InterruptedException {
    Thread registry = new Thread(body, REGISTRY);
    registry.start();
    registry.join(TimeUnit.SECONDS.toMillis(WAIT_SECONDS));
  }
}
