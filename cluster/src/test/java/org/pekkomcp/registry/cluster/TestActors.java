/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.registry.cluster;

import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/** Registrants for the cluster tests, and comparisons that work across nodes. */
public final class TestActors {

  public static final String STOP = "stop";

  private TestActors() {}

  /** Stops on {@code "stop"}; forwards everything else (a {@link NameConflict}, say) to {@code monitor}. */
  public static Behavior<Object> forwarding(ActorRef<Object> monitor) {
    return Behaviors.receiveMessage(message -> {
      if (STOP.equals(message)) {
        return Behaviors.stopped();
      }
      monitor.tell(message);
      return Behaviors.same();
    });
  }

  public static ActorRef<Object> spawn(ActorSystem<?> system, String name) {
    return system.systemActorOf(Behaviors.receiveMessage(m -> STOP.equals(m) ? Behaviors.stopped() : Behaviors.same()), name, Props.empty());
  }

  public static ActorRef<Object> spawn(ActorSystem<?> system, String name, ActorRef<Object> monitor) {
    return system.systemActorOf(forwarding(monitor), name, Props.empty());
  }

  /**
   * An actor's path name: the tests make them unique, and a ref read on another node carries that
   * node's view of the address, so whole refs do not compare across nodes.
   */
  public static String id(ActorRef<?> ref) {
    return ref.path().name();
  }

  public static Set<String> ids(Set<ActorRef<?>> refs) {
    return refs.stream().map(TestActors::id).collect(Collectors.toSet());
  }

  public static <T> T await(CompletionStage<T> stage) {
    try {
      return stage.toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError("no reply within 30 s", e);
    }
  }
}
