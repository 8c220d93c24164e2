/**
 * How much a reader takes in before it refuses a file, checked from headers and sizes before
 * anything large is allocated, so that a hostile or corrupt file is refused in bounded memory.
 * The limits sit well above the builtin datasets (MNIST's training split holds 47 million pixels)
 * and are listed in the README's Limits section.
 */
export const DATA_LIMITS = {
  /** Values one loaded split may hold, all samples together (256 MB as float32); --limit takes fewer. */
  datasetValues: 1 << 26,
  /** Values of one sample: height x width x channels, or a row's length. */
  sampleValues: 1 << 20,
  /** Pixels of one image file, read from its header before it is decoded (4096 x 4096). */
  imagePixels: 1 << 24,
  /** Bytes of values an IDX header may declare. */
  idxPayloadBytes: 1 << 30,
  /** Bytes of a .npy header (numpy itself refuses more than 10,000 by default). */
  npyHeaderBytes: 1 << 16,
  /**
   * Characters of one CSV line or record, refused before the parser splits it into cells (a row
   * of the largest sample, 1,048,576 values, at up to 16 characters each), so a line of a billion
   * empty cells or one endless quoted field is refused in bounded memory.
   */
  csvRecordChars: 1 << 24,
} as const;

const count = (n: number) => n.toLocaleString('en-US');

/** Refuses a split of `samples` samples of `sampleValues` values each beyond the limits, before it is allocated. */
export function checkDatasetSize(what: string, samples: number, sampleValues: number, sampleShape: string): void {
  if (sampleValues > DATA_LIMITS.sampleValues) {
    throw new Error(`${what}: one sample (${sampleShape}) holds ${count(sampleValues)} values; at most ${count(DATA_LIMITS.sampleValues)} are allowed`);
  }
  if (samples * sampleValues > DATA_LIMITS.datasetValues) {
    throw new Error(`${what}: ${count(samples)} samples of ${sampleShape} hold ${count(samples * sampleValues)} values; at most ${count(DATA_LIMITS.datasetValues)} are read at once (take fewer with --limit)`);
  }
}
