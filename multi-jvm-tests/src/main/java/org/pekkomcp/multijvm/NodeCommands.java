/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.multijvm;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.AddressFromURIString;
import org.apache.pekko.actor.Cancellable;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.cluster.Member;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;
import org.apache.pekko.cluster.typed.Leave;
import org.pekkomcp.registry.EntryConfig;
import org.pekkomcp.registry.Kind;
import org.pekkomcp.registry.McpRegistry;
import org.pekkomcp.registry.Outcome;
import org.pekkomcp.registry.Registration;

/**
 * The commands a test node answers, one line in, one JSON object out. A line is an operation and
 * space-separated arguments; a JSON config, where one is taken, is the rest of the line.
 *
 * <pre>
 * spawn ACTOR                        stop ACTOR
 * register KIND NAME ACTOR [JSON]    register-many KIND PREFIX COUNT
 * unregister KIND NAME               update KIND NAME JSON
 * whereis KIND NAME                  list KIND            count KIND
 * join GROUP ACTOR                   leave GROUP ACTOR    members GROUP     groups
 * dump                               events FROM
 * cluster                            cluster-leave        join-cluster ADDRESS
 * blackhole ADDRESS                  heal ADDRESS
 * send ACTOR-PATH TEXT
 * await-cluster UP UNREACHABLE TIMEOUT-MS
 * await-count KIND N TIMEOUT-MS      await-name KIND NAME present|absent TIMEOUT-MS
 * </pre>
 *
 * An actor named in {@code register} or {@code join} is spawned if it does not exist yet
 * ({@link RecordingActor}, at {@code /system/test-ACTOR}). {@code register-many} registers
 * {@code PREFIX-0 .. PREFIX-(COUNT-1)}, each on an actor of its own of the same name.
 * The commands about MCP servers and clients are in {@link McpCommands}.
 * Awaits are checked on this node every 50 ms, so the time they report is this node's view.
 * Anything that cannot be done completes exceptionally; {@link NodeMain} answers it as an error.
 */
final class NodeCommands {

  private static final Duration POLL = Duration.ofMillis(50);

  private final ActorSystem<?> system;
  private final McpRegistry registry;
  private final EventLog log;
  private final Address self;
  private final Executor executor;
  private final Map<String, ActorRef<Object>> actors = new ConcurrentHashMap<>();
  private final McpCommands mcp;

  NodeCommands(ActorSystem<?> system, EventLog log) {
    this.system = system;
    this.registry = McpRegistry.get(system);
    this.log = log;
    this.self = Cluster.get(system).selfMember().address();
    this.executor = system.executionContext();
    this.mcp = new McpCommands(system, log);
  }

