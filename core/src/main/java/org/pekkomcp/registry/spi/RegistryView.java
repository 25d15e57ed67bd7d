package org.pekkomcp.registry.spi;

import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.pekko.actor.typed.ActorRef;
import org.pekkomcp.registry.Kind;
import org.pekkomcp.registry.Registration;
import scala.collection.immutable.HashSet;
import scala.jdk.javaapi.CollectionConverters;

/**
 * A node's readable snapshot of the registry: the table readers use directly, as {@code pg}
 * readers use its ETS table.
 *
 * <p>One writer (the node's registry actor) changes it; any number of threads read it without
 * locks. Names live in one {@link ConcurrentHashMap} per kind, so a lookup is a single lock-free
 * {@code get} and a write touches one entry. A group's members are an immutable persistent
 * (hash-trie) set published whole on each change: a write copies O(log n) of it, and
 * {@link #members} hands out the published set itself, so readers never see a half-applied
 * change and never copy. How many times a ref is in a group (explicitly, or implied by one or
 * more registrations) is counted in writer-only maps: a ref is a member while its count is
 * above zero.
 *
 * <p>Not thread-safe for writers: call the mutators from one actor only.
 */
public final class RegistryView {

  /** A group's published members: all of them and the ones on this node. */
  private record GroupMembers(HashSet<ActorRef<?>> all, HashSet<ActorRef<?>> local, Set<ActorRef<?>> allView, Set<ActorRef<?>> localView) {
    static final GroupMembers EMPTY = of(emptySet(), emptySet());

    static HashSet<ActorRef<?>> emptySet() {
      return scala.collection.immutable.HashSet$.MODULE$.empty();
    }

    static GroupMembers of(HashSet<ActorRef<?>> all, HashSet<ActorRef<?>> local) {
      return new GroupMembers(all, local, CollectionConverters.asJava(all), CollectionConverters.asJava(local));
    }
  }

  private final Map<Kind, ConcurrentHashMap<String, Registration>> names = new EnumMap<>(Kind.class);
  private final ConcurrentHashMap<String, GroupMembers> groups = new ConcurrentHashMap<>();
  private final Map<String, Map<ActorRef<?>, Integer>> membershipCounts = new HashMap<>();

  public RegistryView() {
    for (Kind kind : Kind.values()) {
      names.put(kind, new ConcurrentHashMap<>());
    }
  }

  // ---- reads: any thread, lock-free ----

  public Optional<Registration> whereis(Kind kind, String name) {
    InputCheck.requireArgument(kind, "kind");
    return name == null ? Optional.empty() : Optional.ofNullable(names.get(kind).get(name));
  }

  public List<Registration> list(Kind kind) {
    InputCheck.requireArgument(kind, "kind");
    return List.copyOf(names.get(kind).values());
  }

  public int size(Kind kind) {
    return names.get(kind).size();
  }

  public Set<ActorRef<?>> members(String group) {
    InputCheck.requireArgument(group, "group");
    return groups.getOrDefault(group, GroupMembers.EMPTY).allView();
  }

  public Set<ActorRef<?>> localMembers(String group) {
    InputCheck.requireArgument(group, "group");
    return groups.getOrDefault(group, GroupMembers.EMPTY).localView();
  }

  public Set<String> groups() {
    return Set.copyOf(groups.keySet());
  }

  // ---- writes: the registry actor only ----

  /** Sets the entry for its kind and name; returns the entry it replaced, if any. */
  public Optional<Registration> put(Registration registration) {
    return Optional.ofNullable(names.get(registration.kind()).put(registration.name(), registration));
  }

  public Optional<Registration> remove(Kind kind, String name) {
    return Optional.ofNullable(names.get(kind).remove(name));
  }

  /** Removes the entry only if it is still {@code expected}. */
  public boolean remove(Registration expected) {
    return names.get(expected.kind()).remove(expected.name(), expected);
  }

  /** Counts one more reason for {@code ref} to be in {@code group}; true if it just became a member. */
  public boolean addMember(String group, ActorRef<?> ref) {
    Map<ActorRef<?>, Integer> counts = membershipCounts.computeIfAbsent(group, g -> new HashMap<>());
    int count = counts.merge(ref, 1, Integer::sum);
    if (count > 1) {
      return false;
    }
    GroupMembers current = groups.getOrDefault(group, GroupMembers.EMPTY);
    HashSet<ActorRef<?>> local = isLocal(ref) ? current.local().incl(ref) : current.local();
    groups.put(group, GroupMembers.of(current.all().incl(ref), local));
    return true;
  }

  /** Drops one reason for {@code ref} to be in {@code group}; true if it just stopped being a member. */
  public boolean removeMember(String group, ActorRef<?> ref) {
    Map<ActorRef<?>, Integer> counts = membershipCounts.get(group);
    Integer count = counts == null ? null : counts.get(ref);
    if (count == null) {
      return false;
    }
    if (count > 1) {
      counts.put(ref, count - 1);
      return false;
    }
    counts.remove(ref);
    if (counts.isEmpty()) {
      membershipCounts.remove(group);
      groups.remove(group);
    } else {
      GroupMembers current = groups.get(group);
      groups.put(group, GroupMembers.of(current.all().excl(ref), current.local().excl(ref)));
    }
    return true;
  }

  private static boolean isLocal(ActorRef<?> ref) {
    return ref.path().address().hasLocalScope();
  }
}
