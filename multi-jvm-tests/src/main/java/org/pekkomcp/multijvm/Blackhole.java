/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.multijvm;

import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.remote.RemoteActorRefProvider;
import org.apache.pekko.remote.transport.ThrottlerTransportAdapter;
import scala.jdk.javaapi.FutureConverters;

/**
 * Cuts and heals the link to one peer with Artery's test mode: what the multi-node testkit does
 * internally, without root and without touching the network. Needs
 * {@code pekko.remote.artery.advanced.test-mode = on} (every test node has it). Both directions
 * are dropped on this node's side; the peer's failure detector then sees this node go silent.
 */
final class Blackhole {

  private Blackhole() {}

  @SuppressWarnings("deprecation") // the throttler API is deprecated but is what test mode obeys
  static CompletionStage<Object> set(ActorSystem<?> system, Address peer, boolean cut) {
    RemoteActorRefProvider provider =
        (RemoteActorRefProvider) ((ExtendedActorSystem) Adapter.toClassic(system)).provider();
    ThrottlerTransportAdapter.SetThrottle command = new ThrottlerTransportAdapter.SetThrottle(
        peer,
        ThrottlerTransportAdapter.bothDirection(),
        cut ? ThrottlerTransportAdapter.blackholeThrottleMode() : ThrottlerTransportAdapter.unthrottledThrottleMode());
    return FutureConverters.asJava(provider.transport().managementCommand(command));
  }
}
