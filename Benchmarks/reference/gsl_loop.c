/* Reference loop for `apmrisk bench`: the same gsl_ran_* calls with the same parameters, in a plain C loop on
 * one thread, so apmrisk's single-thread sampling path can be compared with what GSL itself allows.
 *
 * Build and run (Benchmarks/compare.sh does this):
 *   cc -O2 -o gsl_loop gsl_loop.c $(pkg-config --cflags --libs gsl)
 *   ./gsl_loop SECONDS [GENERATOR]
 * Prints one JSON object: {"family": variates_per_second, ...}.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <math.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_randist.h>

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec * 1e-9;
}

/* One plain loop per family, so the C side pays no dispatch at all: the strongest baseline. */
#define LOOP(name, expr)                                                         \
    static long name(gsl_rng *r, double span, double *sink, double *secs) {      \
        long drawn = 0;                                                          \
        double start = now(), end, s = 0;                                        \
        do {                                                                     \
            for (int i = 0; i < 4096; i++) s += (expr);                          \
            drawn += 4096;                                                       \
        } while ((end = now()) - start < span);                                  \
        *sink += s;                                                              \
        *secs = end - start;                                                     \
        return drawn;                                                            \
    }

LOOP(loop_lognormal, exp(6.5 + 0.8 * gsl_ran_gaussian_ziggurat(r, 1)))
LOOP(loop_gamma, gsl_ran_gamma(r, 4, 250))
LOOP(loop_weibull, gsl_ran_weibull(r, 1000, 1.5))
LOOP(loop_pareto, gsl_ran_pareto(r, 3, 600))
LOOP(loop_exponential, gsl_ran_exponential(r, 1000))
LOOP(loop_normal, 1 + gsl_ran_gaussian_ziggurat(r, 0.05))
LOOP(loop_poisson, (double)gsl_ran_poisson(r, 4))
LOOP(loop_negative_binomial, (double)gsl_ran_negative_binomial(r, 0.5, 4))

static long (*loops[])(gsl_rng *, double, double *, double *) = {loop_lognormal, loop_gamma, loop_weibull, loop_pareto, loop_exponential,
                                                                 loop_normal, loop_poisson, loop_negative_binomial};

static const char *names[] = {"lognormal", "gamma", "weibull", "pareto", "exponential", "normal", "poisson",
                              "negative_binomial"};

int main(int argc, char **argv) {
    double seconds = argc > 1 ? atof(argv[1]) : 1.0;
    const char *generator = argc > 2 ? argv[2] : "taus2";
    const gsl_rng_type **t = gsl_rng_types_setup(), *type = NULL;
    for (; *t != NULL; t++) if (strcmp((*t)->name, generator) == 0) type = *t;
    if (type == NULL || seconds <= 0) { fprintf(stderr, "usage: gsl_loop SECONDS [GENERATOR]\n"); return 2; }
    gsl_rng *r = gsl_rng_alloc(type);
    gsl_rng_set(r, 12345);
    printf("{");
    for (int f = 0; f < 8; f++) {
        double sink = 0, secs = 0;
        loops[f](r, seconds / 10, &sink, &secs);                 /* warm-up */
        long drawn = loops[f](r, seconds, &sink, &secs);
        printf("%s\"%s\": %.6e", f ? ", " : "", names[f], drawn / secs);
        if (sink == 42.0) fprintf(stderr, " ");                   /* keep the draws observable */
    }
    printf("}\n");
    gsl_rng_free(r);
    return 0;
}
