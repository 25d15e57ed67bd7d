/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.sharding;

import java.io.NotSerializableException;
import org.apache.pekko.serialization.SerializerWithStringManifest;
import org.pekkomcp.registry.spi.WireManifests;

/** The host messages that cross nodes carry no fields: the manifest alone says which. */
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
    manifest(o);
    return EMPTY;
  }

  @Override
  public Object fromBinary(byte[] bytes, String manifest) throws NotSerializableException {
    return switch (WireManifests.readableType(manifest, FORMAT_VERSION, getClass().getName())) {
      case ENSURE -> ServerHost.Ensure.INSTANCE;
      case HAND_OFF -> ServerHost.HandOff.INSTANCE;
      case RETIRE -> ServerHost.Retire.INSTANCE;
      default -> throw new NotSerializableException("unknown server placement manifest " + manifest);
    };
  }
}
