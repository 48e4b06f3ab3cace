/** The {@code verify} command line. */
package io.netverify.cli;
