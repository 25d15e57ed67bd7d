/**
 * JMH benchmarks of the registry's reads and writes; run by {@code ./benchmarks}, never by {@code mvn verify}.
 * Not published.
 */
package org.pekkomcp.bench;
