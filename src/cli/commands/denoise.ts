import type { Command } from 'commander';
import { Option } from 'commander';
import { denoiseSamples, denoisingFigure } from '../../applications/denoising.js';
import { NOISE_KINDS, type NoiseKind } from '../../models/variants/corruption.js';
import { datasetSamples } from '../../data/samples.js';
import { writeFigure } from '../../viz/index.js';
import { addDataOptions, addEngineOptions, addJsonOption, addModelOption, addOutOption, addSeedOption, parseInteger, parseNumber, type DataOptions, type EngineOptions, type JsonOption } from '../options.js';
import { commandOutput } from '../output.js';
import { UsageError } from '../errors.js';
import { loadModelArg, startEngine } from '../context.js';
import { loadSplit } from '../../data/splits.js';

interface DenoiseOptions extends DataOptions, EngineOptions, JsonOption {
  model: string;
  noise: NoiseKind;
  noiseLevel: number;
  out: string;
  count: number;
  seed: number;
}

export function registerDenoiseCommand(program: Command): void {
  const command = program
    .command('denoise')
    .description('corrupt test images, reconstruct them with a trained model, write a noisy / denoised / clean grid and print PSNR')
    .addOption(new Option('--noise <kind>', 'corruption').choices([...NOISE_KINDS]).default('gaussian'))
    .option('--noise-level <x>', 'gaussian: sigma; salt-pepper and masking: fraction of pixels', parseNumber('--noise-level', 0), 0.5)
    .option('--count <n>', 'images in the grid', parseInteger('--count', 1, 100), 10)
  addModelOption(command);
  addOutOption(command, 'the noisy / denoised / clean figure (.png, or .svg)', { required: true });
  addSeedOption(command, 'the noise', 0);
  addJsonOption(addEngineOptions(addDataOptions(command)))
    .addHelpText('after', '\nExamples:\n  aekit denoise --model runs/my-run --noise gaussian --noise-level 0.5 --out grid.png\n  aekit denoise --model runs/my-run/best --noise salt-pepper --noise-level 0.2 --out sp.png --limit 1000\n')
    .action(async (opts: DenoiseOptions) => {
      if (opts.noise !== 'gaussian' && opts.noiseLevel > 1) throw new UsageError(`option --noise-level: '${opts.noise}' takes a fraction from 0 to 1, got ${opts.noiseLevel}`);
      const output = commandOutput(opts);
      await startEngine(opts);
      const { autoencoder } = await loadModelArg(opts.model);
      const clean = datasetSamples(await loadSplit(opts, 'test'), autoencoder.inputShape);
      const result = await denoiseSamples(autoencoder, clean, { noise: opts.noise, noiseLevel: opts.noiseLevel }, opts.seed);
      await writeFigure(opts.out, denoisingFigure(result, clean, opts.count, `${autoencoder.name}: ${opts.noise} ${opts.noiseLevel}`));
      output.result(
        { model: autoencoder.name, noise: opts.noise, noiseLevel: opts.noiseLevel, count: result.count, psnrNoisy: result.psnrNoisy, psnrDenoised: result.psnrDenoised, out: opts.out },
        `PSNR over ${result.count} test images: noisy ${result.psnrNoisy.toFixed(2)} dB, denoised ${result.psnrDenoised.toFixed(2)} dB\nwrote ${opts.out}`,
      );
    });
}
