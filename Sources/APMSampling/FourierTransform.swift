import CGSL
import APMSupport

/// The discrete Fourier transform of a real sequence whose length is a power of two, by GSL's radix-2 real FFT
/// (`gsl_fft_real_radix2_transform`, `gsl_fft_halfcomplex_radix2_inverse`). `apmrisk exact` convolves
/// probability mass functions on a lattice with it: the transform of an n-fold sum is the n-th power of the
/// transform, and the sum is read back modulo the length (circular convolution).
///
/// The spectrum is kept in GSL's half-complex layout; callers see it only through `Spectrum` (complex
/// coefficients by index), never a pointer.
package struct Spectrum: Sendable {
    /// Half-complex coefficients: re(0), re(1) … re(n/2), im(n/2 − 1) … im(1).
    package var data: [Double]

    package var count: Int { data.count }

    /// The forward transform of `values` (length a power of two, at least 2), Σⱼ xⱼ·e^(−2πi·jk/n).
    package init(transforming values: [Double]) throws {
        precondition(values.count >= 2 && values.count & (values.count - 1) == 0, "length must be a power of two")
        GSL.prepare()
        data = values
        let n = data.count
        let status = data.withUnsafeMutableBufferPointer { gsl_fft_real_radix2_transform($0.baseAddress!, 1, n) }
        guard status == GSL_SUCCESS else {
            throw ModelError(field: "fft", rule: "GSL's real FFT failed (status \(status)) on \(n) points")
        }
    }

    /// The inverse transform, normalised (1/n): the sequence whose transform this is.
    package func inverse() throws -> [Double] {
        var x = data
        let n = x.count
        let status = x.withUnsafeMutableBufferPointer { gsl_fft_halfcomplex_radix2_inverse($0.baseAddress!, 1, n) }
        guard status == GSL_SUCCESS else {
            throw ModelError(field: "fft", rule: "GSL's inverse FFT failed (status \(status)) on \(n) points")
        }
        return x
    }

    /// Every coefficient replaced by `f(re, im)`, for k = 0 … n/2 (the rest are their conjugates). `f` must map
    /// the real coefficients k = 0 and k = n/2 to real ones (a power or a probability generating function does).
    package func mapped(_ f: (Double, Double) -> (Double, Double)) -> Spectrum {
        var out = self
        let n = data.count, half = n / 2
        out.data[0] = f(data[0], 0).0
        out.data[half] = f(data[half], 0).0
        for k in 1..<half {
            let (re, im) = f(data[k], data[n - k])
            out.data[k] = re
            out.data[n - k] = im
        }
        return out
    }

    /// The coefficient-wise product with `other` (the transform of the circular convolution).
    package func multiplied(by other: Spectrum) -> Spectrum {
        precondition(other.count == count)
        var out = self
        let n = data.count, half = n / 2
        out.data[0] = data[0] * other.data[0]
        out.data[half] = data[half] * other.data[half]
        for k in 1..<half {
            let (a, b, c, d) = (data[k], data[n - k], other.data[k], other.data[n - k])
            out.data[k] = a * c - b * d
            out.data[n - k] = a * d + b * c
        }
        return out
    }
}
