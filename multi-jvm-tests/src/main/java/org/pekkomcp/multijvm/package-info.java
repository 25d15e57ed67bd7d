/**
 * The node process the multi-JVM tests start (one cluster node per JVM, driven by commands on stdin)
 * and what it records. Not published.
 */
package org.pekkomcp.multijvm;
