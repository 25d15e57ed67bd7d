/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.multijvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Scenario 5: every node is replaced, one at a time (graceful leave, then a new JVM joins),
 * while a client keeps registering new names and looking up settled ones on whichever nodes are
 * in service.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class RollingRestartTest {

  /** A name is looked up only once it is this old and the node asked has been up this long. */
  private static final Duration SETTLED = Duration.ofSeconds(2);
  private static final Duration WARM = Duration.ofSeconds(10);

  @RegisterExtension
  final JvmCluster cluster = new JvmCluster();

  /** A node in service, and since when. */
  private record InService(NodeProcess node, long since) {}

  /** A registration the client got {@code Registered} for. */
  private record Claimed(String name, NodeProcess owner, long at) {}

  @Test
  void rollingRestartUnderRegistrationsAndLookups() {
    List<NodeProcess> first = cluster.form(3);
    List<InService> inService = new CopyOnWriteArrayList<>();
    long formedAt = System.currentTimeMillis() - WARM.toMillis();
    first.forEach(n -> inService.add(new InService(n, formedAt)));
    // Clients hold the read lock for one operation; a restart step takes the write lock to take
    // a node out of service, so no operation is in flight to a node that is leaving.
    ReentrantReadWriteLock service = new ReentrantReadWriteLock();
    List<Claimed> claimed = new CopyOnWriteArrayList<>();
    Map<String, String> failures = new ConcurrentHashMap<>();
    AtomicInteger registrations = new AtomicInteger();
    AtomicInteger lookups = new AtomicInteger();
    AtomicBoolean running = new AtomicBoolean(true);

    Thread client = new Thread(() -> {
      int seq = 0;
      while (running.get()) {
        service.readLock().lock();
        try {
          long now = System.currentTimeMillis();
          List<InService> nodes = List.copyOf(inService);
          InService target = nodes.get(ThreadLocalRandom.current().nextInt(nodes.size()));
          String name = "rr-" + seq++;
          JsonNode reg = target.node().call("register server " + name + " " + name);
          registrations.incrementAndGet();
          if (reg.get("outcome").asText().equals("Registered")) {
            claimed.add(new Claimed(name, target.node(), now));
          } else {
            failures.put(name, "register on " + target.node().name() + ": " + reg);
          }
          List<Claimed> settled = claimed.stream()
              .filter(c -> c.at() < now - SETTLED.toMillis() && nodes.stream().anyMatch(s -> s.node() == c.owner()))
              .toList();
          List<InService> warm = nodes.stream().filter(s -> s.since() < now - WARM.toMillis()).toList();
          if (!settled.isEmpty() && !warm.isEmpty()) {
            Claimed c = settled.get(ThreadLocalRandom.current().nextInt(settled.size()));
            InService asked = warm.get(ThreadLocalRandom.current().nextInt(warm.size()));
            lookups.incrementAndGet();
            if (!asked.node().call("whereis server " + c.name()).get("found").asBoolean()) {
              failures.put(c.name(), "lookup on " + asked.node().name() + " missed a settled live name");
            }
          }
        } catch (AssertionError e) {
          failures.put("client-" + seq, e.getMessage());
        } finally {
          service.readLock().unlock();
        }
        LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
      }
    }, "rolling-restart-client");
    client.start();

    List<String> steps = new ArrayList<>();
    try {
      for (int i = 0; i < 3; i++) {
        NodeProcess old = first.get(i);
        service.writeLock().lock();
        try {
          inService.removeIf(s -> s.node() == old);
        } finally {
          service.writeLock().unlock();
        }
        long leaveAt = System.currentTimeMillis();
        // The replacement's JVM starts while the old node leaves; it joins once the old one is gone.
        NodeProcess replacement = cluster.startUnjoined(NodeSpec.named("n" + (i + 1) + "b"));
        old.call("cluster-leave");
        assertTrue(old.awaitExit(Duration.ofSeconds(60)), old.name() + " did not exit after leaving");
        long left = System.currentTimeMillis() - leaveAt;
        JvmCluster.join(replacement, inService.get(0).node());
        inService.add(new InService(replacement, System.currentTimeMillis()));
        inService.forEach(s -> JvmCluster.awaitMembers(s.node(), 3, 0));
        steps.add(old.name() + " left in " + left + " ms, replaced in " + (System.currentTimeMillis() - leaveAt) + " ms");
      }
    } finally {
      running.set(false);
    }
    try {
      client.join(Duration.ofSeconds(90).toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }

    long endAt = System.currentTimeMillis();
    List<NodeProcess> last = inService.stream().map(InService::node).toList();
    Views.Agreement agreed = Views.awaitAgreement(last, Duration.ofSeconds(60), endAt);
    Set<String> expected = new TreeSet<>();
    claimed.stream().filter(c -> last.contains(c.owner())).forEach(c -> expected.add("SERVER:" + c.name()));
    System.out.printf("[multi-jvm] scenario 5, rolling restart: %s; %d registrations, %d lookups, %d failures; "
            + "%d names survive on the new nodes, agreed %d ms after the last step%n",
        steps, registrations.get(), lookups.get(), failures.size(), expected.size(), agreed.afterMs());
    assertEquals(Map.of(), failures, "registrations or lookups failed during the rolling restart");
    assertTrue(registrations.get() > 0 && lookups.get() > 0, "the client did no work");
    assertEquals(expected, Views.names(agreed.dump()).keySet(),
        "the names of the nodes in service must all be there, and those of departed nodes gone");
  }
}
