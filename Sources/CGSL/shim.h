#ifndef APMRISK_CGSL_SHIM_H
#define APMRISK_CGSL_SHIM_H

#include <stdint.h>
#include <string.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_integration.h>
#include <gsl/gsl_roots.h>
#include <gsl/gsl_sf_psi.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_sf_gamma.h>
#include <gsl/gsl_fft_real.h>
#include <gsl/gsl_fft_halfcomplex.h>
#include <gsl/gsl_version.h>

/// The generator type GSL registers under `name` (e.g. "mt19937", "taus2"), or NULL if none does.
static inline const gsl_rng_type *apm_rng_type_named(const char *name) {
    const gsl_rng_type **t = gsl_rng_types_setup();
    for (; *t != NULL; t++) {
        if (strcmp((*t)->name, name) == 0) return *t;
    }
    return NULL;
}

/// The name of the i-th generator type GSL registers, or NULL past the end.
static inline const char *apm_rng_type_name_at(int i) {
    const gsl_rng_type **t = gsl_rng_types_setup();
    for (int k = 0; t[k] != NULL; k++) {
        if (k == i) return t[k]->name;
    }
    return NULL;
}

/// splitmix64's step: advances `x` and returns a well-mixed 64-bit word (Steele, Lea & Flood 2014).
static inline uint64_t apm_splitmix64_next(uint64_t *x) {
    uint64_t z = (*x += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

/// GSL's private state layouts of the two generators whose whole state apmrisk sets from a key
/// (taus.c: `taus_state_t`; mt.c: `mt_state_t`). Both have been unchanged since GSL 1.0.
typedef struct { unsigned long int s1, s2, s3; } apm_taus_state;
typedef struct { unsigned long mt[624]; int mti; } apm_mt_state;

/// Whether `apm_rng_set_key` can key a generator of type `t`.
static inline int apm_rng_type_is_keyable(const gsl_rng_type *t) {
    return t == gsl_rng_taus2 || t == gsl_rng_mt19937;
}

/// Sets the whole state of a taus2 or mt19937 generator from a 128-bit key (`a`, `b`), instead of the 32 bits
/// `gsl_rng_set` takes. taus2: the three 32-bit components are the low and high words of `a` and the low word
/// of `b`, each raised past the minimum L'Ecuyer's recurrence needs (s1 > 1, s2 > 7, s3 > 15), as `taus_set`
/// does. mt19937: the 624 words come from two splitmix64 sequences started at `a` and `b`, XORed, and the
/// index is set so the first draw regenerates the block. Returns 0, or -1 for any other generator type.
static inline int apm_rng_set_key(gsl_rng *r, uint64_t a, uint64_t b) {
    if (r->type == gsl_rng_taus2) {
        apm_taus_state *s = (apm_taus_state *)r->state;
        unsigned long s1 = (unsigned long)(a & 0xffffffffULL), s2 = (unsigned long)(a >> 32),
                      s3 = (unsigned long)(b & 0xffffffffULL);
        s->s1 = s1 < 2 ? s1 + 2 : s1;
        s->s2 = s2 < 8 ? s2 + 8 : s2;
        s->s3 = s3 < 16 ? s3 + 16 : s3;
        return 0;
    }
    if (r->type == gsl_rng_mt19937) {
        apm_mt_state *s = (apm_mt_state *)r->state;
        uint64_t x = a, y = b;
        for (int i = 0; i < 624; i += 2) {
            uint64_t w = apm_splitmix64_next(&x) ^ apm_splitmix64_next(&y);
            s->mt[i] = (unsigned long)(w & 0xffffffffULL);
            s->mt[i + 1] = (unsigned long)(w >> 32);
        }
        s->mt[0] |= 0x80000000UL;   /* never the all-zero state */
        s->mti = 624;
        return 0;
    }
    return -1;
}

/// GSL's Brent–Dekker root-bracketing solver type (a global that Swift 6 cannot read as concurrency-safe).
static inline const gsl_root_fsolver_type *apm_root_fsolver_brent(void) { return gsl_root_fsolver_brent; }

/// The GSL library version, as the library (not the header) reports it.
static inline const char *apm_gsl_version(void) { return gsl_version; }

#endif
