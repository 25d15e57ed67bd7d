/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.registry.cluster.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorRefResolver;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.remote.RemoteActorRef;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.pekkomcp.registry.cluster.ClusterNodes;
import org.pekkomcp.registry.cluster.TestActors;

/** Refs read back through the shared-path resolver are the refs Pekko's resolver gives, with less heap. */
class SharedPathResolverTest {

  @RegisterExtension
  static final ClusterNodes nodes = ClusterNodes.of("shared-paths", 2, "");

  @Test
  void remoteRefsUnderOneParentShareItsPathAndEqualPekkosOwn() {
    ActorRef<Object> first = TestActors.spawn(nodes.system(1), "shared-a");
    ActorRef<Object> second = TestActors.spawn(nodes.system(1), "shared-b");
    ActorRefResolver remoteSide = ActorRefResolver.get(nodes.system(1));
    ActorRefResolver pekko = ActorRefResolver.get(nodes.system(0));
    SharedPathResolver resolver = new SharedPathResolver((ExtendedActorSystem) Adapter.toClassic(nodes.system(0)));

    ActorRef<?> a = resolver.resolve(remoteSide.toSerializationFormat(first));
    ActorRef<?> b = resolver.resolve(remoteSide.toSerializationFormat(second));
    assertEquals(pekko.resolveActorRef(remoteSide.toSerializationFormat(first)), a);
    assertEquals(pekko.resolveActorRef(remoteSide.toSerializationFormat(second)), b);
    assertNotEquals(a, b);
    assertEquals(first.path().uid(), a.path().uid());
    assertInstanceOf(RemoteActorRef.class, Adapter.toClassic(a));
    assertSame(a.path().parent(), b.path().parent(), "one parent path for both");
    assertSame(a.path().address(), b.path().address(), "one address for both");
  }

  @Test
  void aLocalRefResolvesToTheLiveActorOnlyWhileItsIncarnationLives() {
    ActorRef<Object> local = TestActors.spawn(nodes.system(0), "shared-local");
    String serialized = ActorRefResolver.get(nodes.system(0)).toSerializationFormat(local);
    SharedPathResolver resolver = new SharedPathResolver((ExtendedActorSystem) Adapter.toClassic(nodes.system(0)));

    assertSame(Adapter.toClassic(local), Adapter.toClassic(resolver.resolve(serialized)));
    String otherIncarnation = serialized.substring(0, serialized.lastIndexOf('#') + 1) + (local.path().uid() + 1);
    assertNotEquals(local, resolver.resolve(otherIncarnation));
  }

  @Test
  void stringsOfAnotherShapeGoToPekkosResolver() {
    SharedPathResolver resolver = new SharedPathResolver((ExtendedActorSystem) Adapter.toClassic(nodes.system(0)));
    ActorRefResolver pekko = ActorRefResolver.get(nodes.system(0));
    String withoutUid = nodes.system(1).address() + "/user/no-uid";
    assertEquals(pekko.resolveActorRef(withoutUid), resolver.resolve(withoutUid));
    String deadLetters = ActorRefResolver.get(nodes.system(1)).toSerializationFormat(nodes.system(1).deadLetters());
    assertEquals(pekko.resolveActorRef(deadLetters), resolver.resolve(deadLetters));
  }

  @Test
  void refsWrittenRelativeToTheirNodeReadBackAsPekkosOwn() {
    ActorRef<Object> first = TestActors.spawn(nodes.system(1), "relative-a");
    ActorRef<Object> second = TestActors.spawn(nodes.system(1), "relative-b");
    String full = ActorRefResolver.get(nodes.system(1)).toSerializationFormat(first);
    SharedPathResolver remoteSide = new SharedPathResolver((ExtendedActorSystem) Adapter.toClassic(nodes.system(1)));
    SharedPathResolver reader = new SharedPathResolver((ExtendedActorSystem) Adapter.toClassic(nodes.system(0)));
    org.apache.pekko.actor.Address node1 = nodes.system(1).address();

    String relative = remoteSide.pathAt(first, node1).orElseThrow();
    assertEquals(full.substring(node1.toString().length()), relative, "Pekko's form without the address");
    assertEquals(java.util.Optional.empty(), remoteSide.pathAt(first, nodes.system(0).address()), "not at another node");

    ActorRef<?> a = reader.resolveAt(node1, relative);
    ActorRef<?> b = reader.resolveAt(node1, remoteSide.pathAt(second, node1).orElseThrow());
    assertEquals(ActorRefResolver.get(nodes.system(0)).resolveActorRef(full), a);
    assertEquals(first.path().uid(), a.path().uid());
    assertInstanceOf(RemoteActorRef.class, Adapter.toClassic(a));
    assertSame(a.path().parent(), b.path().parent(), "one parent path for both");
    assertEquals(relative, reader.pathAt(a, node1).orElseThrow(), "the reader writes it back alike");
  }

  @Test
  void aRefsRelativePathIsBuiltOnceAndStillOnlyForItsOwnNode() {
    ActorRef<Object> local = TestActors.spawn(nodes.system(0), "relative-kept");
    ActorRef<Object> other = TestActors.spawn(nodes.system(0), "relative-other");
    SharedPathResolver resolver = new SharedPathResolver((ExtendedActorSystem) Adapter.toClassic(nodes.system(0)));
    org.apache.pekko.actor.Address node0 = nodes.system(0).address();

    String first = resolver.pathAt(local, node0).orElseThrow();
    assertSame(first, resolver.pathAt(local, node0).orElseThrow(), "kept, not built again");
    assertEquals(java.util.Optional.empty(), resolver.pathAt(local, nodes.system(1).address()), "not at another node, kept or not");
    String otherPath = resolver.pathAt(other, node0).orElseThrow();
    assertNotEquals(first, otherPath);
    assertEquals("/system/relative-other#" + other.path().uid(), otherPath);
  }

  @Test
  void aLocalRefWrittenRelativeToItsOwnNodeReadsBackAsTheLiveActor() {
    ActorRef<Object> local = TestActors.spawn(nodes.system(0), "relative-local");
    SharedPathResolver resolver = new SharedPathResolver((ExtendedActorSystem) Adapter.toClassic(nodes.system(0)));
    String relative = resolver.pathAt(local, nodes.system(0).address()).orElseThrow();
    assertSame(Adapter.toClassic(local), Adapter.toClassic(resolver.resolveAt(nodes.system(0).address(), relative)));
  }
}
