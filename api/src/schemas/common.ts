import { z } from 'zod';

/**
 * Field schemas every route shares. Ids are what storage generates (UUIDs) or accepts
 * (`option_set_1`); a malformed one is a 400 naming `params.id`, a well-formed one that is
 * missing — or belongs to someone else — a 404.
 */

export const ID_PATTERN = /^[A-Za-z0-9_.:@-]{1,128}$/;
export const IdSchema = z.string().regex(ID_PATTERN, 'expected an id of 1-128 letters, digits or _ . : @ -');
export const IdParamsSchema = z.object({ id: IdSchema });

/** Timestamps go out as ISO 8601 strings (UTC). */
export const TimestampSchema = z.iso.datetime();

export function iso(d: Date): string {
  return d.toISOString();
}

export function isoOrUndefined(d: Date | undefined): string | undefined {
  return d ? d.toISOString() : undefined;
}

/** `--param k=v` values: a number, or true/false. Percent params take fractions (`0.02` for 2%). */
export const ParamsSchema = z.record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]{0,63}$/, 'a param name'), z.union([z.number().refine(Number.isFinite, 'a finite number'), z.boolean()]));

/** `.algo` source text; 500,000 characters is far more than any strategy needs. */
export const SourceSchema = z.string().min(1, 'the source is empty').max(500_000, 'a source has at most 500,000 characters');

export const OkSchema = z.object({ ok: z.literal(true) });
