/**
 * Running one external program to its end with its output captured, killed with its children when its time is
 * up: {@link org.vhdboot.process.ProcessRunner}, the one seam through which vhdboot starts programs and which
 * tests replace.
 */
package org.vhdboot.process;
