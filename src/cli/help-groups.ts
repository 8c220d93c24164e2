/**
 * How `aekit --help` groups the commands, by what a user wants to do. A command missing here is
 * listed under OTHER_GROUP, and the vocabulary test names it so it gets a group.
 */
export const HELP_GROUPS: Record<string, string> = {
  demo: 'Start here:',
  info: 'Start here:',
  summary: 'Start here:',
  'pca-demo': 'Start here:',
  train: 'Train and inspect a run:',
  report: 'Train and inspect a run:',
  serve: 'Train and inspect a run:',
  evaluate: 'Train and inspect a run:',
  reconstruct: 'Train and inspect a run:',
  encode: 'Use a trained model:',
  detect: 'Use a trained model:',
  denoise: 'Use a trained model:',
  generate: 'Use a trained model:',
  export: 'Exchange models with other tools:',
  import: 'Exchange models with other tools:',
  score: 'Exchange models with other tools:',
};

export const OTHER_GROUP = 'Other commands:';
