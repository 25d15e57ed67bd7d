/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.examples;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.SpawnProtocol;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.pekkomcp.registry.EntryConfig;
import org.pekkomcp.registry.Groups;
import org.pekkomcp.registry.Kind;
import org.pekkomcp.registry.McpRegistry;
import org.pekkomcp.registry.Outcome;
import org.pekkomcp.registry.Registration;
import org.pekkomcp.registry.RegistryEvent;
import org.slf4j.LoggerFactory;

/**
 * The registry on one node, in six steps, printed as a trace: register servers and transports,
 * look them up, read the capability groups, move a server between groups with an update, join a
 * group explicitly, and watch DeathWatch clean up after an actor that stops.
 *
 * <p>Run it with {@code ./demo} from the repository root (it needs only a JDK 17 and Maven: the
 * reactor builds core first, so nothing has to be installed). It exits by itself, 0 on success.
 *
 * <p>The demo is a plain sequential script on the main thread: it blocks on each outcome, which is
 * fine here and wrong inside an actor (there, pipe the {@code CompletionStage} to yourself). Each
 * step prints the events the registry published for it, taken from an {@link EventLog}; lookups
 * are read straight from the node's snapshot and need no waiting at all. Actors are shown by
 * their actor names, which the demo picks equal to the names it registers, except for the one
 * that tries to take a name already held.
 */
public final class RegistryDemo {

  private static final Duration PATIENCE = Duration.ofSeconds(5);
  private static final String REGION_EU = "region.eu";

  private final ActorSystem<?> system;
  private final ActorRef<SpawnProtocol.Command> spawner;
  private final McpRegistry registry;
  private final Consumer<String> out;

  /**
   * @param system the actor system whose registry the demo uses
   * @param spawner where the demo's server and transport actors are spawned
   * @param out receives the trace, one line at a time
   */
  RegistryDemo(ActorSystem<?> system, ActorRef<SpawnProtocol.Command> spawner, Consumer<String> out) {
    this.system = system;
    this.spawner = spawner;
    this.registry = McpRegistry.get(system);
    this.out = out;
  }

