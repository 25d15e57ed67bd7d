/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.registry.cluster.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.Deflater;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** A page reads back exactly what was written, and damaged or hostile bytes fail with an IOException, never more. */
class CrdtPageTest {

  @Provide
  Arbitrary<List<CrdtEntry>> entries() {
    Arbitrary<CrdtEntry> entry = Combinators.combine(
        Arbitraries.longs().between(0, Long.MAX_VALUE),
        Arbitraries.integers().between(0, Integer.MAX_VALUE),
        Arbitraries.strings().ofMaxLength(40),
        Arbitraries.bytes().array(byte[].class).ofMaxSize(300)).as(CrdtEntry::new);
    return entry.list().ofMaxSize(40);
  }

  private static List<String> render(List<CrdtEntry> entries) {
    return entries.stream().map(e -> e.id() + "/" + e.version() + "/" + e.key() + "/" + Arrays.toString(e.payload())).toList();
  }

  @Property(tries = 200)
  void everyEntryReadsBackWholeAndInOrder(@ForAll("entries") List<CrdtEntry> entries) throws IOException {
    CrdtPage page = CrdtPage.of(9, 4, entries);
    assertEquals(render(entries), render(page.entries()));
    assertEquals(render(entries), render(CrdtPage.parse(page.bytes())));
  }

  @Property(tries = 20)
  void anyFlippedBitIsRejectedOrReadsAsTheSameEntries(@ForAll("entries") List<CrdtEntry> entries) {
    byte[] bytes = CrdtPage.of(1, 1, entries).bytes();
    for (int i = 0; i < bytes.length; i++) {
      for (int bit = 0; bit < 8; bit += 3) {
        byte[] damaged = bytes.clone();
        damaged[i] ^= (byte) (1 << bit);
        try {
          assertEquals(render(entries), render(CrdtPage.parse(damaged)), "byte " + i + " bit " + bit);
        } catch (IOException expected) {
          // the checksum or a bound caught it
        }
      }
    }
  }

  @Example
  void everyTruncationIsRejected() {
    byte[] bytes = CrdtPage.of(1, 1, List.of(new CrdtEntry(1, 2, "S/a", new byte[] {1, 2, 3}))).bytes();
    for (int length = 0; length < bytes.length; length++) {
      byte[] cut = Arrays.copyOf(bytes, length);
      assertThrows(IOException.class, () -> CrdtPage.parse(cut), "cut at " + length);
    }
    byte[] longer = Arrays.copyOf(bytes, bytes.length + 1);
    IOException e = assertThrows(IOException.class, () -> CrdtPage.parse(longer));
    assertTrue(e.getMessage().contains("1 trailing bytes after the page"), e.getMessage());
  }

