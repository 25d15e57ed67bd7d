/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.pekkomcp.registry.Outcome.AlreadyRegistered;
import org.pekkomcp.registry.Outcome.RegisterOutcome;
import org.pekkomcp.registry.Outcome.Registered;
import org.pekkomcp.registry.Outcome.Rejected;

/**
 * The behaviour every {@link RegistryBackend} owes its users, written against the interface only
 * and shipped in the test-jar so each backend runs it unchanged.
 *
 * <p>Writes are issued on node 0 (the owner) unless a case is about several writers; every read
 * is checked on every node, and waited for with a deadline, because a cluster backend is
 * eventually consistent. The cases cover erlmcp's registry suite (register and find a server and
 * a transport, duplicates, unregister, list, update, cleanup on death, groups, 10 of each,
 * capability groups, isDistributed) and what a user of a serious library also relies on: bad
 * input, races on one name, await, event order, and that a dead actor never shows up in a read
 * once its removal was announced.
 *
 * <p>Subclasses start the nodes once per class; every case uses names of its own, so cases do
 * not see each other's entries.
 */
public abstract class RegistryContractTest {

  /** How many nodes the backend spans (1 for a local backend). */
  protected abstract int nodes();

  protected abstract ActorSystem<?> system(int node);

  protected abstract RegistryBackend backend(int node);

  /** What {@link RegistryBackend#isDistributed()} must answer. */
  protected abstract boolean expectDistributed();

  /** How long a write may take to show on every node, and a reply to arrive. */
  protected Duration bound() {
    return Duration.ofSeconds(15);
  }

  private static final AtomicInteger UNIQUE = new AtomicInteger();
  private static final String STOP = "stop";

  private String prefix;
  private TestProbe<Object> waiter;
  private final List<Subscription> subscriptions = new ArrayList<>();

  @BeforeEach
  void prefixNames(TestInfo info) {
    prefix = info.getTestMethod().orElseThrow().getName() + "-" + UNIQUE.incrementAndGet() + "-";
    waiter = TestProbe.create(system(0));
  }

  @AfterEach
  void closeSubscriptions() {
    subscriptions.forEach(Subscription::close);
    subscriptions.clear();
  }

  // ---- erlmcp's registry cases ----

  @Test
  void registerAndFindServer() {
    ActorRef<Object> server = spawn(0);
    EntryConfig config = EntryConfig.withCapabilities("tools").with("version", JsonNodeFactory.instance.textNode("1.0"));
    Registration registration = registered(backend(0).register(Kind.SERVER, name("calc"), server, config));
    assertEquals(Kind.SERVER, registration.kind());
    assertEquals(name("calc"), registration.name());
    assertEquals(system(0).address(), registration.node());
    onEveryNode(node -> {
      Registration seen = backend(node).whereis(Kind.SERVER, name("calc")).orElseThrow();
      assertSameActor(server, seen.ref());
      assertEquals(config, seen.config());
      assertEquals(system(0).address(), seen.node());
      assertTrue(backend(node).whereis(Kind.TRANSPORT, name("calc")).isEmpty(), "a name is unique per kind only");
    });
  }

  @Test
  void registerAndFindTransport() {
    ActorRef<Object> transport = spawn(0);
    EntryConfig config = EntryConfig.parse("{\"type\":\"stdio\",\"server\":\"calc\"}");
    registered(backend(0).register(Kind.TRANSPORT, name("stdio"), transport, config));
    onEveryNode(node -> {
      Registration seen = backend(node).whereis(Kind.TRANSPORT, name("stdio")).orElseThrow();
      assertSameActor(transport, seen.ref());
      assertEquals("calc", seen.config().get("server").orElseThrow().asText());
    });
  }

  @Test
  void duplicateRegistrationIsRejectedWithTheHolder() {
    ActorRef<Object> first = spawn(0);
    ActorRef<Object> second = spawn(0);
    registered(backend(0).register(Kind.SERVER, name("dup"), first));
    RegisterOutcome outcome = await(backend(0).register(Kind.SERVER, name("dup"), second));
    AlreadyRegistered taken = assertInstanceOf(AlreadyRegistered.class, outcome);
    assertSameActor(first, taken.existing().ref());
    onEveryNode(node -> assertSameActor(first, backend(node).whereis(Kind.SERVER, name("dup")).orElseThrow().ref()));
  }

  @Test
  void unregisterServer() {
    unregisterRemovesEverywhere(Kind.SERVER);
  }

  @Test
  void unregisterTransport() {
    unregisterRemovesEverywhere(Kind.TRANSPORT);
  }

  private void unregisterRemovesEverywhere(Kind kind) {
    ActorRef<Object> ref = spawn(0);
    registered(backend(0).register(kind, name("gone"), ref));
    onEveryNode(node -> assertTrue(backend(node).whereis(kind, name("gone")).isPresent()));
    Outcome.UnregisterOutcome outcome = await(backend(0).unregister(kind, name("gone")));
    Outcome.Unregistered removed = assertInstanceOf(Outcome.Unregistered.class, outcome);
    assertSameActor(ref, removed.removed().ref());
    onEveryNode(node -> {
      assertTrue(backend(node).whereis(kind, name("gone")).isEmpty());
      assertFalse(names(backend(node).list(kind)).contains(name("gone")));
      assertFalse(containsActor(backend(node).members(standardGroupOf(kind)), ref));
    });
  }

  @Test
  void listServers() {
    listShowsEveryEntry(Kind.SERVER, 3);
  }