  public static void main(String[] args) throws Exception {
    // Start SLF4J before Pekko's threads race to it, else SLF4J prints a "replayed calls" warning.
    LoggerFactory.getILoggerFactory();
    ActorSystem<SpawnProtocol.Command> system = ActorSystem.create(SpawnProtocol.create(), "registry-demo");
    try {
      new RegistryDemo(system, system, System.out::println).run();
    } finally {
      system.terminate();
      system.getWhenTerminated().toCompletableFuture().get(PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  void run() throws Exception {
    out.accept("pekko-mcp registry demo: node " + system.address() + ", distributed = " + registry.isDistributed());
    try (EventLog events = new EventLog(registry, PATIENCE)) {
      step("1. Register three servers and two transports; each joins the standard groups of its kind and capabilities");
      ActorRef<DemoServer.Command> weather = spawn(DemoServer.create(List.of("forecast", "alerts")), "weather");
      ActorRef<DemoServer.Command> files = spawn(DemoServer.create(List.of()), "files");
      ActorRef<DemoServer.Command> prompts = spawn(DemoServer.create(List.of()), "prompts");
      ActorRef<DemoTransport.Command> stdio = spawn(DemoTransport.create("stdio"), "stdio");
      ActorRef<DemoTransport.Command> http = spawn(DemoTransport.create("http"), "http");
      register(events, Kind.SERVER, "weather", weather, EntryConfig.withCapabilities("tools", "resources"));
      register(events, Kind.SERVER, "files", files,
          EntryConfig.parse("{\"capabilities\":{\"resources\":{\"subscribe\":true}}}"));
      register(events, Kind.SERVER, "prompts", prompts, EntryConfig.withCapabilities("prompts"));
      register(events, Kind.TRANSPORT, "stdio", stdio, EntryConfig.empty());
      register(events, Kind.TRANSPORT, "http", http, EntryConfig.parse("{\"url\":\"http://127.0.0.1:8080/mcp\"}"));
      ActorRef<DemoServer.Command> latecomer = spawn(DemoServer.create(List.of("forecast")), "weather-2");
      register(events, Kind.SERVER, "weather", latecomer, EntryConfig.withCapabilities("tools"));

      step("2. Look up by name (a synchronous read of this node's snapshot) and talk to what was found");
      whereis(Kind.SERVER, "weather");
      whereis(Kind.SERVER, "calendar");
      ActorRef<DemoServer.Command> weatherByName =
          registry.whereis(Kind.SERVER, "weather").orElseThrow().refAs(DemoServer.Command.class);
      out.accept("ask SERVER weather tools/list -> "
          + ask(weatherByName, (ActorRef<String> reply) -> new DemoServer.Request("tools/list", reply)));
      String frame = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}";
      ActorRef<DemoTransport.Command> stdioByName =
          registry.whereis(Kind.TRANSPORT, "stdio").orElseThrow().refAs(DemoTransport.Command.class);
      out.accept("ask TRANSPORT stdio to send " + frame + " -> "
          + ask(stdioByName, (ActorRef<String> ack) -> new DemoTransport.Send(frame, ack)));
      list(Kind.SERVER);
      list(Kind.TRANSPORT);

      step("3. Capability groups (their members are actors)");
      members(Groups.SERVERS, Groups.TOOLS, Groups.RESOURCES, Groups.PROMPTS, Groups.TRANSPORTS);

      step("4. An update that changes capabilities moves the server between capability groups");
      update(events, Kind.SERVER, "files", EntryConfig.withCapabilities("tools"));
      members(Groups.TOOLS, Groups.RESOURCES);

      step("5. Any other group is joined explicitly");
      join(events, REGION_EU, weather);
      join(events, REGION_EU, http);
      members(REGION_EU);
      out.accept("groups -> " + sorted(registry.groups()));

      step("6. DeathWatch: the weather actor stops; its name and all its memberships go with it");
      EntryConfig weatherConfig = registry.whereis(Kind.SERVER, "weather").orElseThrow().config();
      out.accept("stop actor weather");
      weather.tell(new DemoServer.Stop());
      // Leaving its one explicit group and its standard groups, then the name itself.
      printEvents(events.take(1 + Groups.standardGroups(Kind.SERVER, weatherConfig).size() + 1));
      whereis(Kind.SERVER, "weather");
      list(Kind.SERVER);
      members(Groups.SERVERS, Groups.TOOLS, Groups.RESOURCES, REGION_EU);
      out.accept("the name is free again:");
      register(events, Kind.SERVER, "weather", latecomer, EntryConfig.withCapabilities("tools"));
      whereis(Kind.SERVER, "weather");
    }
    out.accept("done");
  }

  private void step(String title) {
    out.accept("");
    out.accept("== " + title);
  }

  private void register(EventLog events, Kind kind, String name, ActorRef<?> ref, EntryConfig config)
      throws Exception {
    Outcome.RegisterOutcome outcome = await(registry.register(kind, name, ref, config));
    out.accept("register " + kind + " " + name + " = actor " + actorName(ref) + " " + config + " -> " + describe(outcome));
    if (outcome instanceof Outcome.Registered) {
      // One Registered, then one Joined per standard group.
      printEvents(events.take(1 + Groups.standardGroups(kind, config).size()));
    }
  }

  private void update(EventLog events, Kind kind, String name, EntryConfig config) throws Exception {
    EntryConfig before = registry.whereis(kind, name).orElseThrow().config();
    Outcome.UpdateOutcome outcome = await(registry.update(kind, name, config));
    out.accept("update " + kind + " " + name + " " + before + " => " + config + " -> " + describe(outcome));
    // One Updated, then one Left or Joined per standard group that changed.
    Set<String> groupsBefore = Groups.standardGroups(kind, before);
    Set<String> groupsAfter = Groups.standardGroups(kind, config);
    long moves = groupsBefore.stream().filter(g -> !groupsAfter.contains(g)).count()
        + groupsAfter.stream().filter(g -> !groupsBefore.contains(g)).count();
    printEvents(events.take(1 + (int) moves));
  }

  private void join(EventLog events, String group, ActorRef<?> ref) throws Exception {
    Outcome.GroupOutcome outcome = await(registry.join(group, ref));
    out.accept("join " + group + " actor " + actorName(ref) + " -> " + describe(outcome));
    printEvents(events.take(1));
  }

  private void whereis(Kind kind, String name) {
    Optional<Registration> found = registry.whereis(kind, name);
    out.accept("whereis " + kind + " " + name + " -> " + found
        .map(r -> "actor " + actorName(r.ref()) + " " + r.config() + " on " + r.node())
        .orElse("not found"));
  }

  private void list(Kind kind) {
    out.accept("list " + kind + " -> " + sorted(registry.list(kind).stream().map(Registration::name).toList()));
  }

  private void members(String... groups) {
    for (String group : groups) {
      out.accept("members " + group + " -> " + actorNames(registry.members(group)));
    }
  }

  private void printEvents(List<RegistryEvent> events) {
    events.forEach(e -> out.accept("  event " + describe(e)));
  }

  private <T> ActorRef<T> spawn(Behavior<T> behavior, String name) throws Exception {
    return ask(spawner, (ActorRef<ActorRef<T>> reply) -> new SpawnProtocol.Spawn<>(behavior, name, Props.empty(), reply));
  }

  private <T, R> R ask(ActorRef<T> target, Function<ActorRef<R>, T> message) throws Exception {
    return await(AskPattern.ask(target, message::apply, PATIENCE, system.scheduler()));
  }

  private static <T> T await(CompletionStage<T> stage) throws Exception {
    return stage.toCompletableFuture().get(PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
  }

  private static String describe(Outcome outcome) {
    if (outcome instanceof Outcome.AlreadyRegistered taken) {
      return "AlreadyRegistered (held by actor " + actorName(taken.existing().ref()) + ")";
    }
    if (outcome instanceof Outcome.Rejected rejected) {
      return "Rejected: " + rejected.reason();
    }
    return outcome.getClass().getSimpleName();
  }

  private static String describe(RegistryEvent event) {
    if (event instanceof RegistryEvent.Registered e) {
      return "Registered " + e.registration().kind() + " " + e.registration().name();
    }
    if (event instanceof RegistryEvent.Unregistered e) {
      return "Unregistered " + e.registration().kind() + " " + e.registration().name() + " (" + e.reason() + ")";
    }
    if (event instanceof RegistryEvent.Updated e) {
      return "Updated " + e.current().kind() + " " + e.current().name() + " " + e.previous().config() + " => "
          + e.current().config();
    }
    if (event instanceof RegistryEvent.Joined e) {
      return "Joined " + e.group() + ": actor " + actorName(e.ref());
    }
    if (event instanceof RegistryEvent.Left e) {
      return "Left " + e.group() + ": actor " + actorName(e.ref());
    }
    // A Conflict needs a cluster; printed as is should one ever show up.
    return event.toString();
  }

  private static String actorName(ActorRef<?> ref) {
    return ref.path().name();
  }

  private static List<String> actorNames(Set<ActorRef<?>> refs) {
    return sorted(refs.stream().map(RegistryDemo::actorName).toList());
  }

  private static List<String> sorted(Collection<String> names) {
    return names.stream().sorted().collect(Collectors.toList());
  }
}
