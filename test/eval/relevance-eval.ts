import { updateSplit } from './split-relevance-corpus';

const args = process.argv.slice(2);
if (args.includes('--split')) updateSplit();
