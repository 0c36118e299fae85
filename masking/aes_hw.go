//go:build !purego && (amd64 || arm64 || s390x || ppc64le)

package masking

import "golang.org/x/sys/cpu"

// hardwareAES reports whether crypto/aes runs on constant-time AES
// instructions on this CPU.
var hardwareAES = cpu.X86.HasAES && cpu.X86.HasPCLMULQDQ || cpu.ARM64.HasAES || cpu.S390X.HasAES || cpu.PPC64.IsPOWER8
