/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.mcp.transport.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * The deadlines of an actor's requests in flight, in one table ordered by deadline, with one timer
 * for all of them: the actor's sweep message, armed for the earliest deadline. A timer per request
 * costs a scheduled task to arm and one to cancel for every request, almost all of which are
 * answered long before their deadline; here a request costs an entry in two maps, and the sweep
 * runs about once per timeout while requests keep arriving (a later request never moves the
 * earliest deadline, so it arms nothing). Only its actor touches it.
 *
 * @param <K> the requests' keys
 */
final class Deadlines<K> {

  private record Entry<K>(long at, long seq, K key) {}

  private final LongSupplier clock;
  private final Consumer<Duration> armSweep;
  private final Map<K, Entry<K>> byKey = new HashMap<>();
  /** By deadline (compared as {@code System.nanoTime} values are: by their difference), then by arrival. */
  private final TreeSet<Entry<K>> ordered =
      new TreeSet<>((a, b) -> a.at() != b.at() ? Long.compare(a.at() - b.at(), 0) : Long.compare(a.seq(), b.seq()));
  private long seq;
  private boolean armed;
  private long armedAt;

  /**
   * @param clock the time in nanoseconds ({@code System::nanoTime})
   * @param armSweep arms the actor's single sweep timer to fire once after the given delay,
   *     replacing the one armed before (a keyed single timer); the actor then calls {@link #sweep}
   */
  Deadlines(LongSupplier clock, Consumer<Duration> armSweep) {
    this.clock = clock;
    this.armSweep = armSweep;
  }

  /** Sets (or moves) {@code key}'s deadline to {@code timeout} from now. */
  void set(K key, Duration timeout) {
    cancel(key);
    long now = clock.getAsLong();
    Entry<K> entry = new Entry<>(now + timeout.toNanos(), seq++, key);
    byKey.put(key, entry);
    ordered.add(entry);
    if (!armed || entry.at() - armedAt < 0) {
      arm(entry.at(), now);
    }
  }

  /** Forgets {@code key}'s deadline, if it has one. The sweep stays armed: it finds nothing due and re-arms. */
  void cancel(K key) {
    Entry<K> entry = byKey.remove(key);
    if (entry != null) {
      ordered.remove(entry);
    }
  }

  /** The sweep timer fired: the keys whose deadline has passed, earliest first, forgotten; the timer is armed for the next. */
  List<K> sweep() {
    armed = false;
    long now = clock.getAsLong();
    List<K> due = new ArrayList<>();
    while (!ordered.isEmpty() && ordered.first().at() - now <= 0) {
      Entry<K> entry = ordered.pollFirst();
      byKey.remove(entry.key());
      due.add(entry.key());
    }
    if (!ordered.isEmpty()) {
      arm(ordered.first().at(), now);
    }
    return due;
  }

  int size() {
    return byKey.size();
  }

  private void arm(long at, long now) {
    armed = true;
    armedAt = at;
    // At least a millisecond: a timer that fires a little early finds nothing due and re-arms.
    armSweep.accept(Duration.ofNanos(Math.max(at - now, 1_000_000)));
  }
}
