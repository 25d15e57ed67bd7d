package org.pekkomcp.registry.cluster;

import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.cluster.UniqueAddress;
import org.pekkomcp.registry.EntryConfig;
import org.pekkomcp.registry.Kind;
import org.pekkomcp.registry.Registration;

/**
 * One node's claim on a name: what replicas vote on, what peers store, and what the Distributed
 * Data shards hold as anti-entropy.
 *
 * <p>An update keeps the claim's {@link #id} and {@link #time} (so its rank in a conflict does not
 * change) and raises {@link #version}; a replica keeps only the highest version it has seen.
 *
 * @param owner the node that registered it: the only node that may update or remove it
 * @param time wall-clock millis when it was made; the default resolver prefers the oldest
 * @param id unique per owner incarnation (see {@link EntryId})
 * @param version 0 when made, +1 per update
 */
public record Claim(Kind kind, String name, ActorRef<?> ref, UniqueAddress owner, EntryConfig config, long time, long id, int version)
    implements WireMessage {

  public EntryId entryId() {
    return new EntryId(owner, id);
  }

  /** What readers see. */
  public Registration registration() {
    return new Registration(kind, name, ref, config, owner.address());
  }

  NameKey nameKey() {
    return new NameKey(kind, name);
  }

  Claim withConfig(EntryConfig newConfig) {
    return new Claim(kind, name, ref, owner, newConfig, time, id, version + 1);
  }
}
