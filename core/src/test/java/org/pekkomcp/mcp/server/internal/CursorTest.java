/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.mcp.server.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Pages at their edges: a cursor at, below and beyond the end of the list, pages that end exactly at it. */
class CursorTest {

  private static final List<String> FOUR = List.of("a", "b", "c", "d");

  @Test
  void pagesFollowTheirCursorsToTheEnd() {
    Cursor.Page<String> first = Cursor.page(FOUR, Optional.empty(), 3).orElseThrow();
    assertEquals(List.of("a", "b", "c"), first.items());
    Cursor.Page<String> second = Cursor.page(FOUR, first.nextCursor(), 3).orElseThrow();
    assertEquals(List.of("d"), second.items());
    assertEquals(Optional.empty(), second.nextCursor());
  }

  @Test
  void aPageThatEndsExactlyAtTheEndHasNoNextCursor() {
    Cursor.Page<String> whole = Cursor.page(FOUR, Optional.empty(), 4).orElseThrow();
    assertEquals(FOUR, whole.items());
    assertEquals(Optional.empty(), whole.nextCursor());
    Cursor.Page<String> almost = Cursor.page(FOUR, Optional.empty(), 3).orElseThrow();
    assertEquals(Optional.of(cursorAt(3)), almost.nextCursor());
    assertEquals(Optional.empty(), Cursor.page(List.of(), Optional.empty(), 3).orElseThrow().nextCursor());
  }

  @Test
  void aCursorAtTheEndIsAnEmptyLastPageAndOneBeyondIsNotOurs() {
    Cursor.Page<String> below = Cursor.page(FOUR, Optional.of(cursorAt(3)), 3).orElseThrow();
    assertEquals(List.of("d"), below.items());
    Cursor.Page<String> atEnd = Cursor.page(FOUR, Optional.of(cursorAt(4)), 3).orElseThrow();
    assertEquals(List.of(), atEnd.items());
    assertEquals(Optional.empty(), atEnd.nextCursor());
    assertEquals(Optional.empty(), Cursor.page(FOUR, Optional.of(cursorAt(5)), 3));
  }

  @Test
  void aCursorWeDidNotMakeIsNotOurs() {
    for (String foreign : List.of("garbage!", encode("offset:-1"), encode("offset:x"), encode("page:1"), "")) {
      assertEquals(Optional.empty(), Cursor.page(FOUR, Optional.of(foreign), 3), foreign);
    }
  }

  /** The cursor the server makes for an offset (its format is ours; clients treat it as opaque). */
  private static String cursorAt(int offset) {
    return encode("offset:" + offset);
  }

  private static String encode(String text) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }
}