  CompletionStage<ObjectNode> run(String line) {
    String[] words = line.trim().split(" +");
    try {
      return dispatch(words[0], Arrays.copyOfRange(words, 1, words.length), line);
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  private CompletionStage<ObjectNode> dispatch(String op, String[] a, String line) {
    return switch (op) {
      case "spawn" -> done(obj().put("ref", Json.ref(actor(arg(a, 0)), self)));
      case "stop" -> stop(arg(a, 0));
      case "register" -> registry
          .register(kind(a, 0), arg(a, 1), actor(arg(a, 2)), a.length > 3 ? config(line, 4) : EntryConfig.empty())
          .thenApplyAsync(o -> Json.outcome(o, self), executor);
      case "register-many" -> registerMany(kind(a, 0), arg(a, 1), Integer.parseInt(arg(a, 2)));
      case "unregister" -> registry.unregister(kind(a, 0), arg(a, 1)).thenApplyAsync(o -> Json.outcome(o, self), executor);
      case "update" -> registry
          .update(kind(a, 0), arg(a, 1), config(line, 3))
          .thenApplyAsync(o -> Json.outcome(o, self), executor);
      case "whereis" -> done(whereis(kind(a, 0), arg(a, 1)));
      case "list" -> done(list(kind(a, 0)));
      case "count" -> done(obj().put("count", registry.list(kind(a, 0)).size()));
      case "join" -> registry.join(arg(a, 0), actor(arg(a, 1))).thenApplyAsync(o -> Json.outcome(o, self), executor);
      case "leave" -> registry.leave(arg(a, 0), actor(arg(a, 1))).thenApplyAsync(o -> Json.outcome(o, self), executor);
      case "members" -> done(members(arg(a, 0)));
      case "groups" -> done(groups());
      case "dump" -> done(dump());
      case "events" -> done(obj().set("events", log.since(Integer.parseInt(arg(a, 0)))));
      case "cluster" -> done(cluster());
      case "join-cluster" -> {
        Cluster.get(system).manager().tell(Join.create(AddressFromURIString.parse(arg(a, 0))));
        yield done(obj().put("joining", arg(a, 0)));
      }
      case "cluster-leave" -> {
        Cluster.get(system).manager().tell(Leave.create(self));
        yield done(obj().put("leaving", self.toString()));
      }
      case "blackhole", "heal" -> {
        Address peer = AddressFromURIString.parse(arg(a, 0));
        yield Blackhole.set(system, peer, op.equals("blackhole"))
            .thenApply(ack -> obj().put(op, peer.toString()));
      }
      case "send" -> {
        // A plain String: it has a built-in serializer, so only the transport can stop it.
        String text = line.trim().split(" +", 3)[2];
        Adapter.toClassic(system).actorSelection(arg(a, 0)).tell(text, org.apache.pekko.actor.ActorRef.noSender());
        yield done(obj().put("sent", arg(a, 0)));
      }
      case "await-cluster" -> {
        int up = Integer.parseInt(arg(a, 0));
        int unreachable = Integer.parseInt(arg(a, 1));
        yield await(Long.parseLong(arg(a, 2)), () -> {
          ObjectNode state = cluster();
          boolean met = state.get("up").asInt() == up && state.get("unreachable").size() == unreachable;
          return new Check(met, state);
        });
      }
      case "await-count" -> {
        Kind kind = kind(a, 0);
        int n = Integer.parseInt(arg(a, 1));
        yield await(Long.parseLong(arg(a, 2)), () -> {
          int count = registry.list(kind).size();
          return new Check(count == n, obj().put("count", count));
        });
      }
      case "await-name" -> {
        Kind kind = kind(a, 0);
        String name = arg(a, 1);
        boolean present = switch (arg(a, 2)) {
          case "present" -> true;
          case "absent" -> false;
          default -> throw new IllegalArgumentException("expected present|absent, got " + a[2]);
        };
        yield await(Long.parseLong(arg(a, 3)), () -> {
          ObjectNode found = whereis(kind, name);
          return new Check(found.get("found").asBoolean() == present, found);
        });
      }
      default -> mcp.run(op, a, line).orElseThrow(() -> new IllegalArgumentException("unknown command: " + op));
    };
  }

  /** One evaluation of an await's condition, with what was seen (reported on timeout). */
  private record Check(boolean met, ObjectNode seen) {}

  private CompletionStage<ObjectNode> await(long timeoutMs, Supplier<Check> check) {
    long start = System.currentTimeMillis();
    CompletableFuture<ObjectNode> result = new CompletableFuture<>();
    Runnable tick = () -> {
      Check c = check.get();
      long waited = System.currentTimeMillis() - start;
      if (c.met()) {
        result.complete(c.seen().put("waitedMs", waited).put("metAt", start + waited));
      } else if (waited > timeoutMs) {
        result.completeExceptionally(new IllegalStateException(
            "condition not met after " + waited + " ms; last seen: " + c.seen()));
      }
    };
    // Ticks after completion are no-ops; the ticker is cancelled once the result is in.
    Cancellable ticker = system.scheduler().scheduleAtFixedRate(Duration.ZERO, POLL, tick, system.executionContext());
    result.whenComplete((r, e) -> ticker.cancel());
    return result;
  }

  private CompletionStage<ObjectNode> stop(String name) {
    ActorRef<Object> ref = actors.remove(name);
    if (ref == null) {
      throw new IllegalArgumentException("no actor named " + name);
    }
    ref.tell(new RecordingActor.Stop());
    return done(obj().put("stopped", Json.ref(ref, self)));
  }

  private CompletionStage<ObjectNode> registerMany(Kind kind, String prefix, int count) {
    List<CompletableFuture<Outcome.RegisterOutcome>> all = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      String name = prefix + "-" + i;
      all.add(registry.register(kind, name, actor(name)).toCompletableFuture());
    }
    return CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).thenApplyAsync(v -> {
      ObjectNode counts = obj();
      for (CompletableFuture<Outcome.RegisterOutcome> f : all) {
        String outcome = f.join().getClass().getSimpleName();
        counts.put(outcome, counts.path(outcome).asInt() + 1);
      }
      return obj().set("outcomes", counts);
    }, executor);
  }

