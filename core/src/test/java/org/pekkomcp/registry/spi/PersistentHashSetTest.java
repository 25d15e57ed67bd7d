/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.registry.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The persistent set behaves as a {@link HashSet} would, and never changes once made. */
class PersistentHashSetTest {

  /** A key whose hash the test chooses, so that leaves split, merge and collide on purpose. */
  private record Key(int id, int hash) {
    @Override
    public int hashCode() {
      return hash;
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof Key key && key.id == id;
    }
  }

  @Test
  void randomAddsAndRemovesAgreeWithAHashSet() {
    for (int hashes : new int[] {Integer.MAX_VALUE, 5_000, 40, 1}) {
      Random random = new Random(hashes);
      Set<Key> model = new HashSet<>();
      PersistentHashSet<Key> set = PersistentHashSet.empty();
      for (int i = 0; i < 30_000; i++) {
        int id = random.nextInt(hashes <= 40 ? 800 : 6_000);
        Key key = new Key(id, hashes == Integer.MAX_VALUE ? Integer.hashCode(id * 0x9E3779B9) : id % hashes);
        if (random.nextInt(3) < 2) {
          PersistentHashSet<Key> next = set.with(key);
          assertEquals(model.add(key), next != set, "with reports a change exactly when the key is new");
          set = next;
        } else {
          PersistentHashSet<Key> next = set.without(key);
          assertEquals(model.remove(key), next != set, "without reports a change exactly when the key was there");
          set = next;
        }
        assertEquals(model.size(), set.size());
        if (i % 1_000 == 0) {
          assertSameElements(model, set);
        }
      }
      assertSameElements(model, set);
      for (Key key : List.copyOf(model)) {
        set = set.without(key);
      }
      assertTrue(set.isEmpty(), "emptied with " + hashes + " distinct hashes");
      assertSame(PersistentHashSet.empty(), set);
    }
  }

  @Test
  void earlierVersionsStayAsTheyWere() {
    List<PersistentHashSet<Integer>> versions = new ArrayList<>();
    PersistentHashSet<Integer> set = PersistentHashSet.empty();
    for (int i = 0; i < 1_000; i++) {
      versions.add(set);
      set = set.with(i);
    }
    for (int i = 0; i < 1_000; i += 2) {
      set = set.without(i);
    }
    for (int n = 0; n < 1_000; n += 97) {
      PersistentHashSet<Integer> version = versions.get(n);
      assertEquals(n, version.size());
      for (int i = 0; i < 1_000; i++) {
        assertEquals(i < n, version.contains(i), "version " + n + ", element " + i);
      }
    }
    assertEquals(500, set.size());
  }

  @Test
  void itIsAReadOnlySetWithTheUsualContract() {
    PersistentHashSet<String> set = PersistentHashSet.<String>empty().with("a").with("b");
    assertEquals(Set.of("a", "b"), set);
    assertEquals(Set.of("a", "b").hashCode(), set.hashCode());
    assertFalse(set.contains(null));
    assertSame(set, set.with("a"));
    assertSame(set, set.without("c"));
    assertSame(set, set.without(null));
    assertThrows(UnsupportedOperationException.class, () -> set.add("c"));
    assertThrows(UnsupportedOperationException.class, () -> set.remove("a"));
    assertThrows(NullPointerException.class, () -> set.with(null));
    Iterator<String> walk = set.iterator();
    walk.next();
    walk.next();
    assertFalse(walk.hasNext());
    assertThrows(NoSuchElementException.class, walk::next);
    assertFalse(PersistentHashSet.empty().iterator().hasNext());
  }

  private static void assertSameElements(Set<Key> model, PersistentHashSet<Key> set) {
    assertEquals(model, set);
    List<Key> walked = new ArrayList<>();
    set.forEach(walked::add);
    assertEquals(model.size(), walked.size(), "the walk visits each element once");
    assertEquals(model, new HashSet<>(walked));
    for (Key key : model) {
      assertTrue(set.contains(key));
    }
    // Keys never added (negative ids), with hashes spread over every level of the trie.
    for (int id = -1; id > -300; id--) {
      assertFalse(set.contains(new Key(id, Integer.hashCode(id * 0x9E3779B9))));
    }
  }
}
