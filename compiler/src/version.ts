/** The compiler's package name, written into every graph's `compiler.name`. */
export const COMPILER_NAME = '@algo/compiler';

/**
 * The compiler's version, written into every graph's `compiler.version`, so a backtest or
 * a live run can always name the exact code that produced its rules. Kept equal to
 * compiler/package.json's version (a test checks).
 */
export const COMPILER_VERSION = '0.1.0';
