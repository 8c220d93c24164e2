/**
 * Eigenvalues and leading eigenvectors of a real symmetric matrix, fast enough for 784x784 in
 * plain JavaScript (about a second): Householder reduction to tridiagonal form (4/3 n^3 flops,
 * row-major so inner loops are contiguous), all eigenvalues of the tridiagonal matrix by implicit
 * QL (O(n^2)), then only the wanted eigenvectors by inverse iteration on the tridiagonal matrix
 * and back-transformation (O(n^2) each). Accumulating every eigenvector in QL (as JAMA/ml-matrix
 * do) costs ~6 n^3 and took 20 s here, which is why this exists.
 */

export interface SymmetricEigen {
  /** All eigenvalues, descending. */
  values: Float64Array;
  /** The first `count` eigenvectors (count x n, row-major, unit rows), in the order of `values`. */
  vectors: Float64Array;
  count: number;
}

/** `matrix` is n x n row-major and symmetric; it is not modified. */
export function symmetricEigen(matrix: Float64Array, n: number, count: number): SymmetricEigen {
  if (matrix.length !== n * n) throw new Error(`symmetricEigen: a ${n}x${n} matrix needs ${n * n} values, found ${matrix.length}`);
  if (!Number.isInteger(count) || count < 0 || count > n) throw new Error(`symmetricEigen: count must be from 0 to ${n}, got ${count}`);
  const { diagonal, offDiagonal, reflectors } = tridiagonalize(matrix, n);
  const ascending = tridiagonalEigenvalues(diagonal, offDiagonal);
  const values = Float64Array.from(ascending).reverse();
  const vectors = new Float64Array(count * n);
  const scale = Math.max(1e-300, Math.abs(values[0]!), Math.abs(values[n - 1]!));
  for (let i = 0; i < count; i++) {
    const y = inverseIteration(diagonal, offDiagonal, values[i]!, scale, i);
    // Vectors of (nearly) equal eigenvalues are not determined individually: keep them orthogonal.
    for (let j = i - 1; j >= 0 && Math.abs(values[j]! - values[i]!) < 1e-6 * scale; j--) {
      orthogonalize(y, vectors.subarray(j * n, (j + 1) * n), reflectors, n);
    }
    applyReflectors(reflectors, y, n);
    normalize(y);
    vectors.set(y, i * n);
  }
  return { values, vectors, count };
}

interface Tridiagonal {
  diagonal: Float64Array;
  /** offDiagonal[i] couples i and i + 1 (length n - 1). */
  offDiagonal: Float64Array;
  /** Unit Householder vectors v_k acting on indices k+1..n-1 (stored full length, zeros before). */
  reflectors: Float64Array[];
}

function tridiagonalize(matrix: Float64Array, n: number): Tridiagonal {
  const a = Float64Array.from(matrix);
  const diagonal = new Float64Array(n);
  const offDiagonal = new Float64Array(Math.max(0, n - 1));
  const reflectors: Float64Array[] = [];
  const p = new Float64Array(n);
  for (let k = 0; k < n - 2; k++) {
    const row = k * n;
    let norm = 0;
    for (let j = k + 1; j < n; j++) norm += a[row + j]! ** 2;
    norm = Math.sqrt(norm);
    diagonal[k] = a[row + k]!;
    const x0 = a[row + k + 1]!;
    const alpha = x0 > 0 ? -norm : norm;
    const v = new Float64Array(n);
    for (let j = k + 1; j < n; j++) v[j] = a[row + j]!;
    v[k + 1] = x0 - alpha;
    let vNorm = 0;
    for (let j = k + 1; j < n; j++) vNorm += v[j]! ** 2;
    vNorm = Math.sqrt(vNorm);
    offDiagonal[k] = alpha;
    if (vNorm === 0) {
      offDiagonal[k] = x0;
      reflectors.push(v); // zero vector: the identity
      continue;
    }
    for (let j = k + 1; j < n; j++) v[j] /= vNorm;
    reflectors.push(v);
    // Trailing block S <- H S H with H = I - 2 v v^T: S - 2 v w^T - 2 w v^T, w = p - (v^T p) v, p = S v.
    // Only the upper triangle (j >= i) is read and written: half the work of the full block.
    p.fill(0, k + 1);
    for (let i = k + 1; i < n; i++) {
      const offset = i * n;
      const vi = v[i]!;
      let sum = a[offset + i]! * vi;
      for (let j = i + 1; j < n; j++) {
        const aij = a[offset + j]!;
        sum += aij * v[j]!;
        p[j] += aij * vi;
      }
      p[i] += sum;
    }
    let vp = 0;
    for (let i = k + 1; i < n; i++) vp += v[i]! * p[i]!;
    for (let i = k + 1; i < n; i++) p[i] -= vp * v[i]!;
    for (let i = k + 1; i < n; i++) {
      const offset = i * n;
      const vi2 = 2 * v[i]!;
      const wi2 = 2 * p[i]!;
      for (let j = i; j < n; j++) a[offset + j] -= vi2 * p[j]! + wi2 * v[j]!;
    }
  }
  if (n >= 2) {
    diagonal[n - 2] = a[(n - 2) * n + n - 2]!;
    offDiagonal[n - 2] = a[(n - 2) * n + n - 1]!;
  }
  if (n >= 1) diagonal[n - 1] = a[n * n - 1]!;
  return { diagonal, offDiagonal, reflectors };
}

