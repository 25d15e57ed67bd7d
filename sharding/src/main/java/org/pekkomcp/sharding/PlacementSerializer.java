/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.sharding;

import java.io.NotSerializableException;
import java.nio.ByteBuffer;
import org.apache.pekko.serialization.SerializerWithStringManifest;
import org.pekkomcp.registry.spi.WireManifests;

/**
 * The host messages that cross nodes: the manifest says which; {@code Ensure} and {@code Retire}
 * carry their time as 8 bytes (big-endian epoch milliseconds), {@code HandOff} nothing. A node
 * of an earlier version reads the same manifests and ignores the bytes; its own messages carry
 * none and read here as it treated them: a declaration newer than any retirement, a retirement
 * older than any declaration.
 */
public final class PlacementSerializer extends SerializerWithStringManifest {

  /** Unique among the system's serializers (Pekko reserves 0-40). */
  public static final int IDENTIFIER = 734_101;

  private static final String ENSURE = "E";
  private static final String HAND_OFF = "H";
  private static final String RETIRE = "R";
  /** The version of the format this node writes, and the newest it reads ({@link WireManifests}). */
  static final int FORMAT_VERSION = 1;
  private static final byte[] EMPTY = new byte[0];

  @Override
  public int identifier() {
    return IDENTIFIER;
  }

  @Override
  public String manifest(Object o) {
    if (o instanceof ServerHost.Ensure) {
      return WireManifests.of(ENSURE, FORMAT_VERSION);
    }
    if (o instanceof ServerHost.HandOff) {
      return WireManifests.of(HAND_OFF, FORMAT_VERSION);
    }
    if (o instanceof ServerHost.Retire) {
      return WireManifests.of(RETIRE, FORMAT_VERSION);
    }
    throw new IllegalArgumentException("not a server placement message: " + o.getClass().getName());
  }

  @Override
  public byte[] toBinary(Object o) {
    if (o instanceof ServerHost.Ensure ensure) {
      return time(ensure.declaredAt());
    }
    if (o instanceof ServerHost.Retire retire) {
      return time(retire.retiredAt());
    }
    manifest(o);
    return EMPTY;
  }

  @Override
  public Object fromBinary(byte[] bytes, String manifest) throws NotSerializableException {
    return switch (WireManifests.readableType(manifest, FORMAT_VERSION, getClass().getName())) {
      case ENSURE -> new ServerHost.Ensure(time(bytes, Long.MAX_VALUE));
      case HAND_OFF -> ServerHost.HandOff.INSTANCE;
      case RETIRE -> new ServerHost.Retire(time(bytes, Long.MIN_VALUE));
      default -> throw new NotSerializableException("unknown server placement manifest " + manifest);
    };
  }

  private static byte[] time(long millis) {
    return ByteBuffer.allocate(Long.BYTES).putLong(millis).array();
  }

  private static long time(byte[] bytes, long withoutOne) {
    return bytes.length == Long.BYTES ? ByteBuffer.wrap(bytes).getLong() : withoutOne;
  }
}