  private ActorRef<Object> actor(String name) {
    return actors.computeIfAbsent(
        name, n -> system.systemActorOf(RecordingActor.create(n, log), "test-" + n, Props.empty()));
  }

  private ObjectNode whereis(Kind kind, String name) {
    Optional<Registration> found = registry.whereis(kind, name);
    ObjectNode o = obj().put("found", found.isPresent());
    found.ifPresent(r -> o.set("entry", Json.registration(r, self)));
    return o;
  }

  private ObjectNode list(Kind kind) {
    ArrayNode entries = Json.MAPPER.createArrayNode();
    registry.list(kind).stream()
        .sorted(Comparator.comparing(Registration::name))
        .forEach(r -> entries.add(Json.registration(r, self)));
    return obj().set("entries", entries);
  }

  private ObjectNode members(String group) {
    ArrayNode refs = Json.MAPPER.createArrayNode();
    registry.members(group).stream().map(r -> Json.ref(r, self)).sorted().forEach(refs::add);
    return obj().set("members", refs);
  }

  private ObjectNode groups() {
    ArrayNode names = Json.MAPPER.createArrayNode();
    registry.groups().stream().sorted().forEach(names::add);
    return obj().set("groups", names);
  }

  /** Every name (both kinds) with its owner node, and every group with its members. */
  private ObjectNode dump() {
    ObjectNode o = obj();
    ArrayNode names = o.putArray("names");
    for (Kind kind : Kind.values()) {
      list(kind).get("entries").forEach(names::add);
    }
    ObjectNode groups = o.putObject("groups");
    registry.groups().stream().sorted().forEach(g -> groups.set(g, members(g).get("members")));
    return o;
  }

  private ObjectNode cluster() {
    var state = Cluster.get(system).state();
    ObjectNode o = obj().put("self", self.toString());
    ArrayNode members = o.putArray("members");
    int up = 0;
    for (Member m : state.getMembers()) {
      members.addObject().put("address", m.address().toString()).put("status", m.status().toString());
      if (m.status() == MemberStatus.up()) {
        up++;
      }
    }
    o.put("up", up);
    ArrayNode unreachable = o.putArray("unreachable");
    state.getUnreachable().forEach(m -> unreachable.add(m.address().toString()));
    return o;
  }

  private static Kind kind(String[] a, int i) {
    return Kind.valueOf(arg(a, i).toUpperCase(Locale.ROOT));
  }

  private static String arg(String[] a, int i) {
    if (i >= a.length) {
      throw new IllegalArgumentException("missing argument " + (i + 1));
    }
    return a[i];
  }

  /** The JSON config that starts after the first {@code words} words of the line. */
  private static EntryConfig config(String line, int words) {
    String[] parts = line.trim().split(" +", words + 1);
    if (parts.length <= words) {
      throw new IllegalArgumentException("missing JSON config");
    }
    return EntryConfig.parse(parts[words]);
  }

  private static ObjectNode obj() {
    return Json.MAPPER.createObjectNode();
  }

  private static CompletionStage<ObjectNode> done(ObjectNode o) {
    return CompletableFuture.completedFuture(o);
  }
}
