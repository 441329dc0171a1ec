/**
 * The reference interpreter: json-rules-engine running a graph's rules as compiled, with
 * the operator definitions every other evaluator is held to.
 */
export { createReferenceEngine, type ReferenceEngine, type ReferenceEvent } from './engine.js';
export { factNeeds, toRuntimeFacts, paramFacts, type BarFacts, type FactNeeds } from './facts.js';
export { OPERATOR_FUNCTIONS, type FactPair, type FactScalar } from './operators.js';
