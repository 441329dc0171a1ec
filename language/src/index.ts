/**
 * `@algo/language`: the `.algo` language — syntax tree, parser, checker, formatter and
 * the built-in catalogue. Everything other packages may use is exported from here.
 */
export type * from './ast.js';
export { SETTING_NAMES } from './ast.js';
export { childrenOf, walk, pathAt, nodeAt } from './syntax/walk.js';
export * from './timeframe.js';
export type * from './catalogue/types.js';
export { INDICATORS } from './catalogue/indicators.js';
