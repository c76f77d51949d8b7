import { z } from 'zod';
import { jurisdictionCodeSchema } from '../../core/jurisdiction.ts';
import { provisionKinds } from '../../core/statutes/schema.ts';

/** `GET /api/jurisdictions`'s answer, which the web imports as types. */

/** A pack (or screening set) that failed validation: never loaded, every problem with its place. */
export const invalidPackView = z.object({
  name: z.string(),
  code: jurisdictionCodeSchema
    .nullable()
    .describe(
      'the jurisdiction the pack was for (its directory read as a code); null for a screening set',
    ),
  errors: z
    .array(z.object({ file: z.string(), line: z.number(), column: z.number(), reason: z.string() }))
    .readonly(),
});

/** A loaded statute pack and its provisions. */
export const jurisdictionView = z.object({
  code: jurisdictionCodeSchema,
  name: z.string(),
  iso3166: z.object({ alpha2: z.string(), alpha3: z.string(), numeric: z.string() }),
  unodcName: z.string(),
  coverage: z.object({ from: z.string(), to: z.string() }),
  provisions: z
    .array(
      z.object({
        id: z.string(),
        article: z.string(),
        title: z.string(),
        kind: z.enum(provisionKinds),
      }),
    )
    .readonly(),
});

/** The loaded packs, and the packs refused as invalid. */
export const jurisdictionsView = z.object({
  jurisdictions: z.array(jurisdictionView).readonly(),
  invalid: z.array(invalidPackView).readonly(),
});
export type JurisdictionView = z.infer<typeof jurisdictionView>;
export type InvalidPackView = z.infer<typeof invalidPackView>;
export type JurisdictionsView = z.infer<typeof jurisdictionsView>;
