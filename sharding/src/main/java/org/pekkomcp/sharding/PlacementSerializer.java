/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.sharding;

import org.apache.pekko.serialization.SerializerWithStringManifest;

/** The host messages that cross nodes carry no fields: the manifest alone says which. */
public final class PlacementSerializer extends SerializerWithStringManifest {

  /** Unique among the system's serializers (Pekko reserves 0-40). */
  public static final int IDENTIFIER = 734_101;

  private static final String ENSURE = "E";
  private static final String HAND_OFF = "H";
  private static final String RETIRE = "R";
  private static final byte[] EMPTY = new byte[0];

  @Override
  public int identifier() {
    return IDENTIFIER;
  }

  @Override
  public String manifest(Object o) {
    if (o instanceof ServerHost.Ensure) {
      return ENSURE;
    }
    if (o instanceof ServerHost.HandOff) {
      return HAND_OFF;
    }
    if (o instanceof ServerHost.Retire) {
      return RETIRE;
    }
    throw new IllegalArgumentException("not a server placement message: " + o.getClass().getName());
  }

  @Override
  public byte[] toBinary(Object o) {
    manifest(o);
    return EMPTY;
  }

  @Override
  public Object fromBinary(byte[] bytes, String manifest) {
    return switch (manifest) {
      case ENSURE -> ServerHost.Ensure.INSTANCE;
      case HAND_OFF -> ServerHost.HandOff.INSTANCE;
      case RETIRE -> ServerHost.Retire.INSTANCE;
      default -> throw new IllegalArgumentException("unknown server placement manifest " + manifest);
    };
  }
}
