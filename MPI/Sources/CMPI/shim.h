// The few MPI calls apmrisk-mpi makes, as inline functions: Open MPI's MPI_COMM_WORLD, MPI_BYTE and
// MPI_INT64_T are macros over its internal globals, which Swift cannot import.
#include <mpi.h>
#include <stdint.h>

static inline int apm_mpi_init(void) { return MPI_Init(NULL, NULL); }
static inline int apm_mpi_finalize(void) { return MPI_Finalize(); }
static inline int apm_mpi_abort(int code) { return MPI_Abort(MPI_COMM_WORLD, code); }
static inline int apm_mpi_rank(int *rank) { return MPI_Comm_rank(MPI_COMM_WORLD, rank); }
static inline int apm_mpi_size(int *size) { return MPI_Comm_size(MPI_COMM_WORLD, size); }
static inline int apm_mpi_success(void) { return MPI_SUCCESS; }

/// Sends `count` (≤ INT_MAX) bytes to rank `to` with tag `tag`.
static inline int apm_mpi_send_bytes(const void *bytes, int count, int to, int tag) {
    return MPI_Send(bytes, count, MPI_BYTE, to, tag, MPI_COMM_WORLD);
}
/// Receives `count` (≤ INT_MAX) bytes from rank `from` with tag `tag`.
static inline int apm_mpi_recv_bytes(void *bytes, int count, int from, int tag) {
    return MPI_Recv(bytes, count, MPI_BYTE, from, tag, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
}
/// Sends one 64-bit whole number.
static inline int apm_mpi_send_int64(int64_t value, int to, int tag) {
    return MPI_Send(&value, 1, MPI_INT64_T, to, tag, MPI_COMM_WORLD);
}
static inline int apm_mpi_recv_int64(int64_t *value, int from, int tag) {
    return MPI_Recv(value, 1, MPI_INT64_T, from, tag, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
}
/// Waits for every rank.
static inline int apm_mpi_barrier(void) { return MPI_Barrier(MPI_COMM_WORLD); }
