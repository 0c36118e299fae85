// Package cttest holds the valgrind-based constant-time check of the
// signing code (see cttest_test.go and SECURITY.md): instruction counts per
// call of every function that handles secrets must not depend on the key.
package cttest
