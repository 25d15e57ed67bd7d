/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.multijvm;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Jepsen-style: five node JVMs, every node claiming the same name at the same instant every
 * 400 ms, a churn client per node (register, unregister, update, whereis, stop on a shared pool
 * of names), and faults: partitions {4,5}|{1,2,3} that heal before anyone is downed (Artery
 * blackhole, and iptables in network namespaces), then one that lasts
 * until the Split Brain Resolver downs the minority. Every call and every node's event log is
 * recorded, and {@link UniquenessChecker} reports each pair of overlapping {@code Registered}
 * holders (and whether their nodes could talk), each resurrected entry, each stale
 * {@code whereis} and each wrong removal reason.
 *
 * <p>CI runs one cycle of faults (about 90 s). {@code -Duniqueness.cycles=N} runs N cycles of the
 * healing partitions before the downing one, for a longer run by hand.
 */
@Timeout(value = 8, unit = TimeUnit.MINUTES)
class UniquenessTest {

  private static final int NODES = 5;
  private static final Duration CLAIM_EVERY = Duration.ofMillis(400);
  private static final Duration HOLD = Duration.ofSeconds(2);
  private static final Duration PACE = Duration.ofMillis(60);
  private static final int CLAIM_POOL = 50;
  private static final int CHURN_POOL = 100;
  /**
   * Longer than a healing partition's unreachable time (detection, 1 s, heal: 5-12 s on a loaded
   * 2-core machine), so only the last partition is downed.
   */
  private static final Duration STABLE_AFTER = Duration.ofSeconds(12);

  /**
   * Five JVMs, churn and partitions load a 2-core machine heavily: heartbeats came 1-2 s late and
   * reachability flapped, the Split Brain Resolver then downed everyone ("down all when
   * unstable") or a side during a healing partition. Neither is what this test is about.
   */
  private static final String TOLERANT = "pekko.cluster.failure-detector.acceptable-heartbeat-pause = 3s, "
      + "pekko.cluster.split-brain-resolver.down-all-when-unstable = off";

  @RegisterExtension
  final JvmCluster cluster = new JvmCluster();

  private final List<Operation> ops = new CopyOnWriteArrayList<>();
  private final List<UniquenessChecker.Cut> cuts = new CopyOnWriteArrayList<>();
  private final Map<String, Long> gone = new ConcurrentHashMap<>();
  private final Map<String, List<JsonNode>> events = new ConcurrentHashMap<>();
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final List<String> faults = new CopyOnWriteArrayList<>();

  @Test
  void namesStayUniqueAmongNodesThatCanTalkThroughPartitionsHealsAndDowning() throws Exception {
    int cycles = Integer.getInteger("uniqueness.cycles", 1);
    NetNamespaces.requireAvailable();
    NetNamespaces net = NetNamespaces.create(NODES);
    cluster.onCleanup(net);
    List<NodeSpec> specs = new ArrayList<>();
    for (int i = 1; i <= NODES; i++) {
      NodeSpec spec = NodeSpec.named("n" + i).withStableAfter(STABLE_AFTER).withConfig(TOLERANT);
      specs.add(spec.inNamespace(net.namespace(i), net.address(i)));
    }
    List<NodeProcess> nodes = cluster.form(specs);
    long startedAt = System.currentTimeMillis();
    List<Thread> threads = new ArrayList<>();
    threads.add(new Thread(() -> claimer(nodes), "uniqueness-claimer"));
    for (NodeProcess node : nodes) {
      threads.add(new Thread(() -> churn(node), "uniqueness-churn-" + node.name()));
    }
    threads.forEach(Thread::start);
    List<NodeProcess> majority = nodes.subList(0, 3);
    List<NodeProcess> minority = nodes.subList(3, 5);
    try {
      settle(Duration.ofSeconds(3), nodes.get(0));
      for (int cycle = 0; cycle < cycles; cycle++) {
        healingPartition("blackhole", majority, minority, null);
        healingPartition("iptables", majority, minority, net);
      }
      downedMinority(majority, minority);
      settle(Duration.ofSeconds(3), nodes.get(0));
    } finally {
      running.set(false);
      for (Thread t : threads) {
        t.join(Duration.ofSeconds(60).toMillis());
      }
    }
    long end = System.currentTimeMillis();
    Views.Agreement agreed = Views.awaitAgreement(majority, Duration.ofSeconds(60), end);
    for (NodeProcess n : majority) {
      events.put(n.address(), NodeEvents.all(n));
    }
    // Every node's event log, for a failure's diagnosis: target/multi-jvm-logs/<test>-events.json.
    java.nio.file.Files.writeString(java.nio.file.Path.of("target", "multi-jvm-logs", cluster.testName() + "-events.json"),
        Json.MAPPER.writeValueAsString(events));
    UniquenessChecker.Report report = UniquenessChecker.check(new UniquenessChecker.History(
        List.copyOf(ops), Map.copyOf(events), List.copyOf(cuts), Map.copyOf(gone), end));
    Map<String, Integer> counts = new TreeMap<>();
    ops.forEach(op -> counts.merge(op.op() + "/" + op.outcome(), 1, Integer::sum));
    System.out.printf("[multi-jvm] uniqueness, %d cycle(s), %d s: %d operations %s; faults: %s; survivors agreed %d ms after "
            + "the clients stopped; %s%n",
        cycles, (end - startedAt) / 1000, ops.size(), counts, faults, agreed.afterMs(), report.details(30));
    assertTrue(ops.size() > 500, "too few operations to mean anything: " + ops.size());
    assertTrue(report.clean(), report.details(200));
  }