  @Test
  void listTransports() {
    listShowsEveryEntry(Kind.TRANSPORT, 3);
  }

  @Test
  void tenServers() {
    listShowsEveryEntry(Kind.SERVER, 10);
  }

  @Test
  void tenTransports() {
    listShowsEveryEntry(Kind.TRANSPORT, 10);
  }

  private void listShowsEveryEntry(Kind kind, int count) {
    Set<String> expected = Stream.iterate(0, i -> i + 1).limit(count).map(i -> name("e" + i)).collect(Collectors.toSet());
    List<CompletionStage<RegisterOutcome>> writes = expected.stream()
        .map(n -> backend(0).register(kind, n, spawn(0)))
        .toList();
    writes.forEach(this::registered);
    onEveryNode(node -> {
      assertEquals(expected, names(backend(node).list(kind)).stream().filter(n -> n.startsWith(prefix)).collect(Collectors.toSet()));
      expected.forEach(n -> assertTrue(backend(node).whereis(kind, n).isPresent(), n));
    });
  }

  @Test
  void updateReplacesTheConfig() {
    ActorRef<Object> server = spawn(0);
    registered(backend(0).register(Kind.SERVER, name("upd"), server, EntryConfig.parse("{\"v\":1}")));
    EntryConfig next = EntryConfig.parse("{\"v\":2,\"note\":\"second\"}");
    Outcome.Updated updated = assertInstanceOf(Outcome.Updated.class, await(backend(0).update(Kind.SERVER, name("upd"), next)));
    assertEquals(next, updated.registration().config());
    onEveryNode(node -> {
      Registration seen = backend(node).whereis(Kind.SERVER, name("upd")).orElseThrow();
      assertEquals(next, seen.config());
      assertSameActor(server, seen.ref());
    });
  }

  @Test
  void cleanupOnProcessDeath() {
    ActorRef<Object> server = spawn(0);
    registered(backend(0).register(Kind.SERVER, name("mortal"), server, EntryConfig.withCapabilities("tools")));
    registered(backend(0).register(Kind.TRANSPORT, name("mortal"), server));
    assertInstanceOf(Outcome.Joined.class, await(backend(0).join(name("g"), server)));
    onEveryNode(node -> assertTrue(containsActor(backend(node).members(name("g")), server)));

    server.tell(STOP);

    onEveryNode(node -> {
      assertTrue(backend(node).whereis(Kind.SERVER, name("mortal")).isEmpty());
      assertTrue(backend(node).whereis(Kind.TRANSPORT, name("mortal")).isEmpty());
      assertFalse(containsActor(backend(node).members(name("g")), server));
      assertFalse(containsActor(backend(node).members(Groups.TOOLS), server));
      assertFalse(containsActor(backend(node).members(Groups.SERVERS), server));
      assertFalse(backend(node).groups().contains(name("g")));
    });
  }

  @Test
  void anActorRegisteredAgainAfterUnregisterIsStillCleanedUpOnDeath() {
    ActorRef<Object> server = spawn(0);
    registered(backend(0).register(Kind.SERVER, name("again"), server));
    assertInstanceOf(Outcome.Unregistered.class, await(backend(0).unregister(Kind.SERVER, name("again"))));
    registered(backend(0).register(Kind.SERVER, name("again"), server));
    onEveryNode(node -> assertTrue(backend(node).whereis(Kind.SERVER, name("again")).isPresent()));
    server.tell(STOP);
    onEveryNode(node -> {
      assertTrue(backend(node).whereis(Kind.SERVER, name("again")).isEmpty());
      assertFalse(containsActor(backend(node).members(Groups.SERVERS), server));
    });
  }

  @Test
  void anActorLeftWithOneOfItsTwoNamesIsStillCleanedUpOnDeath() {
    ActorRef<Object> server = spawn(0);
    registered(backend(0).register(Kind.SERVER, name("first"), server));
    registered(backend(0).register(Kind.SERVER, name("second"), server));
    assertInstanceOf(Outcome.Unregistered.class, await(backend(0).unregister(Kind.SERVER, name("first"))));
    onEveryNode(node -> {
      assertTrue(backend(node).whereis(Kind.SERVER, name("first")).isEmpty());
      assertTrue(backend(node).whereis(Kind.SERVER, name("second")).isPresent());
    });
    server.tell(STOP);
    onEveryNode(node -> {
      assertTrue(backend(node).whereis(Kind.SERVER, name("second")).isEmpty());
      assertFalse(containsActor(backend(node).members(Groups.SERVERS), server));
    });
  }

  @Test
  void groupJoinAndLeave() {
    String group = name("workers");
    ActorRef<Object> a = spawn(0);
    ActorRef<Object> b = spawn(0);
    assertInstanceOf(Outcome.Joined.class, await(backend(0).join(group, a)));
    assertInstanceOf(Outcome.Joined.class, await(backend(0).join(group, b)));
    assertInstanceOf(Outcome.Joined.class, await(backend(0).join(group, b)), "joining twice is one membership");
    onEveryNode(node -> {
      assertEquals(Set.of(pathName(a), pathName(b)), pathNames(backend(node).members(group)));
      assertTrue(backend(node).groups().contains(group));
      assertEquals(node == 0 ? Set.of(pathName(a), pathName(b)) : Set.of(), pathNames(backend(node).localMembers(group)));
    });

    assertInstanceOf(Outcome.Left.class, await(backend(0).leave(group, a)));
    onEveryNode(node -> assertEquals(Set.of(pathName(b)), pathNames(backend(node).members(group))));
    assertInstanceOf(Outcome.NotMember.class, await(backend(0).leave(group, a)));

    assertInstanceOf(Outcome.Left.class, await(backend(0).leave(group, b)));
    onEveryNode(node -> {
      assertTrue(backend(node).members(group).isEmpty());
      assertFalse(backend(node).groups().contains(group));
    });
  }

