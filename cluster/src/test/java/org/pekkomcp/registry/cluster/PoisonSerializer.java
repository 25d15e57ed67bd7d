package org.pekkomcp.registry.cluster;

import java.io.NotSerializableException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.serialization.SerializerWithStringManifest;

/**
 * Sends a {@link Poison} as bytes that {@link ClusterRegistrySerializer} must read as a batch and
 * cannot: a real deserialization failure of a registry message on the receiving node.
 */
public final class PoisonSerializer extends SerializerWithStringManifest {

  /** A message whose bytes are garbage by the time they reach a registry actor. */
  public record Poison() {}

  static final AtomicInteger READ_ATTEMPTS = new AtomicInteger();

  private final ClusterRegistrySerializer registrySerializer;

  public PoisonSerializer(ExtendedActorSystem system) {
    this.registrySerializer = new ClusterRegistrySerializer(system);
  }

  @Override
  public int identifier() {
    return 7399;
  }

  @Override
  public String manifest(Object o) {
    return "P";
  }

  @Override
  public byte[] toBinary(Object o) {
    return "\u0000\u0001 not a batch".getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public Object fromBinary(byte[] bytes, String manifest) throws NotSerializableException {
    READ_ATTEMPTS.incrementAndGet();
    return registrySerializer.fromBinary(bytes, "B");
  }
}