/** Eigenvalues of a symmetric tridiagonal matrix by the implicit QL method (Numerical Recipes tqli), ascending. */
function tridiagonalEigenvalues(diagonal: Float64Array, offDiagonal: Float64Array): Float64Array {
  const n = diagonal.length;
  const d = Float64Array.from(diagonal);
  const e = new Float64Array(n);
  e.set(offDiagonal);
  // Off-diagonals below this are zero: relative to their neighbours, or to the whole matrix
  // (blocks of zero eigenvalues, e.g. MNIST's always-blank pixels, have no neighbour scale).
  let norm = 0;
  for (let i = 0; i < n; i++) norm = Math.max(norm, Math.abs(d[i]!) + Math.abs(e[i]!));
  const floor = Number.EPSILON * norm;
  for (let l = 0; l < n; l++) {
    let iterations = 0;
    for (;;) {
      let m = l;
      for (; m < n - 1; m++) {
        const dd = Math.abs(d[m]!) + Math.abs(d[m + 1]!);
        if (Math.abs(e[m]!) <= Number.EPSILON * dd || Math.abs(e[m]!) <= floor) break;
      }
      if (m === l) break;
      if (++iterations > 60) throw new Error('symmetricEigen: QL iteration did not converge');
      let g = (d[l + 1]! - d[l]!) / (2 * e[l]!);
      let r = Math.hypot(g, 1);
      g = d[m]! - d[l]! + e[l]! / (g + (g >= 0 ? Math.abs(r) : -Math.abs(r)));
      let s = 1;
      let c = 1;
      let p = 0;
      let i = m - 1;
      for (; i >= l; i--) {
        let f = s * e[i]!;
        const b = c * e[i]!;
        r = Math.hypot(f, g);
        e[i + 1] = r;
        if (r === 0) {
          d[i + 1]! -= p;
          e[m] = 0;
          break;
        }
        s = f / r;
        c = g / r;
        g = d[i + 1]! - p;
        r = (d[i]! - g) * s + 2 * c * b;
        p = s * r;
        d[i + 1] = g + p;
        g = c * r - b;
        f = 0;
      }
      if (r === 0 && i >= l) continue;
      d[l]! -= p;
      e[l] = g;
      e[m] = 0;
    }
  }
  return d.sort();
}

/** Eigenvector of the tridiagonal matrix for eigenvalue `lambda`: three solves of (T - mu I) y = x. */
function inverseIteration(d: Float64Array, e: Float64Array, lambda: number, scale: number, salt: number): Float64Array {
  const n = d.length;
  // A tiny shift keeps T - mu I invertible; the solve then amplifies the wanted direction enormously.
  const mu = lambda + 1e-10 * scale;
  let y: Float64Array = new Float64Array(n);
  for (let i = 0; i < n; i++) y[i] = 1 + 0.1 * Math.sin(1.7 * i + salt); // deterministic, not orthogonal to anything special
  for (let iteration = 0; iteration < 3; iteration++) {
    y = solveTridiagonal(d, e, mu, y, scale);
    normalize(y);
  }
  return y;
}

