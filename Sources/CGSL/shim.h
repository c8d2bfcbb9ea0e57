#ifndef APMRISK_CGSL_SHIM_H
#define APMRISK_CGSL_SHIM_H

#include <string.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_sf_gamma.h>
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

/// The GSL library version, as the library (not the header) reports it.
static inline const char *apm_gsl_version(void) { return gsl_version; }

#endif
