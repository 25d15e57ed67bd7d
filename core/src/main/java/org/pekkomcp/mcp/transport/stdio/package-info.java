/**
 * The stdio transport: one client over the process's standard input and output.
 */
package org.pekkomcp.mcp.transport.stdio;
