/**
 * A Jupyter kernel for Java on jupyter-jvm-basekernel (the base of IJava), evaluating cells with JShell in the
 * kernel's own JVM so that values come back as objects and render as tables and charts; and its installer
 * ({@code trainfree kernel install}). Nothing in the library depends on this package.
 */
package io.trainfree.kernel;
