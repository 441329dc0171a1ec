import { differentialOnExamples, EXAMPLES } from './helpers/examples.js';

differentialOnExamples(EXAMPLES.filter((_, i) => i % 2 === 1));