  @Test
  void capabilityGroups() {
    ActorRef<Object> tools = spawn(0);
    ActorRef<Object> resourcesAndPrompts = spawn(0);
    ActorRef<Object> everything = spawn(0);
    ActorRef<Object> transport = spawn(0);
    registered(backend(0).register(Kind.SERVER, name("t"), tools, EntryConfig.withCapabilities("tools")));
    registered(backend(0).register(Kind.SERVER, name("rp"), resourcesAndPrompts, EntryConfig.withCapabilities("resources", "prompts")));
    registered(backend(0).register(Kind.SERVER, name("all"), everything, EntryConfig.withCapabilities("tools", "resources", "prompts")));
    registered(backend(0).register(Kind.TRANSPORT, name("http"), transport));
    onEveryNode(node -> {
      RegistryBackend b = backend(node);
      assertMembership(b.members(Groups.SERVERS), List.of(tools, resourcesAndPrompts, everything), List.of(transport));
      assertMembership(b.members(Groups.TOOLS), List.of(tools, everything), List.of(resourcesAndPrompts, transport));
      assertMembership(b.members(Groups.RESOURCES), List.of(resourcesAndPrompts, everything), List.of(tools, transport));
      assertMembership(b.members(Groups.PROMPTS), List.of(resourcesAndPrompts, everything), List.of(tools, transport));
      assertMembership(b.members(Groups.TRANSPORTS), List.of(transport), List.of(tools, resourcesAndPrompts, everything));
    });
  }

  @Test
  void isDistributed() {
    for (int node = 0; node < nodes(); node++) {
      assertEquals(expectDistributed(), backend(node).isDistributed());
    }
  }

  // ---- beyond erlmcp ----