  /** Cuts the minority off until the majority sees it unreachable, holds 1 s, heals, waits for reachability. */
  private void healingPartition(String how, List<NodeProcess> majority, List<NodeProcess> minority, NetNamespaces net) {
    long cutAt = System.currentTimeMillis();
    cut(how, majority, minority, net, true);
    JvmCluster.awaitMembers(majority.get(0), NODES, minority.size());
    settle(Duration.ofSeconds(1), majority.get(0));
    long healAt = System.currentTimeMillis();
    cut(how, majority, minority, net, false);
    List<NodeProcess> all = new ArrayList<>(majority);
    all.addAll(minority);
    all.forEach(n -> JvmCluster.awaitMembers(n, NODES, 0));
    long reachableAt = System.currentTimeMillis();
    cuts.add(new UniquenessChecker.Cut(addresses(majority), addresses(minority), cutAt, reachableAt));
    faults.add(how + " {4,5}|{1,2,3} for " + (healAt - cutAt) + " ms, all reachable " + (reachableAt - healAt) + " ms after heal");
    settle(Duration.ofSeconds(3), majority.get(0));
  }

  /** Cuts the minority off until the Split Brain Resolver has downed it and the majority removed it. */
  private void downedMinority(List<NodeProcess> majority, List<NodeProcess> minority) {
    for (NodeProcess n : minority) {
      events.put(n.address(), NodeEvents.all(n));
    }
    long cutAt = System.currentTimeMillis();
    cut("blackhole", majority, minority, null, true);
    JvmCluster.awaitMembers(majority.get(0), majority.size(), 0);
    long removedAt = System.currentTimeMillis();
    for (NodeProcess n : minority) {
      gone.put(n.address(), removedAt);
    }
    cuts.add(new UniquenessChecker.Cut(addresses(majority), addresses(minority), cutAt, Long.MAX_VALUE));
    faults.add("blackhole {4,5}|{1,2,3} until downed: removed after " + (removedAt - cutAt) + " ms");
  }

  private static void cut(String how, List<NodeProcess> majority, List<NodeProcess> minority, NetNamespaces net, boolean cut) {
    for (int m = 0; m < minority.size(); m++) {
      NodeProcess node = minority.get(m);
      if (how.equals("iptables")) {
        int index = majority.size() + m + 1;
        if (cut) {
          net.isolate(index, List.of(1, 2, 3));
        } else {
          net.heal(index);
        }
      } else {
        for (NodeProcess peer : majority) {
          node.call((cut ? "blackhole " : "heal ") + peer.address());
        }
      }
    }
  }

  private static Set<String> addresses(List<NodeProcess> nodes) {
    return nodes.stream().map(NodeProcess::address).collect(Collectors.toSet());
  }

  private static void settle(Duration d, NodeProcess witness) {
    Polling.holdsFor(d, () -> assertTrue(witness.isAlive(), witness.name() + " died"));
  }

