// Package impl is a registry of alternative implementations of the module's
// kernels (assembly fast paths), so that tests can force each one in turn.
//
// A package with fast paths keeps one boolean per implementation, true when
// the CPU supports it, and registers it here. Its dispatch functions test the
// booleans in order of preference and fall back to the generic Go code, the
// implicit base implementation.
package impl

import (
	"slices"
	"strings"
	"sync"
)

type implementation struct {
	pkg, name string
	available bool
	toggle    *bool
}

var (
	mu  sync.Mutex
	all []implementation
)

// Register records an alternative implementation name of package pkg (a
// package name such as "ntt", without slashes). *toggle says whether the CPU
// supports it; Select and Reset write it. Call Register from init functions.
func Register(pkg, name string, toggle *bool) {
	if strings.Contains(pkg, "/") {
		panic("impl: package name must not contain slashes")
	}
	mu.Lock()
	defer mu.Unlock()
	all = append(all, implementation{pkg, name, *toggle, toggle})
}

// Packages lists the packages that registered implementations.
func Packages() []string {
	mu.Lock()
	defer mu.Unlock()
	var pkgs []string
	for _, i := range all {
		if !slices.Contains(pkgs, i.pkg) {
			pkgs = append(pkgs, i.pkg)
		}
	}
	return pkgs
}

// List returns the names of the alternative implementations of pkg, whether
// available on this CPU or not, in registration order. The base (generic)
// implementation is not included.
func List(pkg string) []string {
	mu.Lock()
	defer mu.Unlock()
	var names []string
	for _, i := range all {
		if i.pkg == pkg {
			names = append(names, i.name)
		}
	}
	return names
}

// Available reports whether implementation name of pkg runs on this CPU.
func Available(pkg, name string) bool {
	mu.Lock()
	defer mu.Unlock()
	for _, i := range all {
		if i.pkg == pkg && i.name == name {
			return i.available
		}
	}
	return false
}

// Select enables implementation name of pkg and disables the others; an
// empty name selects the base implementation. It returns false, changing
// nothing, if name is unknown or not available on this CPU.
func Select(pkg, name string) bool {
	mu.Lock()
	defer mu.Unlock()
	if name != "" {
		found := false
		for _, i := range all {
			if i.pkg == pkg && i.name == name {
				found = i.available
			}
		}
		if !found {
			return false
		}
	}
	for _, i := range all {
		if i.pkg == pkg {
			*i.toggle = i.name == name
		}
	}
	return true
}

// Reset restores the default selection of pkg: every implementation the CPU
// supports is enabled.
func Reset(pkg string) {
	mu.Lock()
	defer mu.Unlock()
	for _, i := range all {
		if i.pkg == pkg {
			*i.toggle = i.available
		}
	}
}