  static Stream<Arguments> badNames() {
    return Stream.of(
        Arguments.of("null", null),
        Arguments.of("empty", ""),
        Arguments.of("blank", "   "),
        Arguments.of("over 256 chars", "n".repeat(Names.MAX_LENGTH + 1)),
        Arguments.of("newline", "bad\nname"),
        Arguments.of("NUL", "bad\u0000name"),
        Arguments.of("DEL", "bad\u007fname"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badNames")
  void badNamesAreRejectedAndChangeNothing(String label, String badName) {
    ActorRef<Object> ref = spawn(0);
    for (Kind kind : Kind.values()) {
      assertRejected(backend(0).register(kind, badName, ref));
      assertRejected(backend(0).unregister(kind, badName));
      assertRejected(backend(0).update(kind, badName, EntryConfig.empty()));
    }
    assertRejected(backend(0).join(badName, ref));
    assertRejected(backend(0).leave(badName, ref));
    assertNothingChangedFor(ref);
  }

  @Test
  void nullArgumentsAreRejectedAndChangeNothing() {
    ActorRef<Object> ref = spawn(0);
    assertRejected(backend(0).register(null, name("x"), ref));
    assertRejected(backend(0).register(Kind.SERVER, name("x"), null));
    assertRejected(backend(0).register(Kind.SERVER, name("x"), ref, (EntryConfig) null));
    assertRejected(backend(0).unregister(null, name("x")));
    assertRejected(backend(0).update(null, name("x"), EntryConfig.empty()));
    assertRejected(backend(0).update(Kind.SERVER, name("x"), (EntryConfig) null));
    assertRejected(backend(0).join(name("g"), null));
    assertRejected(backend(0).leave(name("g"), null));
    assertThrows(IllegalArgumentException.class, () -> backend(0).whereis(null, name("x")));
    assertThrows(IllegalArgumentException.class, () -> backend(0).list(null));
    assertThrows(IllegalArgumentException.class, () -> backend(0).members(null));
    assertThrows(IllegalArgumentException.class, () -> backend(0).subscribe(null));
    assertNothingChangedFor(ref);
  }

  @Test
  void configMustBeAJsonObjectWithinTheLimit() {
    assertThrows(IllegalArgumentException.class, () -> EntryConfig.parse("[1,2]"));
    assertThrows(IllegalArgumentException.class, () -> EntryConfig.parse("\"text\""));
    assertThrows(IllegalArgumentException.class, () -> EntryConfig.parse("{\"unclosed\":"));
    assertThrows(IllegalArgumentException.class, () -> EntryConfig.of(JsonNodeFactory.instance.numberNode(1)));

    long limit = system(0).settings().config().getBytes("mcp.registry.max-config-bytes");
    EntryConfig oversized = EntryConfig.empty().with("blob", JsonNodeFactory.instance.textNode("x".repeat((int) limit)));
    assertTrue(oversized.encodedSize() > limit);
    ActorRef<Object> ref = spawn(0);
    Rejected rejected = assertRejected(backend(0).register(Kind.SERVER, name("big"), ref, oversized));
    assertTrue(rejected.reason().contains("max-config-bytes"), rejected.reason());

    registered(backend(0).register(Kind.SERVER, name("small"), ref, EntryConfig.parse("{\"v\":1}")));
    assertRejected(backend(0).update(Kind.SERVER, name("small"), oversized));
    assertNothingChangedFor(ref);
    onEveryNode(node -> {
      assertTrue(backend(node).whereis(Kind.SERVER, name("big")).isEmpty());
      assertEquals(EntryConfig.parse("{\"v\":1}"), backend(node).whereis(Kind.SERVER, name("small")).orElseThrow().config());
    });
  }

  @Test
  void configTextThatIsNotAJsonObjectIsRejectedAndChangesNothing() {
    ActorRef<Object> ref = spawn(0);
    for (String bad : new String[] {"not json", "[1,2]", "\"text\"", "{\"unclosed\":", null}) {
      Rejected rejected = assertRejected(backend(0).register(Kind.SERVER, name("text"), ref, bad));
      assertTrue(rejected.reason().contains("config"), rejected.reason());
    }
    registered(backend(0).register(Kind.SERVER, name("text"), ref, "{\"v\":1}"));
    assertRejected(backend(0).update(Kind.SERVER, name("text"), "{\"v\":"));
    assertEquals(Outcome.Updated.class, await(backend(0).update(Kind.SERVER, name("text"), "{\"v\":2}")).getClass());
    onEveryNode(node -> assertEquals(EntryConfig.parse("{\"v\":2}"),
        backend(node).whereis(Kind.SERVER, name("text")).orElseThrow().config()));
  }

  @Test
  void hundredConcurrentRegistrationsOfOneNameHaveOneWinner() throws Exception {
    int contenders = 100;
    List<ActorRef<Object>> refs = new ArrayList<>();
    for (int i = 0; i < contenders; i++) {
      refs.add(spawn(i % nodes()));
    }
    ExecutorService threads = Executors.newFixedThreadPool(8);
    try {
      List<CompletableFuture<RegisterOutcome>> outcomes = new ArrayList<>();
      for (int i = 0; i < contenders; i++) {
        int contender = i;
        outcomes.add(CompletableFuture.supplyAsync(
                () -> backend(contender % nodes()).register(Kind.SERVER, name("contested"), refs.get(contender)), threads)
            .thenCompose(stage -> stage));
      }
      List<RegisterOutcome> results = new ArrayList<>();
      for (CompletableFuture<RegisterOutcome> outcome : outcomes) {
        results.add(outcome.get(bound().toMillis(), TimeUnit.MILLISECONDS));
      }
      List<Registered> winners = results.stream().filter(Registered.class::isInstance).map(Registered.class::cast).toList();
      assertEquals(1, winners.size(), "exactly one registration wins: " + results);
      ActorRef<?> winner = winners.get(0).registration().ref();
      for (RegisterOutcome result : results) {
        if (result instanceof AlreadyRegistered taken) {
          assertSameActor(winner, taken.existing().ref());
        } else {
          assertInstanceOf(Registered.class, result);
        }
      }
      onEveryNode(node -> assertSameActor(winner, backend(node).whereis(Kind.SERVER, name("contested")).orElseThrow().ref()));
    } finally {
      threads.shutdownNow();
    }
  }

  @Test
  void awaitCompletesWhenTheNameIsRegistered() throws Exception {
    List<CompletableFuture<Optional<Registration>>> waiting = new ArrayList<>();
    for (int node = 0; node < nodes(); node++) {
      waiting.add(backend(node).await(Kind.SERVER, name("later"), bound()).toCompletableFuture());
    }
    waiting.forEach(w -> assertFalse(w.isDone(), "nothing is registered yet"));
    ActorRef<Object> server = spawn(0);
    registered(backend(0).register(Kind.SERVER, name("later"), server));
    for (CompletableFuture<Optional<Registration>> w : waiting) {
      assertSameActor(server, w.get(bound().toMillis(), TimeUnit.MILLISECONDS).orElseThrow().ref());
    }
    Optional<Registration> present = await(backend(0).await(Kind.SERVER, name("later"), Duration.ofMillis(1)));
    assertSameActor(server, present.orElseThrow().ref());
  }

  @Test
  void awaitTimesOutCleanly() throws Exception {
    CompletableFuture<Optional<Registration>> waiting =
        backend(0).await(Kind.TRANSPORT, name("never"), Duration.ofMillis(200)).toCompletableFuture();
    assertEquals(Optional.empty(), waiting.get(bound().toMillis(), TimeUnit.MILLISECONDS));
  }

  @Test
  void eventsForOneNameArriveInOrderOnEveryNode() {
    List<List<RegistryEvent>> seen = subscribeEverywhere();
    ActorRef<Object> server = spawn(0);
    registered(backend(0).register(Kind.SERVER, name("ordered"), server, EntryConfig.parse("{\"v\":1}")));
    assertInstanceOf(Outcome.Updated.class, await(backend(0).update(Kind.SERVER, name("ordered"), EntryConfig.parse("{\"v\":2}"))));
    assertInstanceOf(Outcome.Unregistered.class, await(backend(0).unregister(Kind.SERVER, name("ordered"))));
    onEveryNode(node -> {
      List<String> kinds = seen.get(node).stream()
          .filter(e -> name("ordered").equals(entryName(e)))
          .map(e -> e.getClass().getSimpleName())
          .toList();
      assertEquals(List.of("Registered", "Updated", "Unregistered"), kinds);
    });
    List<RegistryEvent> nodeZero = seen.get(0);
    RegistryEvent.Updated updated = nodeZero.stream().filter(RegistryEvent.Updated.class::isInstance).map(RegistryEvent.Updated.class::cast)
        .filter(e -> e.current().name().equals(name("ordered"))).findFirst().orElseThrow();
    assertEquals(EntryConfig.parse("{\"v\":1}"), updated.previous().config());
    assertEquals(EntryConfig.parse("{\"v\":2}"), updated.current().config());
  }

  @Test
  void aCallbackThatBlocksNeverStallsTheRegistry() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    CompletableFuture<Void> blocked = backend(0).register(Kind.SERVER, name("first"), spawn(0))
        .thenAccept(outcome -> {
          try {
            // Bounded, so a backend that ran this on the caller's thread fails the test, not hangs it.
            release.await(bound().toMillis(), TimeUnit.MILLISECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        })
        .toCompletableFuture();
    try {
      registered(backend(0).register(Kind.SERVER, name("second"), spawn(0)));
      assertFalse(blocked.isDone(), "the first caller's callback is still blocked");
    } finally {
      release.countDown();
    }
    blocked.get(bound().toMillis(), TimeUnit.MILLISECONDS);
  }

  @Test
  void unregisterOfAMissingNameIsNotFound() {
    Outcome.NotFound notFound = assertInstanceOf(Outcome.NotFound.class, await(backend(0).unregister(Kind.SERVER, name("missing"))));
    assertEquals(name("missing"), notFound.name());
  }

  @Test
  void updateOfAMissingNameIsNotFound() {
    assertInstanceOf(Outcome.NotFound.class, await(backend(0).update(Kind.TRANSPORT, name("missing"), EntryConfig.empty())));
  }

  @Test
  void updateThatChangesCapabilitiesMovesTheServerBetweenGroups() {
    ActorRef<Object> server = spawn(0);
    registered(backend(0).register(Kind.SERVER, name("mover"), server, EntryConfig.withCapabilities("tools")));
    onEveryNode(node -> assertMembership(backend(node).members(Groups.TOOLS), List.of(server), List.of()));
    await(backend(0).update(Kind.SERVER, name("mover"), EntryConfig.withCapabilities("resources")));
    onEveryNode(node -> {
      assertMembership(backend(node).members(Groups.RESOURCES), List.of(server), List.of());
      assertMembership(backend(node).members(Groups.TOOLS), List.of(), List.of(server));
      assertMembership(backend(node).members(Groups.SERVERS), List.of(server), List.of());
    });
  }

  @Test
  void aStoppedActorNeverAppearsInAReadAfterItsUnregisteredEvent() {
    String group = name("watched");
    ActorRef<Object> server = spawn(0);
    ConcurrentLinkedQueue<String> violations = new ConcurrentLinkedQueue<>();
    CopyOnWriteArrayList<Integer> announced = new CopyOnWriteArrayList<>();
    for (int node = 0; node < nodes(); node++) {
      int n = node;
      RegistryBackend b = backend(node);
      subscriptions.add(b.subscribe(event -> {
        if (event instanceof RegistryEvent.Unregistered gone && gone.registration().name().equals(name("dying"))) {
          if (b.whereis(Kind.SERVER, name("dying")).isPresent()) {
            violations.add("node " + n + ": whereis still finds it");
          }
          if (names(b.list(Kind.SERVER)).contains(name("dying"))) {
            violations.add("node " + n + ": list still has it");
          }
          if (containsActor(b.members(Groups.SERVERS), server) || containsActor(b.members(group), server)) {
            violations.add("node " + n + ": a group still has it");
          }
          announced.add(n);
        }
      }));
    }
    registered(backend(0).register(Kind.SERVER, name("dying"), server, EntryConfig.withCapabilities("tools")));
    await(backend(0).join(group, server));
    onEveryNode(node -> assertTrue(containsActor(backend(node).members(group), server)));

    server.tell(STOP);

    onEveryNode(node -> assertTrue(announced.contains(node), "node " + node + " announced the removal"));
    assertEquals(List.of(), List.copyOf(violations));
  }

  // ---- what events say, await with several waiters, limits at their value ----

  @Test
  void eventsSayWhatChangedAndWhyAndArriveWithoutALaterWrite() {
    List<List<RegistryEvent>> seen = subscribeEverywhere();
    ActorRef<Object> server = spawn(0);
    String entry = name("ev");
    String transport = name("ev-transport");
    String group = name("g");
    Map<String, List<String>> expected = new LinkedHashMap<>();
    // Each step's events must reach every node before the next write is sent, so an event held
    // back until some later write fails the step it belongs to.
    registered(backend(0).register(Kind.SERVER, entry, server, EntryConfig.withCapabilities("tools")));
    expected.put(entry, new ArrayList<>(List.of("Registered {\"capabilities\":{\"tools\":{}}}")));
    expected.put(Groups.SERVERS, new ArrayList<>(List.of("Joined")));
    expected.put(Groups.TOOLS, new ArrayList<>(List.of("Joined")));
    expectEvents(seen, server, expected);

    assertInstanceOf(Outcome.Joined.class, await(backend(0).join(group, server)));
    expected.put(group, new ArrayList<>(List.of("Joined")));
    expectEvents(seen, server, expected);

    assertInstanceOf(Outcome.Updated.class,
        await(backend(0).update(Kind.SERVER, entry, EntryConfig.withCapabilities("resources"))));
    expected.get(entry).add("Updated {\"capabilities\":{\"tools\":{}}} -> {\"capabilities\":{\"resources\":{}}}");
    expected.get(Groups.TOOLS).add("Left");
    expected.put(Groups.RESOURCES, new ArrayList<>(List.of("Joined")));
    expectEvents(seen, server, expected);

    assertInstanceOf(Outcome.Left.class, await(backend(0).leave(group, server)));
    expected.get(group).add("Left");
    expectEvents(seen, server, expected);

    assertInstanceOf(Outcome.Unregistered.class, await(backend(0).unregister(Kind.SERVER, entry)));
    expected.get(entry).add("Unregistered UNREGISTERED");
    expected.get(Groups.SERVERS).add("Left");
    expected.get(Groups.RESOURCES).add("Left");
    expectEvents(seen, server, expected);

    registered(backend(0).register(Kind.TRANSPORT, transport, server));
    assertInstanceOf(Outcome.Joined.class, await(backend(0).join(group, server)));
    expected.put(transport, new ArrayList<>(List.of("Registered {}")));
    expected.put(Groups.TRANSPORTS, new ArrayList<>(List.of("Joined")));
    expected.get(group).add("Joined");
    expectEvents(seen, server, expected);

    server.tell(STOP);
    expected.get(transport).add("Unregistered TERMINATED");
    expected.get(Groups.TRANSPORTS).add("Left");
    expected.get(group).add("Left");
    expectEvents(seen, server, expected);
  }

  @Test
  void theRegistrationInAnEventIsTheOneTheWriteAnswered() {
    List<List<RegistryEvent>> seen = subscribeEverywhere();
    Registration registration = registered(backend(0).register(Kind.SERVER, name("same"), spawn(0), EntryConfig.parse("{\"v\":1}")));
    waiter.awaitAssert(bound(), Duration.ofMillis(20), () -> {
      assertTrue(seen.get(0).contains(new RegistryEvent.Registered(registration)), seen.get(0).toString());
      return null;
    });
  }

  @Test
  void aClosedSubscriptionIsToldNothingMore() {
    List<RegistryEvent> closed = new CopyOnWriteArrayList<>();
    Subscription closing = backend(0).subscribe(closed::add);
    List<RegistryEvent> open = new CopyOnWriteArrayList<>();
    subscriptions.add(backend(0).subscribe(open::add));
    registered(backend(0).register(Kind.SERVER, name("before"), spawn(0)));
    waiter.awaitAssert(bound(), Duration.ofMillis(20), () -> {
      assertTrue(namesIn(closed).contains(name("before")), "delivered while subscribed");
      return null;
    });

    closing.close();
    closing.close();
    registered(backend(0).register(Kind.SERVER, name("after"), spawn(0)));
    registered(backend(0).register(Kind.SERVER, name("marker"), spawn(0)));

    // The marker is published after "after"; once the open subscription has it, a live one would
    // have been sent "after" too.
    waiter.awaitAssert(bound(), Duration.ofMillis(20), () -> {
      assertTrue(namesIn(open).containsAll(List.of(name("before"), name("after"), name("marker"))));
      return null;
    });
    assertEquals(List.of(name("before")), namesIn(closed));
  }

  @Test
  void answersThatChangeNothingLeaveSubscribersAndWatchesInPlace() {
    List<List<RegistryEvent>> seen = subscribeEverywhere();
    ActorRef<Object> holder = spawn(0);
    registered(backend(0).register(Kind.SERVER, name("held"), holder));
    Subscription other = backend(0).subscribe(event -> { });
    // Every answer that changes nothing, and a few removals, each on its own path in the registry.
    assertInstanceOf(AlreadyRegistered.class, await(backend(0).register(Kind.SERVER, name("held"), spawn(0))));
    assertInstanceOf(Outcome.NotFound.class, await(backend(0).unregister(Kind.SERVER, name("absent"))));
    assertInstanceOf(Outcome.NotFound.class, await(backend(0).update(Kind.SERVER, name("absent"), EntryConfig.empty())));
    assertInstanceOf(Outcome.NotMember.class, await(backend(0).leave(name("g"), holder)));
    assertEquals(Optional.empty(), await(backend(0).await(Kind.SERVER, name("absent"), Duration.ofMillis(1))));
    other.close();
    ActorRef<Object> bystander = spawn(0);
    registered(backend(0).register(Kind.TRANSPORT, name("bystander"), bystander));
    bystander.tell(STOP);
    onEveryNode(node -> assertTrue(backend(node).whereis(Kind.TRANSPORT, name("bystander")).isEmpty()));

    registered(backend(0).register(Kind.SERVER, name("last"), spawn(0)));
    holder.tell(STOP);
    onEveryNode(node -> {
      assertTrue(namesIn(seen.get(node)).contains(name("last")), "the subscriber made first is still told");
      assertTrue(backend(node).whereis(Kind.SERVER, name("held")).isEmpty(), "the first holder is still watched");
    });
  }

  @Test
  void aWaiterThatTimesOutLeavesTheOthersOnTheNameWaiting() throws Exception {
    List<CompletableFuture<Optional<Registration>>> patient = new ArrayList<>();
    List<CompletableFuture<Optional<Registration>>> impatient = new ArrayList<>();
    for (int node = 0; node < nodes(); node++) {
      patient.add(backend(node).await(Kind.SERVER, name("awaited"), bound()).toCompletableFuture());
      impatient.add(backend(node).await(Kind.SERVER, name("awaited"), Duration.ofMillis(50)).toCompletableFuture());
      patient.add(backend(node).await(Kind.SERVER, name("awaited"), bound()).toCompletableFuture());
    }
    for (CompletableFuture<Optional<Registration>> w : impatient) {
      assertEquals(Optional.empty(), w.get(bound().toMillis(), TimeUnit.MILLISECONDS));
    }
    patient.forEach(w -> assertFalse(w.isDone(), "still waiting after the other waiter timed out"));
    ActorRef<Object> server = spawn(0);
    registered(backend(0).register(Kind.SERVER, name("awaited"), server));
    for (CompletableFuture<Optional<Registration>> w : patient) {
      assertSameActor(server, w.get(bound().toMillis(), TimeUnit.MILLISECONDS).orElseThrow().ref());
    }
  }

  @Test
  void anAwaitSentRightBehindItsRegistrationIsAnsweredByIt() throws Exception {
    // The await may be checked against the view before the registration lands there and then
    // reach the registry actor after it: the actor must answer from what it holds, not wait.
    List<ActorRef<Object>> servers = new ArrayList<>();
    List<CompletableFuture<Optional<Registration>>> waiting = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      servers.add(spawn(0));
      backend(0).register(Kind.SERVER, name("quick" + i), servers.get(i));
      waiting.add(backend(0).await(Kind.SERVER, name("quick" + i), bound()).toCompletableFuture());
    }
    for (int i = 0; i < 20; i++) {
      assertSameActor(servers.get(i), waiting.get(i).get(bound().toMillis(), TimeUnit.MILLISECONDS).orElseThrow().ref());
    }
  }

  @Test
  void aNameOfTheLongestLengthIsAcceptedAndOneCharMoreIsRejected() {
    ActorRef<Object> ref = spawn(0);
    String longest = ofLength(Names.MAX_LENGTH);
    registered(backend(0).register(Kind.SERVER, longest, ref));
    registered(backend(0).register(Kind.TRANSPORT, ofLength(Names.MAX_LENGTH - 1), ref));
    String tooLong = ofLength(Names.MAX_LENGTH + 1);
    Rejected rejected = assertRejected(backend(0).register(Kind.SERVER, tooLong, ref));
    assertTrue(rejected.reason().contains("257") && rejected.reason().contains("256"), rejected.reason());
    assertRejected(backend(0).unregister(Kind.SERVER, tooLong));
    assertRejected(backend(0).update(Kind.SERVER, tooLong, EntryConfig.empty()));
    assertInstanceOf(Outcome.Joined.class, await(backend(0).join(longest, ref)));
    assertRejected(backend(0).join(tooLong, ref));
    assertRejected(backend(0).leave(tooLong, ref));
    onEveryNode(node -> {
      assertTrue(backend(node).whereis(Kind.SERVER, longest).isPresent());
      assertTrue(backend(node).whereis(Kind.TRANSPORT, ofLength(Names.MAX_LENGTH - 1)).isPresent());
      assertTrue(containsActor(backend(node).members(longest), ref));
      assertTrue(backend(node).whereis(Kind.SERVER, tooLong).isEmpty());
      assertFalse(backend(node).groups().contains(tooLong));
    });
  }

  @Test
  void aConfigOfExactlyTheLimitIsAcceptedAndOneByteMoreIsRejected() {
    int limit = system(0).settings().config().getBytes("mcp.registry.max-config-bytes").intValue();
    EntryConfig atLimit = configOfSize(limit);
    EntryConfig underLimit = configOfSize(limit - 1);
    EntryConfig overLimit = configOfSize(limit + 1);
    ActorRef<Object> ref = spawn(0);
    Rejected rejected = assertRejected(backend(0).register(Kind.SERVER, name("sized"), ref, overLimit));
    assertTrue(rejected.reason().contains((limit + 1) + " bytes"), rejected.reason());
    registered(backend(0).register(Kind.SERVER, name("sized"), ref, atLimit));
    assertRejected(backend(0).update(Kind.SERVER, name("sized"), overLimit));
    assertInstanceOf(Outcome.Updated.class, await(backend(0).update(Kind.SERVER, name("sized"), underLimit)));
    assertInstanceOf(Outcome.Updated.class, await(backend(0).update(Kind.SERVER, name("sized"), atLimit)));
    onEveryNode(node -> assertEquals(atLimit, backend(node).whereis(Kind.SERVER, name("sized")).orElseThrow().config()));
  }

  // ---- helpers ----

  protected final String name(String base) {
    return prefix + base;
  }

  /** An actor on {@code node} that stops when told {@code "stop"}. */
  protected final ActorRef<Object> spawn(int node) {
    String actorName = prefix + "actor-" + node + "-" + UNIQUE.incrementAndGet();
    return system(node).systemActorOf(
        Behaviors.receiveMessage(message -> STOP.equals(message) ? Behaviors.stopped() : Behaviors.same()),
        actorName, Props.empty());
  }

  /** Runs {@code check} against every node until it passes on all, or fails after {@link #bound()}. */
  protected final void onEveryNode(Consumer<Integer> check) {
    waiter.awaitAssert(bound(), Duration.ofMillis(20), () -> {
      for (int node = 0; node < nodes(); node++) {
        check.accept(node);
      }
      return null;
    });
  }

  protected final <T> T await(CompletionStage<T> stage) {
    try {
      return stage.toCompletableFuture().get(bound().toMillis(), TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      throw new AssertionError("no reply within " + bound(), e);
    }
  }

  protected final Registration registered(CompletionStage<RegisterOutcome> stage) {
    return assertInstanceOf(Registered.class, await(stage)).registration();
  }

  private Rejected assertRejected(CompletionStage<? extends Outcome> stage) {
    CompletableFuture<? extends Outcome> future = stage.toCompletableFuture();
    assertTrue(future.isDone(), "bad input is answered at the call site, without a round trip");
    Rejected rejected = assertInstanceOf(Rejected.class, future.join());
    assertFalse(rejected.reason().isBlank());
    return rejected;
  }

  /**
   * Bad input must leave no trace. Because writes from one node apply in order, once a later
   * sentinel write is visible everywhere, anything the bad input might have caused would be too.
   */
  private void assertNothingChangedFor(ActorRef<Object> ref) {
    registered(backend(0).register(Kind.TRANSPORT, name("sentinel"), spawn(0)));
    onEveryNode(node -> {
      assertTrue(backend(node).whereis(Kind.TRANSPORT, name("sentinel")).isPresent());
      for (Kind kind : Kind.values()) {
        for (Registration r : backend(node).list(kind)) {
          assertFalse(r.name().startsWith(prefix) && !r.name().equals(name("sentinel")) && !r.name().equals(name("small"))
              || pathName(r.ref()).equals(pathName(ref)) && !r.name().equals(name("small")), "unexpected entry " + r);
        }
      }
      backend(node).groups().forEach(g -> assertFalse(g.startsWith(prefix), "unexpected group " + g));
    });
  }

  private List<List<RegistryEvent>> subscribeEverywhere() {
    List<List<RegistryEvent>> seen = new ArrayList<>();
    for (int node = 0; node < nodes(); node++) {
      List<RegistryEvent> events = new CopyOnWriteArrayList<>();
      subscriptions.add(backend(node).subscribe(events::add));
      seen.add(events);
    }
    return seen;
  }

  /** A name of this case that is exactly {@code length} chars long. */
  private String ofLength(int length) {
    String base = name("long-");
    return base + "x".repeat(length - base.length());
  }

  /** A config whose compact encoding, {"blob":"xx..."}, is exactly {@code size} bytes. */
  private static EntryConfig configOfSize(int size) {
    EntryConfig config = EntryConfig.empty().with("blob", JsonNodeFactory.instance.textNode("x".repeat(size - 11)));
    assertEquals(size, config.encodedSize());
    return config;
  }

  /**
   * Waits until every node has told exactly {@code expected} about this case: per name, and per
   * group for {@code member}, the events in order, with configs and removal reasons.
   */
  private void expectEvents(List<List<RegistryEvent>> seen, ActorRef<?> member, Map<String, List<String>> expected) {
    onEveryNode(node -> assertEquals(expected, eventsByKey(seen.get(node), member), "node " + node));
  }

  private Map<String, List<String>> eventsByKey(List<RegistryEvent> events, ActorRef<?> member) {
    Map<String, List<String>> byKey = new LinkedHashMap<>();
    for (RegistryEvent event : events) {
      if (event instanceof RegistryEvent.Registered e && e.registration().name().startsWith(prefix)) {
        add(byKey, e.registration().name(), "Registered " + e.registration().config());
      } else if (event instanceof RegistryEvent.Updated e && e.current().name().startsWith(prefix)) {
        add(byKey, e.current().name(), "Updated " + e.previous().config() + " -> " + e.current().config());
      } else if (event instanceof RegistryEvent.Unregistered e && e.registration().name().startsWith(prefix)) {
        add(byKey, e.registration().name(), "Unregistered " + e.reason());
      } else if (event instanceof RegistryEvent.Joined e && pathName(e.ref()).equals(pathName(member))) {
        add(byKey, e.group(), "Joined");
      } else if (event instanceof RegistryEvent.Left e && pathName(e.ref()).equals(pathName(member))) {
        add(byKey, e.group(), "Left");
      }
    }
    return byKey;
  }

  private static void add(Map<String, List<String>> byKey, String key, String event) {
    byKey.computeIfAbsent(key, k -> new ArrayList<>()).add(event);
  }

  private List<String> namesIn(List<RegistryEvent> events) {
    return events.stream().map(RegistryContractTest::entryName).filter(n -> n.startsWith(prefix)).toList();
  }

  private static String entryName(RegistryEvent event) {
    if (event instanceof RegistryEvent.Registered e) {
      return e.registration().name();
    } else if (event instanceof RegistryEvent.Updated e) {
      return e.current().name();
    } else if (event instanceof RegistryEvent.Unregistered e) {
      return e.registration().name();
    }
    return "";
  }

  private static String standardGroupOf(Kind kind) {
    return kind == Kind.SERVER ? Groups.SERVERS : Groups.TRANSPORTS;
  }

  private static Set<String> names(List<Registration> registrations) {
    return registrations.stream().map(Registration::name).collect(Collectors.toSet());
  }

  /**
   * Actors are told apart by their path name, which this suite makes unique: a ref read on another
   * node carries that node's view of the address, so whole refs do not compare across nodes.
   */
  private static String pathName(ActorRef<?> ref) {
    return ref.path().name();
  }

  private static Set<String> pathNames(Set<ActorRef<?>> refs) {
    return refs.stream().map(RegistryContractTest::pathName).collect(Collectors.toSet());
  }

  private static boolean containsActor(Set<ActorRef<?>> refs, ActorRef<?> ref) {
    return pathNames(refs).contains(pathName(ref));
  }

  private static void assertSameActor(ActorRef<?> expected, ActorRef<?> actual) {
    assertEquals(pathName(expected), pathName(actual), "same actor");
  }

  private static void assertMembership(Set<ActorRef<?>> members, List<ActorRef<Object>> in, List<ActorRef<Object>> out) {
    in.forEach(ref -> assertTrue(containsActor(members, ref), pathName(ref) + " should be a member"));
    out.forEach(ref -> assertFalse(containsActor(members, ref), pathName(ref) + " should not be a member"));
  }
}
