// Cross-check harness for package threshold (not run by go test; see
// README.md): reads lines "vkhex muhex sighex" (kappa = 128) and runs the C
// reference's thrc_decode_vk, thrc_decode_sig and thrc_verify on each; with
// an argument, the decoder gets one spare byte of buffer. Prints OK/FAIL per
// line and a summary on stderr.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "thrc_core.h"
#include "thrc_serial.h"

static int unhex(uint8_t *out, const char *s) {
    int n = strlen(s) / 2;
    for (int i = 0; i < n; i++) { unsigned x; sscanf(s + 2*i, "%2x", &x); out[i] = x; }
    return n;
}

int main(int argc, char **argv) {
    static char line[200000];
    static uint8_t vkb[8000], mu[64], sig[40000];
    static thrc_vk_t vk; static thrc_sig_t s;
    int ok = 0, fail = 0;
    int padded = argc > 1; // also try with one extra zero byte of buffer
    while (fgets(line, sizeof line, stdin)) {
        char *a = strtok(line, " \n"), *b = strtok(NULL, " \n"), *c = strtok(NULL, " \n");
        if (!a || !b || !c) continue;
        unhex(vkb, a); unhex(mu, b); int sl = unhex(sig, c);
        thrc_decode_vk(&vk, vkb, &par_thrc128);
        size_t r = thrc_decode_sig(&s, sig, sl + (padded ? 1 : 0), &par_thrc128);
        int good = r != 0 && thrc_verify(&vk, mu, &s, &par_thrc128);
        if (good) ok++; else fail++;
        printf("%s %zu %d\n", good ? "OK" : "FAIL", r, sl);
    }
    fprintf(stderr, "ok=%d fail=%d\n", ok, fail);
    return 0;
}