  @Example
  void aCountOrLengthLargerThanTheBytesIsRejectedBeforeAnythingIsAllocated() throws IOException {
    // count 1 with 4 bytes of entry is below the 5-byte minimum per entry
    IOException count = assertThrows(IOException.class, () -> CrdtPage.parse(deflate(new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0x7f, 0})));
    assertTrue(count.getMessage().startsWith("bad entry count"), count.getMessage());
    // three entries cannot fit in six bytes: rejected by the count, before reading an entry
    IOException three = assertThrows(IOException.class, () -> CrdtPage.parse(deflate(new byte[] {3, 0, 0, 0, 0, 0})));
    assertEquals("bad entry count 3", three.getMessage());
    // id 1, version 1, key "", payload length 100 with no payload
    IOException length = assertThrows(IOException.class, () -> CrdtPage.parse(deflate(new byte[] {1, 1, 1, 0, 0, 100})));
    assertTrue(length.getMessage().startsWith("bad version"), length.getMessage());
    // a version above Integer.MAX_VALUE: 2^31 as a varint
    IOException version = assertThrows(IOException.class,
        () -> CrdtPage.parse(deflate(new byte[] {1, 1, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, 8, 0, 0, 0})));
    assertTrue(version.getMessage().startsWith("bad version 2147483648"), version.getMessage());
    // exactly Integer.MAX_VALUE is a version
    byte[] max = {1, 1, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 7, 0, 0, 0};
    assertEquals(Integer.MAX_VALUE, CrdtPage.parse(deflate(max)).get(0).version());
    // an entry of exactly the 5-byte minimum is one entry
    assertEquals(1, CrdtPage.parse(deflate(new byte[] {1, 0, 0, 0, 0, 0})).size());
  }

  @Example
  void aVarintOfTenGroupsIsRejectedAndOfNineRead() {
    byte[] endless = new byte[12];
    Arrays.fill(endless, (byte) 0x81);
    IOException e = assertThrows(IOException.class, () -> CrdtPage.parse(deflate(endless)));
    assertEquals("varint too long", e.getMessage());
    byte[] nine = {(byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, 0};
    assertEquals(List.of(), assertThrowsNothing(() -> CrdtPage.parse(deflate(nine))), "nine groups are a count of 0");
    byte[] ten = {(byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, 1};
    assertEquals("varint too long", assertThrows(IOException.class, () -> CrdtPage.parse(deflate(ten))).getMessage(), "a tenth group would overflow");
  }

  @Example
  void aDeflateBombStopsAtTheInflatedLimitWithAnIOException() {
    byte[] bomb = deflate(new byte[17 << 20]);
    IOException e = assertThrows(IOException.class, () -> CrdtPage.parse(bomb));
    assertTrue(e.getMessage().contains("inflating past"), e.getMessage());
    IOException atLimit = assertThrows(IOException.class, () -> CrdtPage.parse(deflate(new byte[16 << 20])));
    assertTrue(atLimit.getMessage().endsWith("trailing bytes"), "exactly the limit inflates: " + atLimit.getMessage());
    assertEquals(0, assertThrowsNothing(() -> CrdtPage.parse(deflate(new byte[] {0}))).size());
  }

  @Example
  void bytesThatAreNotDeflatedAreRejected() {
    IOException e = assertThrows(IOException.class, () -> CrdtPage.parse(new byte[] {1, 2, 3, 4, 5, 6}));
    assertTrue(e.getMessage().startsWith("not a deflated page"), e.getMessage());
  }

  @Example
  void aPageOfUnreadableBytesFailsWhenItsEntriesAreRead() {
    CrdtPage page = new CrdtPage(1, 1, new byte[] {1, 2, 3});
    UncheckedIOException e = assertThrows(UncheckedIOException.class, page::entries);
    assertTrue(e.getMessage().contains(page.toString()), e.getMessage());
  }

  @Example
  void aNegativeNumberCannotBeWritten() {
    assertThrows(IllegalArgumentException.class, () -> CrdtPage.of(1, 1, List.of(new CrdtEntry(-1, 0, "", new byte[0]))));
    assertThrows(IllegalArgumentException.class, () -> CrdtPage.of(1, 1, List.of(new CrdtEntry(0, -1, "", new byte[0]))));
  }

  @Example
  void pagesAreEqualOnlyWithTheSameRunVersionAndBytes() {
    List<CrdtEntry> one = List.of(new CrdtEntry(1, 0, "S/a", new byte[] {1}));
    List<CrdtEntry> other = List.of(new CrdtEntry(1, 0, "S/a", new byte[] {2}));
    CrdtPage page = CrdtPage.of(3, 4, one);
    assertEquals(page, CrdtPage.of(3, 4, new ArrayList<>(one)));
    assertEquals(page.hashCode(), CrdtPage.of(3, 4, one).hashCode());
    assertNotEquals(page, CrdtPage.of(2, 4, one));
    assertNotEquals(page, CrdtPage.of(3, 5, one));
    assertNotEquals(page, CrdtPage.of(3, 4, other), "same numbers, other bytes");
    assertNotEquals(page.hashCode(), CrdtPage.of(3, 5, one).hashCode());
    assertNotEquals(page.hashCode(), CrdtPage.of(4, 4, one).hashCode());
    assertNotEquals(page, (Object) "page");
    assertArrayEquals(page.bytes(), CrdtPage.of(3, 4, one).bytes());
    assertEquals("CrdtPage[run=3, version=4, " + page.bytes().length + " bytes]", page.toString());
  }

  private static <T> T assertThrowsNothing(ThrowingSupplier<T> supplier) {
    try {
      return supplier.get();
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  private interface ThrowingSupplier<T> {
    T get() throws IOException;
  }

  private static byte[] deflate(byte[] plain) {
    Deflater deflater = new Deflater();
    deflater.setInput(plain);
    deflater.finish();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] chunk = new byte[8192];
    while (!deflater.finished()) {
      out.write(chunk, 0, deflater.deflate(chunk));
    }
    deflater.end();
    return out.toByteArray();
  }
}
