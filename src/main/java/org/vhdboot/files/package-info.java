/**
 * The files vhdboot keeps beside its images and in the folders it writes (locks, logs, scripts, part files,
 * temporaries), opened only when they are regular files or absent. The lowest floor: it uses nothing of vhdboot.
 */
package org.vhdboot.files;
