/**
 * A small seedable PRNG (mulberry32). Training derives every random choice (shuffles, noise,
 * weight init, VAE sampling) from one of these so that a seeded run is reproducible, including
 * after a resume: each epoch gets its own stream from (seed, epoch), so no state needs saving.
 */
export class Random {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** A stream determined by a seed and any number of integers (e.g. seed, epoch). */
  static derive(seed: number, ...parts: number[]): Random {
    let h = (seed ^ 0x9e3779b9) >>> 0;
    for (const part of parts) {
      h = Math.imul(h ^ (part >>> 0), 0x85ebca6b) >>> 0;
      h = (h ^ (h >>> 13)) >>> 0;
      h = Math.imul(h, 0xc2b2ae35) >>> 0;
      h = (h ^ (h >>> 16)) >>> 0;
    }
    return new Random(h);
  }

  /** Uniform in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer seed for a tfjs random op (tf.randomNormal and friends take one). */
  nextSeed(): number {
    return Math.floor(this.next() * 2147483647);
  }

  /** Standard normal (Box-Muller). */
  normal(): number {
    let u = 0;
    while (u === 0) u = this.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * this.next());
  }

  /** A random permutation of 0..n-1 (Fisher-Yates). */
  permutation(n: number): Int32Array {
    const out = new Int32Array(n);
    for (let i = 0; i < n; i++) out[i] = i;
    for (let i = n - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      const tmp = out[i]!;
      out[i] = out[j]!;
      out[j] = tmp;
    }
    return out;
  }
}
