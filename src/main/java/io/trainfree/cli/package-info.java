/**
 * The {@code trainfree} command line (picocli): {@link io.trainfree.cli.Main} and one command class per verb
 * ({@code data}, {@code bench}, {@code proxies}, {@code robot}, {@code kernel}). It is the edge of the project: it
 * may import every other package, parses flags into the library's values, renders the library's return values and
 * listener events as text, and adds to the library's error messages the flag that fixes them. Exit codes: 0 done,
 * 1 the work failed (a message says why), 2 a usage error.
 */
package io.trainfree.cli;
