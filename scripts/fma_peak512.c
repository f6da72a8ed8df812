// Peak fp32 FMA throughput with 512-bit AVX-512 vectors, for machines that have them (the reference
// peak program, ../shared/peers/peak/fma_peak.c, measures 256-bit AVX2). 16 independent accumulator
// chains per thread hide the FMA latency. Build: gcc -O2 -mavx512f -fopenmp fma_peak512.c -o fma_peak512
#include <immintrin.h>
#include <omp.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#define CHAINS 16

static double seconds(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + 1e-9 * t.tv_nsec;
}

__attribute__((noinline)) static float chains(long iterations) {
    __m512 acc[CHAINS];
    __m512 scale = _mm512_set1_ps(0.9999999f), add = _mm512_set1_ps(1e-7f);
    for (int i = 0; i < CHAINS; i++) acc[i] = _mm512_set1_ps((float) i);
    for (long n = 0; n < iterations; n++) {
#pragma GCC unroll 16
        for (int i = 0; i < CHAINS; i++) acc[i] = _mm512_fmadd_ps(acc[i], scale, add);
    }
    __m512 sum = acc[0];
    for (int i = 1; i < CHAINS; i++) sum = _mm512_add_ps(sum, acc[i]);
    return _mm512_reduce_add_ps(sum);
}

int main(int argc, char **argv) {
    int threads = argc > 1 ? atoi(argv[1]) : 1;
    long iterations = 100000000L;
    omp_set_num_threads(threads);
    for (int rep = 0; rep < 3; rep++) {
        double t0 = seconds(), sink = 0;
#pragma omp parallel reduction(+ : sink)
        { sink += chains(iterations); }
        double t = seconds() - t0;
        double flops = 2.0 * 16 * CHAINS * (double) iterations * threads;
        printf("threads=%d fp32-avx512: %.1f GFLOP/s sink=%g\n", threads, flops / t / 1e9, sink);
    }
    return 0;
}
