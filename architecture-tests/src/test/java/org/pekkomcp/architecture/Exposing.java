/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.architecture;

import java.util.List;
import org.pekkomcp.architecture.internal.Hidden;

/** A public class that leaks an internal one three ways, for {@link PublicApiTest} to show that its rule reports each. */
public class Exposing {
  public Hidden field;

  public Hidden hidden() {
    return field;
  }

  public void take(List<Hidden> hidden) {
    field = hidden.get(0);
  }

  /** Not reachable from outside its package: allowed. */
  Hidden own() {
    return field;
  }
}
