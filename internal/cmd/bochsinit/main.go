//go:build linux

// Command bochsinit is the init process of the Linux guest that
// .ci/avx512-bochs boots in Bochs, an x86 emulator whose Tiger Lake model
// has AVX-512 (the development machine and qemu-user have none). It
// reports the CPU features Go sees, runs every test binary /tests/*.test
// with the arguments in the file of the same name ending in .args (one per
// line), prints one result line per binary, and powers the guest off.
//
// Output lines for the host script:
//
//	BXCPU avx512f=… avx512vl=… avx512ifma=…
//	BXEXIT <binary> ok|FAIL <error>
//	BXDONE
package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"golang.org/x/sys/cpu"
)

func main() {
	for _, d := range []string{"/tmp", "/dev", "/proc"} {
		os.MkdirAll(d, 0o777)
	}
	// Errors are ignored: a missing mount shows up as failing tests.
	syscall.Mount("devtmpfs", "/dev", "devtmpfs", 0, "")
	syscall.Mount("proc", "/proc", "proc", 0, "")
	syscall.Mount("tmpfs", "/tmp", "tmpfs", 0, "")

	fmt.Printf("BXCPU avx512f=%v avx512vl=%v avx512ifma=%v\n",
		cpu.X86.HasAVX512F, cpu.X86.HasAVX512VL, cpu.X86.HasAVX512IFMA)
	tests, err := filepath.Glob("/tests/*.test")
	if err != nil || len(tests) == 0 {
		fmt.Printf("BXEXIT /tests FAIL no test binaries\n")
	}
	for _, t := range tests {
		var args []string
		if b, err := os.ReadFile(strings.TrimSuffix(t, ".test") + ".args"); err == nil {
			args = strings.Split(strings.TrimSpace(string(b)), "\n")
		}
		start := time.Now()
		cmd := exec.Command(t, args...)
		cmd.Stdout, cmd.Stderr = os.Stdout, os.Stdout
		cmd.Env = []string{"TMPDIR=/tmp", "HOME=/tmp"}
		if err := cmd.Run(); err != nil {
			fmt.Printf("BXEXIT %s FAIL %v (%v)\n", filepath.Base(t), err, time.Since(start))
		} else {
			fmt.Printf("BXEXIT %s ok (%v)\n", filepath.Base(t), time.Since(start))
		}
	}
	fmt.Println("BXDONE")
	syscall.Sync()
	time.Sleep(2 * time.Second) // let the serial port drain
	syscall.Reboot(syscall.LINUX_REBOOT_CMD_POWER_OFF)
	select {}
}
