/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.mcp.server.internal;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * Opaque pagination cursors for the list methods: a cursor encodes the offset of the next page.
 * Clients must treat it as opaque; one we did not make is an invalid-params error.
 */
final class Cursor {

  private static final String PREFIX = "offset:";

  /** One page and, when more remain, the cursor of the next. */
  record Page<T>(List<T> items, Optional<String> nextCursor) {}

  private Cursor() {}

  /** The page starting at {@code cursor} (or the first), or empty when the cursor is not ours. */
  static <T> Optional<Page<T>> page(List<T> all, Optional<String> cursor, int pageSize) {
    int from = 0;
    if (cursor.isPresent()) {
      Optional<Integer> offset = decode(cursor.get());
      if (offset.isEmpty() || offset.get() > all.size()) {
        return Optional.empty();
      }
      from = offset.get();
    }
    int to = Math.min(all.size(), from + pageSize);
    Optional<String> next = to < all.size() ? Optional.of(encode(to)) : Optional.empty();
    return Optional.of(new Page<>(all.subList(from, to), next));
  }

  private static String encode(int offset) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString((PREFIX + offset).getBytes(StandardCharsets.UTF_8));
  }

  private static Optional<Integer> decode(String cursor) {
    try {
      String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
      if (!text.startsWith(PREFIX)) {
        return Optional.empty();
      }
      int offset = Integer.parseInt(text.substring(PREFIX.length()));
      return offset < 0 ? Optional.empty() : Optional.of(offset);
    } catch (IllegalArgumentException e) {
      // Base64 and number format errors alike: not a cursor we made.
      return Optional.empty();
    }
  }
}
