/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.examples;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.pekkomcp.registry.RegistryBackend;
import org.pekkomcp.registry.RegistryEvent;
import org.pekkomcp.registry.Subscription;

/**
 * A registry subscription that queues events so the demo can print them in step with the calls
 * that caused them.
 *
 * <p>Events arrive on the subscription's own actor, independently of the write's outcome, so
 * printing them as they come would interleave them with the demo's other lines. Instead the demo
 * takes exactly the number of events a step causes; the registry publishes them in the order it
 * applied them, so each step gets its own events and nothing else.
 */
final class EventLog implements AutoCloseable {

  private final BlockingQueue<RegistryEvent> events = new LinkedBlockingQueue<>();
  private final Subscription subscription;
  private final Duration patience;

  EventLog(RegistryBackend registry, Duration patience) {
    this.patience = patience;
    this.subscription = registry.subscribe(events::add);
  }

  /** The next {@code count} events, waiting up to the patience for each. */
  List<RegistryEvent> take(int count) throws InterruptedException {
    List<RegistryEvent> taken = new ArrayList<>(count);
    while (taken.size() < count) {
      RegistryEvent event = events.poll(patience.toMillis(), TimeUnit.MILLISECONDS);
      if (event == null) {
        throw new IllegalStateException("expected " + count + " events, got " + taken.size() + " within "
            + patience + ": " + taken);
      }
      taken.add(event);
    }
    return taken;
  }

  @Override
  public void close() {
    subscription.close();
  }
}
