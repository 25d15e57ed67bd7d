/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.multijvm;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks a history of the uniqueness test ({@link UniquenessTest}) for the four things a name
 * registry must never do, and reports every instance, not just the first:
 * <ol>
 *   <li><b>double holders</b>: two register calls on different nodes both answered
 *       {@code Registered} for one name, and each still held it at the same instant. A holding
 *       runs from the answer until the earliest of: its client's unregister or stop was sent,
 *       its owner node logged the entry's removal or its {@code Conflict}, the owner node went
 *       away, the end of the history. Each pair says whether its two nodes <em>could talk</em>:
 *       no cut separated them at any time from the first of the two calls to the end of the
 *       overlap. Only pairs that could talk break uniqueness; the others are the partition's
 *       conflicts, which the resolver settles after the heal;</li>
 *   <li><b>resurrections</b>: a node logged {@code Registered} for an entry after its owner had
 *       removed it, and after this node could have known: it had logged the entry's removal
 *       itself, it became reachable from the owner again after the removal, it joined after
 *       the removal, or the removal was more than {@link #LAG_MS} earlier and no cut separated
 *       the two nodes since (a node cut off from the owner shows its entries until it detects
 *       the cut: that is the failure detector's delay, not a resurrection);</li>
 *   <li><b>stale reads</b>: a {@code whereis} answered with such an entry in the same sense;</li>
 *   <li><b>wrong reasons</b>: a node reported a removal as {@code UNREGISTERED}, {@code TERMINATED}
 *       or {@code CONFLICT} when the owner decided another of those ({@code UNREACHABLE} and
 *       {@code NODE_REMOVED} are each node's own view and always allowed).</li>
 * </ol>
 * An entry is a name and the ref that holds it: every registration in the test uses an actor of
 * its own, so this names one registration.
 */
final class UniquenessChecker {

  /** A removal older than this is known everywhere in a healthy cluster (pushes take ~10-100 ms). */
  static final long LAG_MS = 3_000;

  private UniquenessChecker() {}

  /** Nodes {@code a} and {@code b} could not exchange messages from {@code from} to {@code to} (ms). */
  record Cut(Set<String> sideA, Set<String> sideB, long from, long to) {
    boolean separates(String n1, String n2, long start, long end) {
      boolean across = sideA.contains(n1) && sideB.contains(n2) || sideA.contains(n2) && sideB.contains(n1);
      return across && from <= end && start <= to;
    }
  }

  /** Everything the test recorded. {@code events} holds each node's log; {@code gone} when a node went away. */
  record History(List<Operation> ops, Map<String, List<JsonNode>> events, List<Cut> cuts, Map<String, Long> gone, long end) {}

  record Report(List<String> canTalk, List<String> acrossCut, List<String> resurrected, List<String> staleReads,
      List<String> wrongReasons) {
    boolean clean() {
      return canTalk.isEmpty() && resurrected.isEmpty() && staleReads.isEmpty() && wrongReasons.isEmpty();
    }

    String counts() {
      return "double holders that could talk: " + canTalk.size() + ", across a cut: " + acrossCut.size()
          + ", resurrected entries: " + resurrected.size() + ", stale whereis: " + staleReads.size()
          + ", wrong reasons: " + wrongReasons.size();
    }

    String details(int max) {
      StringBuilder out = new StringBuilder(counts());
      for (List<String> list : List.of(canTalk, acrossCut, resurrected, staleReads, wrongReasons)) {
        list.stream().limit(max).forEach(line -> out.append("\n  ").append(line));
      }
      return out.toString();
    }
  }

  /** How the owner ended one entry: when, and why. */
  private record Removal(long at, String reason) {}

  static Report check(History h) {
    Map<String, Removal> removals = ownerRemovals(h);
    List<String> canTalk = new ArrayList<>();
    List<String> acrossCut = new ArrayList<>();
    doubleHolders(h, removals, canTalk, acrossCut);
    List<String> resurrected = new ArrayList<>();
    List<String> wrongReasons = new ArrayList<>();
    h.events().forEach((node, events) -> {
      long firstSeen = events.isEmpty() ? 0 : events.get(0).path("t").asLong();
      for (JsonNode e : events) {
        String type = e.path("type").asText();
        String entry = entryOf(e.path("entry"));
        Removal removal = removals.get(entry);
        if (removal == null || owner(e.path("entry")).equals(node)) {
          continue;
        }
        long t = e.path("t").asLong();
        if (type.equals("Registered") && stale(h, node, events, e.path("entry"), removal, t, firstSeen)) {
          resurrected.add(node + " showed " + entry + " at " + t + ", " + (t - removal.at()) + " ms after its owner removed it ("
              + removal.reason() + ")");
        } else if (type.equals("Unregistered") && Set.of("UNREGISTERED", "TERMINATED", "CONFLICT").contains(e.path("reason").asText())
            && !e.path("reason").asText().equals(removal.reason())) {
          wrongReasons.add(node + " reported " + entry + " removed as " + e.path("reason").asText() + ", its owner decided "
              + removal.reason());
        }
      }
    });
    List<String> staleReads = new ArrayList<>();
    for (Operation op : h.ops()) {
      if (!op.is("whereis", "found")) {
        continue;
      }
      String entry = op.name() + " " + op.entryRef();
      Removal removal = removals.get(entry);
      List<JsonNode> events = h.events().getOrDefault(op.node(), List.of());
      if (removal != null && !ownerOfRef(op.entryRef()).equals(op.node())) {
        long firstSeen = events.isEmpty() ? 0 : events.get(0).path("t").asLong();
        if (staleAt(h, op.node(), events, op.name(), op.entryRef(), removal, op.start(), firstSeen)) {
          staleReads.add("whereis " + op.name() + " on " + op.node() + " at " + op.start() + " found " + op.entryRef()
              + ", removed by its owner " + (op.start() - removal.at()) + " ms earlier");
        }
      }
    }
    return new Report(canTalk, acrossCut, resurrected, staleReads, wrongReasons);
  }

  /** When and why each entry's owner removed it, from the owner's own log. */
  private static Map<String, Removal> ownerRemovals(History h) {
    Map<String, Removal> removals = new HashMap<>();
    h.events().forEach((node, events) -> {
      for (JsonNode e : events) {
        String type = e.path("type").asText();
        JsonNode entry = type.equals("Conflict") ? e.path("loser") : e.path("entry");
        if (!owner(entry).equals(node)) {
          continue;
        }
        if (type.equals("Unregistered") || type.equals("Conflict")) {
          String reason = type.equals("Conflict") ? "CONFLICT" : e.path("reason").asText();
          removals.putIfAbsent(entryOf(entry), new Removal(e.path("t").asLong(), reason));
        }
      }
    });
    return removals;
  }

  private static void doubleHolders(History h, Map<String, Removal> removals, List<String> canTalk, List<String> acrossCut) {
    Map<String, Long> ended = new HashMap<>();
    for (Operation op : h.ops()) {
      if (op.op().equals("unregister") || op.op().equals("stop")) {
        ended.merge(op.op().equals("stop") ? op.ref() : op.name() + " " + op.ref(), op.start(), Math::min);
      }
    }
    Map<String, List<Operation>> byName = new HashMap<>();
    for (Operation op : h.ops()) {
      if (op.is("register", "Registered")) {
        byName.computeIfAbsent(op.name(), n -> new ArrayList<>()).add(op);
      }
    }
    byName.forEach((name, registered) -> {
      for (int i = 0; i < registered.size(); i++) {
        for (int j = i + 1; j < registered.size(); j++) {
          Operation a = registered.get(i);
          Operation b = registered.get(j);
          if (a.node().equals(b.node()) || a.ref().equals(b.ref())) {
            continue;
          }
          long from = Math.max(a.end(), b.end());
          long to = Math.min(heldUntil(h, a, removals, ended), heldUntil(h, b, removals, ended));
          if (from >= to) {
            continue;
          }
          long start = Math.min(a.start(), b.start());
          boolean separated = h.cuts().stream().anyMatch(c -> c.separates(a.node(), b.node(), start, to));
          String line = name + ": " + a.ref() + " (answered at " + a.end() + ") and " + b.ref() + " (answered at " + b.end()
              + ") both held it for " + (to - from) + " ms";
          (separated ? acrossCut : canTalk).add(line);
        }
      }
    });
  }

  private static long heldUntil(History h, Operation reg, Map<String, Removal> removals, Map<String, Long> ended) {
    long until = h.end();
    Removal removal = removals.get(reg.name() + " " + reg.ref());
    if (removal != null) {
      until = Math.min(until, removal.at());
    }
    until = Math.min(until, ended.getOrDefault(reg.ref(), Long.MAX_VALUE));
    until = Math.min(until, ended.getOrDefault(reg.name() + " " + reg.ref(), Long.MAX_VALUE));
    return Math.min(until, h.gone().getOrDefault(reg.node(), Long.MAX_VALUE));
  }

  private static boolean stale(History h, String node, List<JsonNode> events, JsonNode entry, Removal removal, long t,
      long firstSeen) {
    return staleAt(h, node, events, entry.path("name").asText(), entry.path("ref").asText(), removal, t, firstSeen);
  }

  /**
   * Whether {@code node} showing the entry at {@code t} is stale: the owner removed it before, and
   * the node had learnt so, or had been in contact with the owner since, or came later.
   */
  private static boolean staleAt(History h, String node, List<JsonNode> events, String name, String ref, Removal removal, long t,
      long firstSeen) {
    if (removal.at() >= t) {
      return false;
    }
    String owner = ownerOfRef(ref);
    boolean cutOff = h.cuts().stream().anyMatch(c -> c.separates(node, owner, removal.at(), t));
    if (t - removal.at() > LAG_MS && !cutOff || firstSeen > removal.at()) {
      return true;
    }
    for (JsonNode e : events) {
      long at = e.path("t").asLong();
      if (at >= t) {
        break;
      }
      String type = e.path("type").asText();
      if (type.equals("ReachableMember") && e.path("member").asText().equals(owner) && at > removal.at()) {
        return true;
      }
      if (type.equals("Unregistered") && at > removal.at() && e.path("entry").path("name").asText().equals(name)
          && e.path("entry").path("ref").asText().equals(ref) && !e.path("reason").asText().equals("UNREACHABLE")) {
        return true;
      }
    }
    return false;
  }

  private static String entryOf(JsonNode entry) {
    return entry.path("name").asText() + " " + entry.path("ref").asText();
  }

  private static String owner(JsonNode entry) {
    return entry.path("node").asText();
  }

  /** The node address a ref string starts with ({@code pekko://mcp@host:port}). */
  static String ownerOfRef(String ref) {
    int slash = ref.indexOf('/', "pekko://".length());
    return slash < 0 ? ref : ref.substring(0, slash);
  }
}
