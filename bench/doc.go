// Package bench holds the module's benchmarks: key generation, signing and
// verification for every Raccoon parameter set. The same code builds into a
// standalone program for ARM boards (see README.md in this directory).
package bench