/**
 * Solves (T - mu I) x = b by Gaussian elimination with partial pivoting. The working row always
 * has two entries (columns i, i+1); a row swap gives U a second superdiagonal entry.
 */
function solveTridiagonal(d: Float64Array, e: Float64Array, mu: number, b: Float64Array, scale: number): Float64Array {
  const n = d.length;
  const tiny = 1e-14 * scale;
  const u0 = new Float64Array(n);
  const u1 = new Float64Array(n);
  const u2 = new Float64Array(n);
  const x = Float64Array.from(b);
  let a = d[0]! - mu;
  let c = n > 1 ? e[0]! : 0;
  for (let i = 0; i < n - 1; i++) {
    const sub = e[i]!;
    const next = d[i + 1]! - mu;
    const after = i + 1 < n - 1 ? e[i + 1]! : 0;
    if (Math.abs(a) >= Math.abs(sub)) {
      if (a === 0) a = tiny;
      const f = sub / a;
      u0[i] = a;
      u1[i] = c;
      u2[i] = 0;
      x[i + 1]! -= f * x[i]!;
      a = next - f * c;
      c = after;
    } else {
      const f = a / sub;
      u0[i] = sub;
      u1[i] = next;
      u2[i] = after;
      const xi = x[i]!;
      x[i] = x[i + 1]!;
      x[i + 1] = xi - f * x[i + 1]!;
      a = c - f * next;
      c = -f * after;
    }
  }
  u0[n - 1] = Math.abs(a) < tiny ? (a < 0 ? -tiny : tiny) : a;
  for (let i = n - 1; i >= 0; i--) {
    let sum = x[i]!;
    if (i < n - 1) sum -= u1[i]! * x[i + 1]!;
    if (i < n - 2) sum -= u2[i]! * x[i + 2]!;
    x[i] = sum / u0[i]!;
  }
  return x;
}

/** x <- H_0 H_1 ... H_{n-3} x: a tridiagonal eigenvector back to the original basis. */
function applyReflectors(reflectors: Float64Array[], x: Float64Array, n: number): void {
  for (let k = reflectors.length - 1; k >= 0; k--) {
    const v = reflectors[k]!;
    let dot = 0;
    for (let j = k + 1; j < n; j++) dot += v[j]! * x[j]!;
    if (dot === 0) continue;
    for (let j = k + 1; j < n; j++) x[j] -= 2 * dot * v[j]!;
  }
}

/** Removes from the tridiagonal-basis vector y its component along an already back-transformed eigenvector. */
function orthogonalize(y: Float64Array, done: Float64Array, reflectors: Float64Array[], n: number): void {
  // Bring `done` into the tridiagonal basis (apply the reflectors in reverse order: Q^T = H_{n-3} ... H_0).
  const t = Float64Array.from(done);
  for (let k = 0; k < reflectors.length; k++) {
    const v = reflectors[k]!;
    let dot = 0;
    for (let j = k + 1; j < n; j++) dot += v[j]! * t[j]!;
    if (dot === 0) continue;
    for (let j = k + 1; j < n; j++) t[j] -= 2 * dot * v[j]!;
  }
  let dot = 0;
  for (let i = 0; i < n; i++) dot += y[i]! * t[i]!;
  for (let i = 0; i < n; i++) y[i] -= dot * t[i]!;
  normalize(y);
}

function normalize(x: Float64Array): void {
  let norm = 0;
  for (let i = 0; i < x.length; i++) norm += x[i]! * x[i]!;
  norm = Math.sqrt(norm);
  if (norm === 0 || !Number.isFinite(norm)) throw new Error('symmetricEigen: inverse iteration produced a zero or non-finite vector');
  for (let i = 0; i < x.length; i++) x[i] /= norm;
}
