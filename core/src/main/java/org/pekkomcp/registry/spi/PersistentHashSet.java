/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.registry.spi;

import java.util.AbstractSet;
import java.util.Arrays;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Objects;
import org.pekkomcp.registry.spi.RegistryView;

/**
 * An immutable hash set whose updates return a new set that shares all but one path with the old
 * one: how {@link RegistryView} publishes a group's members, so that readers take the set as it
 * is and a write copies little.
 *
 * <p>A hash trie, 5 bits of the (spread) hash per level, whose leaves are flat arrays of up to
 * {@value #LEAF_MAX} elements; no hashes are stored. A lookup descends to one leaf and scans it;
 * an update copies the branches on its path and one leaf (at most {@value #LEAF_MAX} refs, about
 * what Scala's CHAMP set copied along its deeper path). Large groups are what this is for: the
 * CHAMP set, used before, keeps a node object, a hash array and a content array per few
 * elements, where a leaf here is one array of 4 bytes per member plus its header, shared by a
 * 32nd of the limit to the whole limit of members. With an actor per name, 100,000 names and two
 * standard groups, the cluster driver's heap histogram showed ~77 bytes per name per node less
 * with this set (leaves of up to 64 saved less).
 * A leaf that outgrows the limit splits into a branch; a branch whose leaves together shrink to
 * half the limit merges back into one leaf; below the last level (when the hash bits run out) a
 * leaf holds whatever collides, unbounded.
 *
 * <p>Elements must not be null and must not change their hash while in the set. Thread-safe: it
 * never changes after it is made.
 */
final class PersistentHashSet<E> extends AbstractSet<E> {

  static final int LEAF_MAX = 128;
  private static final int BITS = 5;
  private static final int MASK = (1 << BITS) - 1;
  /** The deepest shift at which a branch still has hash bits to index with. */
  private static final int LAST_SHIFT = 30;
  private static final int MAX_DEPTH = LAST_SHIFT / BITS + 2;

  private static final PersistentHashSet<Object> EMPTY = new PersistentHashSet<>(null, 0);

  /** An inner node: which of the 32 slots are used, and their nodes in slot order. */
  private record Branch(int bitmap, Object[] children) {}

  /** A {@link Branch}, a non-empty {@code Object[]} leaf, or null for the empty set. */
  private final Object root;
  private final int size;

  private PersistentHashSet(Object root, int size) {
    this.root = root;
    this.size = size;
  }

  @SuppressWarnings("unchecked")
  static <E> PersistentHashSet<E> empty() {
    return (PersistentHashSet<E>) EMPTY;
  }

  /** This set with {@code element}; this set itself if it already holds it. */
  PersistentHashSet<E> with(E element) {
    Objects.requireNonNull(element, "element");
    if (root == null) {
      return new PersistentHashSet<>(new Object[] {element}, 1);
    }
    Object updated = insert(root, element, hash(element), 0);
    return updated == root ? this : new PersistentHashSet<>(updated, size + 1);
  }

  /** This set without {@code element}; this set itself if it does not hold it. */
  PersistentHashSet<E> without(Object element) {
    if (element == null || root == null) {
      return this;
    }
    Object updated = remove(root, element, hash(element), 0);
    if (updated == root) {
      return this;
    }
    return updated == null ? empty() : new PersistentHashSet<>(updated, size - 1);
  }

  @Override
  public int size() {
    return size;
  }

  @Override
  public boolean isEmpty() {
    return size == 0;
  }

  @Override
  public boolean contains(Object element) {
    if (element == null || root == null) {
      return false;
    }
    int hash = hash(element);
    Object node = root;
    int shift = 0;
    while (node instanceof Branch branch) {
      int bit = bit(hash, shift);
      if ((branch.bitmap() & bit) == 0) {
        return false;
      }
      node = branch.children()[slot(branch.bitmap(), bit)];
      shift += BITS;
    }
    return indexIn((Object[]) node, element) >= 0;
  }

  @Override
  public Iterator<E> iterator() {
    return new Walk<>(root);
  }

  // ---- the trie ----

  private static int hash(Object element) {
    int h = element.hashCode();
    return h ^ (h >>> 16);
  }

  private static int bit(int hash, int shift) {
    return 1 << ((hash >>> shift) & MASK);
  }

  private static int slot(int bitmap, int bit) {
    return Integer.bitCount(bitmap & (bit - 1));
  }

  private static int indexIn(Object[] leaf, Object element) {
    for (int i = 0; i < leaf.length; i++) {
      if (leaf[i].equals(element)) {
        return i;
      }
    }
    return -1;
  }

