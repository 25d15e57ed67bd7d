/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.registry.cluster.internal;

import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.pekko.actor.ActorPath;
import org.apache.pekko.actor.ActorPaths;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.AddressFromURIString;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.actor.RootActorPath;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorRefResolver;
import org.apache.pekko.actor.typed.javadsl.Adapter;

/**
 * Resolves actor refs from their string form so that the refs of one parent share its path, and
 * through it the node's {@code Address}. Every replica holds a ref per claim and membership
 * (a remote one on every node but the owner's), and Pekko's resolver parses each string into a
 * new {@code Address} (with its strings and options), a root path and one path object per
 * element: ~300 bytes per ref that this keeps once per parent. Only the last element and the
 * ref itself are made per string.
 *
 * <p>Parents are remembered up to {@value #MAX_PARENTS}, then forgotten all at once (actors
 * registered under per-session parents must not grow the cache without bound). Refs on this node,
 * and strings that do not have the usual {@code address/parent/name#uid} form, go to Pekko's
 * resolver unchanged.
 *
 * <p>The serializer writes most refs relative to their node ({@link #pathAt}) and reads them with
 * {@link #resolveAt}: neither builds nor parses the node's address, which is most of the string.
 * A ref's relative path is built once and kept, up to {@value #MAX_PATHS} refs, then forgotten
 * all at once: a claim's ref is written in its proposal and again in its CRDT payload (and in
 * every snapshot of its owner), and a registrant that holds several names or memberships is
 * written for each. Thread-safe: the serializer calls it from Artery's threads.
 */
final class SharedPathResolver {

  private static final int MAX_PARENTS = 10_000;
  private static final int MAX_PATHS = 10_000;

  private final ExtendedActorSystem system;
  private final ConcurrentHashMap<NodeParent, ActorPath> parents = new ConcurrentHashMap<>();
  /** Refs to their path below their node's address, as {@link #pathAt} gives it. */
  private final ConcurrentHashMap<ActorRef<?>, String> paths = new ConcurrentHashMap<>();
  private volatile ActorRefResolver fallback;

  /** A parent path below a node's address: the key of {@link #parents}. */
  private record NodeParent(Address node, String path) {}

  SharedPathResolver(ExtendedActorSystem system) {
    this.system = system;
  }

  /**
   * The ref Pekko's string form {@code address/path} names: its address is parsed, then it goes
   * as {@link #resolveAt} (the serializer's rare full form: a ref not on its owner's node).
   */
  ActorRef<?> resolve(String serialized) {
    int scheme = serialized.indexOf("://");
    int pathStart = scheme < 0 ? -1 : serialized.indexOf('/', scheme + 3);
    if (pathStart < 0) {
      return fallback().resolveActorRef(serialized);
    }
    Address node;
    try {
      node = AddressFromURIString.parse(serialized.substring(0, pathStart));
    } catch (Exception e) {
      // Scala throws MalformedURLException here without declaring it.
      return fallback().resolveActorRef(serialized);
    }
    return resolveAt(node, serialized.substring(pathStart));
  }

  /**
   * {@code ref}'s path below its node's address as Pekko writes it ({@code /user/parent/name#uid}),
   * if the ref lives at {@code node}; empty if it lives elsewhere.
   */
  Optional<String> pathAt(ActorRef<?> ref, Address node) {
    ActorPath path = ref.path();
    Address at = path.address().hasLocalScope() ? system.provider().getDefaultAddress() : path.address();
    if (!at.equals(node) || path instanceof RootActorPath) {
      return Optional.empty();
    }
    String relative = paths.get(ref);
    if (relative == null) {
      StringBuilder built = new StringBuilder(64);
      appendElements(built, path);
      if (path.uid() != 0) {
        built.append('#').append(path.uid());
      }
      relative = built.toString();
      if (paths.size() >= MAX_PATHS) {
        paths.clear();
      }
      paths.put(ref, relative);
    }
    return Optional.of(relative);
  }

  private static void appendElements(StringBuilder out, ActorPath path) {
    if (!(path instanceof RootActorPath)) {
      appendElements(out, path.parent());
      out.append('/').append(path.name());
    }
  }

  /** The ref that {@link #pathAt} wrote for {@code node}: {@code resolve(node + path)}, without building that string. */
  ActorRef<?> resolveAt(Address node, String path) {
    int uid = path.lastIndexOf('#');
    int slash = path.lastIndexOf('/', uid < 0 ? path.length() - 1 : uid);
    if (uid < 0 || slash <= 0 || !path.startsWith("/") || path.startsWith("/local/") || node.equals(system.provider().getDefaultAddress())) {
      // Another shape, or a ref on this node: Pekko's resolver gives the live actor, checked
      // against its uid (the path form would skip that check), and there is nothing to share.
      return fallback().resolveActorRef(node + path);
    }
    NodeParent key = new NodeParent(node, path.substring(0, slash));
    ActorPath parent = parents.get(key);
    if (parent == null) {
      try {
        parent = ActorPaths.fromString(node + key.path());
      } catch (Exception e) {
        // Scala throws MalformedURLException here without declaring it.
        return fallback().resolveActorRef(node + path);
      }
      if (parents.size() >= MAX_PARENTS) {
        parents.clear();
      }
      parents.put(key, parent);
    }
    return Adapter.toTyped(system.provider().resolveActorRef(parent.child(path.substring(slash + 1))));
  }

  /** Pekko's string form of {@code ref}, which {@link #resolve} reads back. */
  String toSerializationFormat(ActorRef<?> ref) {
    return fallback().toSerializationFormat(ref);
  }

  private ActorRefResolver fallback() {
    ActorRefResolver current = fallback;
    if (current == null) {
      // Looked up lazily: serializers are made while the actor system is still starting.
      current = ActorRefResolver.get(Adapter.toTyped(system));
      fallback = current;
    }
    return current;
  }
}
