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
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Scenario 6: for 60 s a client per node registers, unregisters, updates, looks up and stops
 * actors on a shared pool of names at a steady rate, while the test kills node 3 (kill -9),
 * starts a replacement once the cluster removed it, and cuts node 2 off for a few seconds. Every
 * operation is recorded; after the nodes agree, {@link ChurnChecker} replays them against the
 * final registry. The Split Brain Resolver waits 10 s here: long enough for the short partition
 * to heal without downing, short enough for the killed node to be removed within the run. The
 * crash watch's verdicts in every node's log are judged against the kill ({@link CrashVerdicts}):
 * none may name a live node.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class ChurnTest {

  private static final Duration RUN = Duration.ofSeconds(60);
  private static final Duration PACE = Duration.ofMillis(25);
  private static final int POOL = 60;

  @RegisterExtension
  final JvmCluster cluster = new JvmCluster();

  /** A name a client holds: the actor it spawned for it and that actor's ref. */
  private record Held(String actor, String ref) {}

  @Test
  void churnWithACrashAndAPartitionKeepsTheInvariants() {
    List<NodeProcess> first = cluster.form(NodeSpec.numbered(3, spec -> spec.withStableAfter(Duration.ofSeconds(10))));
    AtomicReferenceArray<NodeProcess> slots = new AtomicReferenceArray<>(first.toArray(NodeProcess[]::new));
    List<Operation> ops = new CopyOnWriteArrayList<>();
    AtomicBoolean running = new AtomicBoolean(true);
    List<Thread> clients = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      int slot = i;
      Thread t = new Thread(() -> runClient(slot, slots, ops, running), "churn-client-" + (i + 1));
      clients.add(t);
      t.start();
    }

    long startedAt = System.currentTimeMillis();
    List<String> faults = new ArrayList<>();
    Set<String> deadNodes = new HashSet<>();
    NodeProcess n1 = first.get(0);
    try {
      Polling.holdsFor(Duration.ofSeconds(10), () -> assertTrue(n1.isAlive()));
      NodeProcess victim = first.get(2);
      deadNodes.add(victim.address());
      slots.set(2, null);
      long killedAt = System.currentTimeMillis();
      victim.kill9();
      JvmCluster.awaitMembers(n1, 2, 0);
      faults.add("kill -9 n3 at +" + (killedAt - startedAt) + " ms (removed after " + (System.currentTimeMillis() - killedAt) + " ms)");

      NodeProcess replacement = cluster.start(NodeSpec.named("n3b").withSeed(n1.address()).withStableAfter(Duration.ofSeconds(10)));
      replacement.awaitReady(JvmCluster.READY_TIMEOUT);
      List.of(n1, first.get(1), replacement).forEach(n -> JvmCluster.awaitMembers(n, 3, 0));
      slots.set(2, replacement);
      faults.add("n3b started and Up at +" + (System.currentTimeMillis() - startedAt) + " ms");

      NodeProcess cut = first.get(1);
      long cutAt = System.currentTimeMillis();
      cut.call("blackhole " + n1.address());
      cut.call("blackhole " + replacement.address());
      JvmCluster.awaitMembers(n1, 3, 1);
      Polling.holdsFor(Duration.ofSeconds(2), () -> assertTrue(cut.isAlive()));
      cut.call("heal " + n1.address());
      cut.call("heal " + replacement.address());
      List.of(n1, cut, replacement).forEach(n -> JvmCluster.awaitMembers(n, 3, 0));
      faults.add("n2 cut off at +" + (cutAt - startedAt) + " ms for " + (System.currentTimeMillis() - cutAt) + " ms");

      long left = RUN.toMillis() - (System.currentTimeMillis() - startedAt);
      if (left > 0) {
        Polling.holdsFor(Duration.ofMillis(left), () -> assertTrue(n1.isAlive()));
      }
    } finally {
      running.set(false);
    }
    for (Thread t : clients) {
      try {
        t.join(Duration.ofSeconds(90).toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    long endAt = System.currentTimeMillis();
    List<NodeProcess> finalNodes = List.of(slots.get(0), slots.get(1), slots.get(2));
    List<NodeProcess> everyNode = new ArrayList<>(first);
    everyNode.add(slots.get(2));
    Views.Agreement agreed;
    try {
      agreed = Views.awaitAgreement(finalNodes, Duration.ofSeconds(60), endAt);
    } catch (AssertionError e) {
      throw new AssertionError(e.getMessage() + "\n" + history(ops, e.getMessage(), startedAt, faults), e);
    }
    Set<String> losers = new HashSet<>();
    long nameConflicts = 0;
    for (NodeProcess n : finalNodes) {
      for (JsonNode e : NodeEvents.all(n)) {
        if (e.path("type").asText().equals("Conflict")) {
          losers.add(e.path("loser").path("ref").asText());
        } else if (e.path("type").asText().equals("Received") && e.path("messageClass").asText().equals("NameConflict")) {
          nameConflicts++;
        }
      }
    }
    List<String> violations = ChurnChecker.violations(ops, agreed.dump(), losers, deadNodes);
    CrashVerdicts verdicts = CrashVerdicts.of(everyNode);

    Map<String, Integer> counts = new TreeMap<>();
    ops.forEach(op -> counts.merge(op.op() + "/" + op.outcome(), 1, Integer::sum));
    System.out.printf("[multi-jvm] scenario 6, churn for %d s: %d operations %s; faults: %s; %d conflicts "
            + "(%d NameConflict messages); %d names at the end; nodes agreed %d ms after the churn stopped; "
            + "%d invariant violations; %s%n",
        (endAt - startedAt) / 1000, ops.size(), counts, faults, losers.size(), nameConflicts,
        agreed.dump().get("names").size(), agreed.afterMs(), violations.size(), verdicts);
    assertTrue(ops.size() > 1000, "too few operations to mean anything: " + ops.size());
    assertEquals(List.of(), violations);
    // The crash watch hides a node only when its process is gone: n3's kill, seen by n1 and n2,
    // and never the partition, whose processes keep their sockets.
    assertEquals(List.of(), verdicts.falsePositives(), "the crash watch hid a live node");
    assertTrue(verdicts.trueVerdicts().stream().map(CrashVerdicts.Verdict::observer).toList().containsAll(List.of("n1", "n2")),
        "n1 and n2 did not both see n3's process gone: " + verdicts);
  }

  private static void runClient(int slot, AtomicReferenceArray<NodeProcess> slots, List<Operation> ops, AtomicBoolean running) {
    Map<String, Held> held = new HashMap<>();
    NodeProcess current = null;
    int seq = 0;
    ThreadLocalRandom random = ThreadLocalRandom.current();
    while (running.get()) {
      LockSupport.parkNanos(PACE.toNanos());
      NodeProcess node = slots.get(slot);
      if (node == null) {
        continue;
      }
      if (node != current) {
        held.clear();
        current = node;
      }
      String address = node.address();
      double r = random.nextDouble();
      List<String> mine = new ArrayList<>(held.keySet());
      String own = mine.isEmpty() ? null : mine.get(random.nextInt(mine.size()));
      if (r < 0.40 || own == null && r < 0.70) {
        String name = "c-" + random.nextInt(POOL);
        String actor = "s" + (slot + 1) + "-" + seq++;
        String config = "{\"v\":0}";
        Answer a = call(node, "register server " + name + " " + actor + " " + config);
        String entryRef = a.json().path("entry").path("ref").asText();
        String ref = a.outcome().equals("Registered") ? entryRef : address + "/system/test-" + actor;
        ops.add(new Operation(a.start(), a.end(), address, "register", name, ref, a.outcome(), entryRef, config));
        if (a.outcome().equals("Registered")) {
          held.put(name, new Held(actor, ref));
        }
      } else if (r < 0.55) {
        Held h = held.remove(own);
        Answer a = call(node, "unregister server " + own);
        ops.add(new Operation(a.start(), a.end(), address, "unregister", own, h.ref(), a.outcome(),
            a.json().path("entry").path("ref").asText(), ""));
      } else if (r < 0.70) {
        Held h = held.get(own);
        String config = "{\"v\":" + seq++ + "}";
        Answer a = call(node, "update server " + own + " " + config);
        ops.add(new Operation(a.start(), a.end(), address, "update", own, h.ref(), a.outcome(),
            a.json().path("entry").path("ref").asText(), config));
      } else if (r < 0.90 || own == null) {
        String name = "c-" + random.nextInt(POOL);
        Answer a = call(node, "whereis server " + name);
        String outcome = a.outcome().equals(Operation.ERROR) ? a.outcome() : a.json().path("found").asBoolean() ? "found" : "missing";
        ops.add(new Operation(a.start(), a.end(), address, "whereis", name, "", outcome,
            a.json().path("entry").path("ref").asText(), ""));
      } else {
        Held h = held.remove(own);
        Answer a = call(node, "stop " + h.actor());
        String outcome = a.outcome().equals(Operation.ERROR) ? a.outcome() : "stopped";
        ops.add(new Operation(a.start(), a.end(), address, "stop", own, h.ref(), outcome, "", ""));
      }
    }
  }

  /** The recorded operations on every name a failure message mentions, for diagnosis. */
  private static String history(List<Operation> ops, String message, long startedAt, List<String> faults) {
    Set<String> names = new java.util.TreeSet<>();
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\bc-\\d+\\b").matcher(message);
    while (m.find()) {
      names.add(m.group());
    }
    StringBuilder out = new StringBuilder("faults: " + faults + "\noperations on the names above (ms since start):");
    for (String name : names) {
      out.append("\n  ").append(name).append(":");
      ops.stream().filter(op -> op.name().equals(name) && !op.op().equals("whereis")).forEach(op -> out.append("\n    +")
          .append(op.start() - startedAt).append("..+").append(op.end() - startedAt).append(" ").append(op.op())
          .append(" on ").append(op.node()).append(" ").append(op.ref()).append(" -> ").append(op.outcome())
          .append(op.entryRef().isEmpty() || op.entryRef().equals(op.ref()) ? "" : " (holder " + op.entryRef() + ")"));
    }
    return out.toString();
  }

  /** An answer and when it was asked and answered; outcome {@code error} when none came. */
  record Answer(long start, long end, String outcome, JsonNode json) {}

  static Answer call(NodeProcess node, String command) {
    long start = System.currentTimeMillis();
    try {
      JsonNode json = node.call(command, Duration.ofSeconds(20));
      return new Answer(start, System.currentTimeMillis(), json.path("outcome").asText(""), json);
    } catch (AssertionError e) {
      return new Answer(start, System.currentTimeMillis(), Operation.ERROR, com.fasterxml.jackson.databind.node.NullNode.getInstance());
    }
  }
}
