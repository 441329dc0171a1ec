import { expect, it } from 'vitest';
import { differentialOnExamples, EXAMPLES } from './helpers/examples.js';

it('has examples to check', () => expect(EXAMPLES.length).toBeGreaterThan(5));
differentialOnExamples(EXAMPLES.filter((_, i) => i % 2 === 0));
