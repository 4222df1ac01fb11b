/**
 * Telemetry beside every trial: where the host's CPU time went (/proc/stat), pressure stall
 * information (/proc/pressure), context switches and available memory, each guest's CPU, memory
 * and I/O seen from outside (an LXC guest's cgroup, a QEMU guest's process), and a guest kernel's
 * own /proc/stat read over its transport. Samples go to a JSON-lines file per cell; each trial's
 * measured window is summarized into the results.
 */
package org.virtbench.runner.telemetry;
