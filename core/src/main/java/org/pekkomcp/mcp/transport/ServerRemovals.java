/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.mcp.transport;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.Extension;
import org.apache.pekko.actor.typed.ExtensionId;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.pekkomcp.registry.Kind;
import org.pekkomcp.registry.McpRegistry;
import org.pekkomcp.registry.RegistryEvent;
import org.pekkomcp.registry.RegistryEvent.RemovalReason;
import org.pekkomcp.registry.Subscription;

/**
 * One actor per node that tells stateless requests in flight when the registry drops their
 * server's entry (its node is unreachable or removed, it stopped, it lost a conflict; see
 * {@link ClientSession#endsRequestsInFlight}), so they
 * end at once rather than when DeathWatch sees the node removed. One registry subscription for
 * the node rather than one per request keeps the registry off the request path.
 */
final class ServerRemovals implements Extension {

  sealed interface Command {}

  /** Tell {@code request} ({@link StatelessRequest.ServerRemoved}) when {@code server}'s entry goes. */
  record Watch(ActorRef<?> server, ActorRef<StatelessRequest.Command> request) implements Command {}

  private record EntryRemoved(ActorRef<?> server, RemovalReason reason) implements Command {}

  private record RequestEnded(ActorRef<StatelessRequest.Command> request) implements Command {}

  static final class Id extends ExtensionId<ServerRemovals> {
    private static final Id INSTANCE = new Id();

    @Override
    public ServerRemovals createExtension(ActorSystem<?> system) {
      return new ServerRemovals(system.systemActorOf(behavior(), "mcp-server-removals", Props.empty()));
    }
  }

  private final ActorRef<Command> watcher;

  private ServerRemovals(ActorRef<Command> watcher) {
    this.watcher = watcher;
  }

  static ActorRef<Command> watcher(ActorSystem<?> system) {
    return Id.INSTANCE.apply(system).watcher;
  }

  private static Behavior<Command> behavior() {
    return Behaviors.setup(context -> {
      ActorRef<Command> self = context.getSelf();
      Subscription subscription = McpRegistry.get(context.getSystem()).subscribe(event -> {
        if (event instanceof RegistryEvent.Unregistered u && u.registration().kind() == Kind.SERVER
            && ClientSession.endsRequestsInFlight(u.reason())) {
          self.tell(new EntryRemoved(u.registration().ref(), u.reason()));
        }
      });
      Map<ActorRef<?>, Set<ActorRef<StatelessRequest.Command>>> byServer = new HashMap<>();
      Map<ActorRef<StatelessRequest.Command>, ActorRef<?>> serverOf = new HashMap<>();
      return Behaviors.receive(Command.class)
          .onMessage(Watch.class, w -> {
            byServer.computeIfAbsent(w.server(), s -> new HashSet<>()).add(w.request());
            serverOf.put(w.request(), w.server());
            context.watchWith(w.request(), new RequestEnded(w.request()));
            return Behaviors.same();
          })
          .onMessage(RequestEnded.class, e -> {
            ActorRef<?> server = serverOf.remove(e.request());
            Set<ActorRef<StatelessRequest.Command>> requests = server == null ? null : byServer.get(server);
            if (requests != null && requests.remove(e.request()) && requests.isEmpty()) {
              byServer.remove(server);
            }
            return Behaviors.same();
          })
          .onMessage(EntryRemoved.class, e -> {
            byServer.getOrDefault(e.server(), Set.of()).forEach(r -> r.tell(new StatelessRequest.ServerRemoved(e.reason())));
            return Behaviors.same();
          })
          .onSignal(PostStop.class, s -> {
            subscription.close();
            return Behaviors.same();
          })
          .build();
    });
  }
}