  /** {@code node} (at {@code shift}) with {@code element}; {@code node} itself if it holds it already. */
  private static Object insert(Object node, Object element, int hash, int shift) {
    if (node instanceof Branch branch) {
      int bit = bit(hash, shift);
      int slot = slot(branch.bitmap(), bit);
      Object[] children = branch.children();
      if ((branch.bitmap() & bit) == 0) {
        Object[] grown = new Object[children.length + 1];
        System.arraycopy(children, 0, grown, 0, slot);
        grown[slot] = new Object[] {element};
        System.arraycopy(children, slot, grown, slot + 1, children.length - slot);
        return new Branch(branch.bitmap() | bit, grown);
      }
      Object child = children[slot];
      Object updated = insert(child, element, hash, shift + BITS);
      if (updated == child) {
        return branch;
      }
      Object[] copy = children.clone();
      copy[slot] = updated;
      return new Branch(branch.bitmap(), copy);
    }
    Object[] leaf = (Object[]) node;
    if (indexIn(leaf, element) >= 0) {
      return leaf;
    }
    Object[] grown = Arrays.copyOf(leaf, leaf.length + 1);
    grown[leaf.length] = element;
    return split(grown, shift);
  }

  /** The node for {@code elements} at {@code shift}: a leaf if they fit (or no hash bits are left), else a branch. */
  private static Object split(Object[] elements, int shift) {
    if (elements.length <= LEAF_MAX || shift > LAST_SHIFT) {
      return elements;
    }
    int[] counts = new int[1 << BITS];
    for (Object element : elements) {
      counts[(hash(element) >>> shift) & MASK]++;
    }
    Object[][] buckets = new Object[1 << BITS][];
    int bitmap = 0;
    for (int i = 0; i < counts.length; i++) {
      if (counts[i] > 0) {
        buckets[i] = new Object[counts[i]];
        bitmap |= 1 << i;
        counts[i] = 0;
      }
    }
    for (Object element : elements) {
      int i = (hash(element) >>> shift) & MASK;
      buckets[i][counts[i]++] = element;
    }
    Object[] children = new Object[Integer.bitCount(bitmap)];
    int slot = 0;
    for (Object[] bucket : buckets) {
      if (bucket != null) {
        children[slot++] = split(bucket, shift + BITS);
      }
    }
    return new Branch(bitmap, children);
  }

  /** {@code node} without {@code element}: {@code node} itself if it lacks it, null if nothing is left. */
  private static Object remove(Object node, Object element, int hash, int shift) {
    if (node instanceof Branch branch) {
      int bit = bit(hash, shift);
      if ((branch.bitmap() & bit) == 0) {
        return branch;
      }
      int slot = slot(branch.bitmap(), bit);
      Object[] children = branch.children();
      Object child = children[slot];
      Object updated = remove(child, element, hash, shift + BITS);
      if (updated == child) {
        return branch;
      }
      if (updated != null) {
        Object[] copy = children.clone();
        copy[slot] = updated;
        return mergeIfSmall(new Branch(branch.bitmap(), copy));
      }
      if (children.length == 1) {
        return null;
      }
      Object[] shrunk = new Object[children.length - 1];
      System.arraycopy(children, 0, shrunk, 0, slot);
      System.arraycopy(children, slot + 1, shrunk, slot, children.length - slot - 1);
      return mergeIfSmall(new Branch(branch.bitmap() & ~bit, shrunk));
    }
    Object[] leaf = (Object[]) node;
    int index = indexIn(leaf, element);
    if (index < 0) {
      return leaf;
    }
    if (leaf.length == 1) {
      return null;
    }
    Object[] shrunk = new Object[leaf.length - 1];
    System.arraycopy(leaf, 0, shrunk, 0, index);
    System.arraycopy(leaf, index + 1, shrunk, index, leaf.length - index - 1);
    return shrunk;
  }

  /** One leaf instead of {@code branch} when all its children are leaves holding half a leaf or less. */
  private static Object mergeIfSmall(Branch branch) {
    int total = 0;
    for (Object child : branch.children()) {
      if (!(child instanceof Object[] leaf)) {
        return branch;
      }
      total += leaf.length;
      if (total > LEAF_MAX / 2) {
        return branch;
      }
    }
    Object[] merged = new Object[total];
    int at = 0;
    for (Object child : branch.children()) {
      Object[] leaf = (Object[]) child;
      System.arraycopy(leaf, 0, merged, at, leaf.length);
      at += leaf.length;
    }
    return merged;
  }

  /** Depth-first over the trie: a stack of the branch arrays being walked, then one leaf. */
  private static final class Walk<E> implements Iterator<E> {
    private final Object[][] branches = new Object[MAX_DEPTH][];
    private final int[] next = new int[MAX_DEPTH];
    private int depth = -1;
    private Object[] leaf;
    private int leafAt;

    Walk(Object root) {
      if (root != null) {
        descend(root);
      }
    }

    private void descend(Object node) {
      while (node instanceof Branch branch) {
        depth++;
        branches[depth] = branch.children();
        next[depth] = 1;
        node = branch.children()[0];
      }
      leaf = (Object[]) node;
      leafAt = 0;
    }

    @Override
    public boolean hasNext() {
      return leaf != null;
    }

    @Override
    @SuppressWarnings("unchecked")
    public E next() {
      if (leaf == null) {
        throw new NoSuchElementException();
      }
      E element = (E) leaf[leafAt++];
      if (leafAt == leaf.length) {
        advance();
      }
      return element;
    }

    private void advance() {
      leaf = null;
      while (depth >= 0) {
        if (next[depth] < branches[depth].length) {
          descend(branches[depth][next[depth]++]);
          return;
        }
        depth--;
      }
    }
  }
}