  /**
   * Every 400 ms sends {@code register} of one name to every node at once; whoever won
   * unregisters it {@link #HOLD} later, so the names are contested again and again.
   */
  private void claimer(List<NodeProcess> nodes) {
    int tick = 0;
    List<Runnable> releases = Collections.synchronizedList(new ArrayList<>());
    Map<Long, List<Runnable>> due = new TreeMap<>();
    while (running.get()) {
      long now = System.currentTimeMillis();
      String name = "p-" + (tick % CLAIM_POOL);
      List<CompletableFuture<Void>> calls = new ArrayList<>();
      for (NodeProcess node : nodes) {
        if (!node.isAlive() || gone.containsKey(node.address())) {
          continue;
        }
        String actor = "k" + node.name() + "-" + tick;
        long start = System.currentTimeMillis();
        calls.add(node.send("register server " + name + " " + actor).handle((json, failure) -> {
          long end = System.currentTimeMillis();
          String outcome = failure != null ? Operation.ERROR : json.path("outcome").asText();
          String entryRef = failure != null ? "" : json.path("entry").path("ref").asText();
          String ref = outcome.equals("Registered") ? entryRef : node.address() + "/system/test-" + actor;
          ops.add(new Operation(start, end, node.address(), "register", name, ref, outcome, entryRef, ""));
          if (outcome.equals("Registered")) {
            synchronized (due) {
              due.computeIfAbsent(end + HOLD.toMillis(), t -> new ArrayList<>()).add(() -> release(node, name, ref));
            }
          }
          return null;
        }));
      }
      tick++;
      synchronized (due) {
        var it = due.entrySet().iterator();
        while (it.hasNext()) {
          var next = it.next();
          if (next.getKey() > now) {
            break;
          }
          releases.addAll(next.getValue());
          it.remove();
        }
      }
      List<Runnable> toRun;
      synchronized (releases) {
        toRun = List.copyOf(releases);
        releases.clear();
      }
      toRun.forEach(Runnable::run);
      LockSupport.parkNanos(Math.max(0, CLAIM_EVERY.toMillis() - (System.currentTimeMillis() - now)) * 1_000_000L);
    }
  }

  private void release(NodeProcess node, String name, String ref) {
    long start = System.currentTimeMillis();
    node.send("unregister server " + name).handle((json, failure) -> {
      ops.add(new Operation(start, System.currentTimeMillis(), node.address(), "unregister", name, ref,
          failure != null ? Operation.ERROR : json.path("outcome").asText(), "", ""));
      return null;
    });
  }

  /** One node's churn client, as in {@link ChurnTest}, on names of its own pool. */
  private void churn(NodeProcess node) {
    Map<String, String[]> held = new HashMap<>();
    int seq = 0;
    ThreadLocalRandom random = ThreadLocalRandom.current();
    String address = node.address();
    while (running.get() && node.isAlive() && !gone.containsKey(address)) {
      LockSupport.parkNanos(PACE.toNanos());
      double r = random.nextDouble();
      List<String> mine = new ArrayList<>(held.keySet());
      String own = mine.isEmpty() ? null : mine.get(random.nextInt(mine.size()));
      if (r < 0.40 || own == null && r < 0.70) {
        String name = "c-" + random.nextInt(CHURN_POOL);
        String actor = "c" + node.name() + "-" + seq++;
        ChurnTest.Answer a = ChurnTest.call(node, "register server " + name + " " + actor + " {\"v\":0}");
        String entryRef = a.json().path("entry").path("ref").asText();
        String ref = a.outcome().equals("Registered") ? entryRef : address + "/system/test-" + actor;
        ops.add(new Operation(a.start(), a.end(), address, "register", name, ref, a.outcome(), entryRef, "{\"v\":0}"));
        if (a.outcome().equals("Registered")) {
          held.put(name, new String[] {actor, ref});
        }
      } else if (r < 0.55) {
        String[] h = held.remove(own);
        ChurnTest.Answer a = ChurnTest.call(node, "unregister server " + own);
        ops.add(new Operation(a.start(), a.end(), address, "unregister", own, h[1], a.outcome(), "", ""));
      } else if (r < 0.65) {
        String config = "{\"v\":" + seq++ + "}";
        ChurnTest.Answer a = ChurnTest.call(node, "update server " + own + " " + config);
        ops.add(new Operation(a.start(), a.end(), address, "update", own, held.get(own)[1], a.outcome(), "", config));
      } else if (r < 0.90 || own == null) {
        String name = random.nextBoolean() ? "c-" + random.nextInt(CHURN_POOL) : "p-" + random.nextInt(CLAIM_POOL);
        ChurnTest.Answer a = ChurnTest.call(node, "whereis server " + name);
        String outcome = a.outcome().equals(Operation.ERROR) ? a.outcome() : a.json().path("found").asBoolean() ? "found" : "missing";
        ops.add(new Operation(a.start(), a.end(), address, "whereis", name, "", outcome, a.json().path("entry").path("ref").asText(), ""));
      } else {
        String[] h = held.remove(own);
        ChurnTest.Answer a = ChurnTest.call(node, "stop " + h[0]);
        ops.add(new Operation(a.start(), a.end(), address, "stop", own, h[1], a.outcome().equals(Operation.ERROR) ? a.outcome() : "stopped",
            "", ""));
      }
    }
  }
}
